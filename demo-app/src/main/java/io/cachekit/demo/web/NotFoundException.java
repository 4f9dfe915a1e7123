package io.cachekit.demo.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown when a requested resource does not exist; rendered as a 404 {@code application/problem+json}.
 */
public class NotFoundException extends ErrorResponseException {

	/**
	 * Creates an exception for a missing resource.
	 * @param what the kind of resource, e.g. "Product"
	 * @param id the identifier that was asked for
	 */
	public NotFoundException(String what, Object id) {
		super(HttpStatus.NOT_FOUND, problem(what, id), null);
	}

	private static ProblemDetail problem(String what, Object id) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				what + " '" + id + "' does not exist");
		problem.setTitle(what + " not found");
		return problem;
	}

}
