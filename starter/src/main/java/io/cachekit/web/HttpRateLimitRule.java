package io.cachekit.web;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.cachekit.ratelimit.RateLimitRule;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;

/**
 * A rate-limit rule of the HTTP filter: which requests it covers (path patterns, optionally HTTP
 * methods) and who they count against.
 *
 * @param rule the limit and failure policy
 * @param paths path patterns within the application, e.g. {@code /api/**}
 * @param methods HTTP methods covered, empty for all
 * @param keyResolver names the client
 */
public record HttpRateLimitRule(RateLimitRule rule, List<PathPattern> paths, Set<String> methods,
		RequestKeyResolver keyResolver) {

	/**
	 * Whether the rule covers a request.
	 * @param request the request
	 * @return {@code true} if it does
	 */
	public boolean matches(HttpServletRequest request) {
		if (!this.methods.isEmpty() && !this.methods.contains(request.getMethod().toUpperCase(Locale.ROOT))) {
			return false;
		}
		String path = request.getRequestURI();
		String contextPath = request.getContextPath();
		if (contextPath != null && !contextPath.isEmpty() && path.startsWith(contextPath)) {
			path = path.substring(contextPath.length());
		}
		PathContainer container = PathContainer.parsePath(path);
		for (PathPattern pattern : this.paths) {
			if (pattern.matches(container)) {
				return true;
			}
		}
		return false;
	}

}
