package io.cachekit.demo.auth;

import java.time.Instant;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/auth}: login, the current user, logout of one session and of all sessions of a user. The
 * {@code HttpSession} is a Spring Session stored in Redis, indexed by principal name.
 */
@RestController
@RequestMapping("/api/auth")
class AuthController {

	static final String DISPLAY_NAME = "displayName";

	private final DemoUserDirectory users;

	private final FindByIndexNameSessionRepository<? extends Session> sessions;

	AuthController(DemoUserDirectory users, FindByIndexNameSessionRepository<? extends Session> sessions) {
		this.users = users;
		this.sessions = sessions;
	}

	@PostMapping("/login")
	SessionInfo login(@Valid @RequestBody LoginRequest login, HttpServletRequest request) {
		String displayName = this.users.authenticate(login.username(), login.password());
		if (request.getSession(false) != null) {
			// Never keep an id that existed before authentication (session fixation).
			request.changeSessionId();
		}
		HttpSession session = request.getSession(true);
		session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, login.username());
		session.setAttribute(DISPLAY_NAME, displayName);
		return info(session);
	}

	@GetMapping("/me")
	SessionInfo me(HttpServletRequest request) {
		return info(loggedIn(request));
	}

	@PostMapping("/logout")
	ResponseEntity<Void> logout(HttpServletRequest request) {
		loggedIn(request).invalidate();
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/logout-all")
	Map<String, Object> logoutAll(HttpServletRequest request) {
		HttpSession current = loggedIn(request);
		String username = (String) current.getAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME);
		int revoked = 0;
		for (String id : this.sessions.findByPrincipalName(username).keySet()) {
			if (!id.equals(current.getId())) {
				this.sessions.deleteById(id);
				revoked++;
			}
		}
		current.invalidate();
		return Map.of("username", username, "revokedSessions", revoked + 1);
	}

	private static HttpSession loggedIn(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null
				|| session.getAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME) == null) {
			throw InvalidCredentialsException.notLoggedIn();
		}
		return session;
	}

	private static SessionInfo info(HttpSession session) {
		return new SessionInfo((String) session.getAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME),
				(String) session.getAttribute(DISPLAY_NAME), Instant.ofEpochMilli(session.getCreationTime()),
				session.getMaxInactiveInterval());
	}

}
