package io.cachekit.web;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import io.cachekit.CachekitException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Turns a {@link CachekitException} into an RFC 9457 problem: status from
 * {@link CachekitException#httpStatus()}, its title, the message as detail and the request path as
 * instance. Used by the MVC exception handler and written directly by servlet filters.
 */
public final class ProblemResponses {

	private static final JsonMapper json = JsonMapper.builder().build();

	private ProblemResponses() {
	}

	/**
	 * The problem describing an exception.
	 * @param exception the exception
	 * @param requestPath the request's path, or {@code null}
	 * @return the problem
	 */
	public static ProblemDetail problem(CachekitException exception, String requestPath) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(exception.httpStatus()),
				exception.getMessage());
		problem.setTitle(exception.title());
		if (requestPath != null) {
			problem.setInstance(URI.create(requestPath));
		}
		return problem;
	}

	/**
	 * Writes an exception as an {@code application/problem+json} response with its headers.
	 * @param exception the exception
	 * @param request the request
	 * @param response the response, not committed yet
	 * @throws IOException if the body cannot be written
	 */
	public static void write(CachekitException exception, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		ProblemDetail problem = problem(exception, request.getRequestURI());
		response.setStatus(problem.getStatus());
		exception.httpHeaders().forEach(response::setHeader);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", (problem.getType() != null) ? problem.getType().toString() : "about:blank");
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		body.put("detail", problem.getDetail());
		if (problem.getInstance() != null) {
			body.put("instance", problem.getInstance().toString());
		}
		response.getWriter().write(json.writeValueAsString(body));
		response.getWriter().flush();
	}

}
