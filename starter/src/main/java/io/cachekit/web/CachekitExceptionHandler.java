package io.cachekit.web;

import io.cachekit.CachekitException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Renders any {@link CachekitException} thrown by a controller (or by a bean it calls) as
 * {@code application/problem+json}: the exception's status, title and message, plus its headers
 * such as {@code Retry-After}. Ordered ahead of application advice so a catch-all handler does
 * not turn a 429 into a 500.
 */
@RestControllerAdvice
public class CachekitExceptionHandler implements Ordered {

	/**
	 * Renders the exception.
	 * @param exception the exception
	 * @param request the request
	 * @return the problem response
	 */
	@ExceptionHandler(CachekitException.class)
	public ResponseEntity<ProblemDetail> handleCachekitException(CachekitException exception,
			HttpServletRequest request) {
		HttpHeaders headers = new HttpHeaders();
		exception.httpHeaders().forEach(headers::set);
		return ResponseEntity.status(exception.httpStatus())
			.headers(headers)
			.body(ProblemResponses.problem(exception, request.getRequestURI()));
	}

	@Override
	public int getOrder() {
		return 0;
	}

}
