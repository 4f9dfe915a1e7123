package io.cachekit.demo.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown when a request conflicts with the current state of a resource; rendered as a 409
 * {@code application/problem+json}.
 */
public class ConflictException extends ErrorResponseException {

	/**
	 * Creates a conflict.
	 * @param title a short summary
	 * @param detail what happened and what the client can do
	 */
	public ConflictException(String title, String detail) {
		super(HttpStatus.CONFLICT, problem(title, detail), null);
	}

	private static ProblemDetail problem(String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
		problem.setTitle(title);
		return problem;
	}

}
