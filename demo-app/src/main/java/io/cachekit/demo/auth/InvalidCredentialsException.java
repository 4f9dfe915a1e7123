package io.cachekit.demo.auth;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown when a login fails; rendered as 401
 * {@code application/problem+json}.
 */
class InvalidCredentialsException extends ErrorResponseException {

	InvalidCredentialsException(String title, String detail) {
		super(HttpStatus.UNAUTHORIZED, problem(title, detail), null);
	}

	static InvalidCredentialsException badLogin() {
		return new InvalidCredentialsException("Login failed", "Unknown user name or wrong password");
	}

	private static ProblemDetail problem(String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail);
		problem.setTitle(title);
		return problem;
	}

}
