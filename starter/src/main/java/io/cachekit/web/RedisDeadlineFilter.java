package io.cachekit.web;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import io.cachekit.resilience.RedisDeadline;

/**
 * Gives each HTTP request a budget of Redis waiting ({@code cachekit.resilience.request-deadline}): every
 * Redis call the request makes, through cachekit's cache, rate limits, locks or write-behind, or through
 * anything else that uses {@link RedisDeadline}, waits at most what is left of it. A hung Redis therefore
 * costs a request the budget once, not once per call. Registered first, before session and security filters.
 */
public class RedisDeadlineFilter extends OncePerRequestFilter {

	private final Duration budget;

	/**
	 * Creates the filter.
	 * @param budget the budget of each request
	 */
	public RedisDeadlineFilter(Duration budget) {
		this.budget = budget;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try (RedisDeadline.Scope scope = RedisDeadline.open(this.budget)) {
			chain.doFilter(request, response);
		}
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

}
