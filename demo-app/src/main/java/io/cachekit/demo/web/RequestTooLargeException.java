package io.cachekit.demo.web;

import java.io.IOException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Raised while reading a request body that grows past the configured limit; rendered as a 413
 * {@code application/problem+json}. An {@link IOException} so that it travels through body readers.
 */
class RequestTooLargeException extends IOException {

	private final long limit;

	RequestTooLargeException(long limit) {
		super("Request body exceeds " + limit + " bytes");
		this.limit = limit;
	}

	ProblemDetail problem() {
		return problem(this.limit);
	}

	static ProblemDetail problem(long limit) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
				"Request body must not exceed " + limit + " bytes (demo.web.max-request-size)");
		problem.setTitle("Request body too large");
		return problem;
	}

}
