package io.cachekit.demo.auth;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Component;

/**
 * Spring Security's refusals as {@code application/problem+json}, like every other error of the demo: 401
 * when a request needs a login, 403 when the login lacks the role or the CSRF token is missing or wrong.
 */
@Component
class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		write(request, response, HttpStatus.UNAUTHORIZED, "Not logged in",
				"This request needs a session: log in with POST /api/auth/login first (management endpoints also "
						+ "take HTTP Basic credentials of an admin)");
	}

	/**
	 * The same 401, with the challenge HTTP Basic clients wait for before they send credentials.
	 * @return the entry point
	 */
	AuthenticationEntryPoint withBasicChallenge() {
		return (request, response, authException) -> {
			response.setHeader("WWW-Authenticate", "Basic realm=\"cachekit demo management\"");
			commence(request, response, authException);
		};
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		if (accessDeniedException instanceof CsrfException) {
			write(request, response, HttpStatus.FORBIDDEN, "CSRF token missing or wrong",
					"A request with a session cookie that changes state must send the XSRF-TOKEN cookie's value in the "
							+ SecurityConfiguration.CSRF_HEADER + " header");
		}
		else {
			write(request, response, HttpStatus.FORBIDDEN, "Forbidden", "This request needs the ADMIN role");
		}
	}

	private static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
			String title, String detail) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", title);
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), problem);
	}

}
