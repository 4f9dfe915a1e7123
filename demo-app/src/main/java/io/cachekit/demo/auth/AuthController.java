package io.cachekit.demo.auth;

import java.time.Instant;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.logout.CompositeLogoutHandler;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfLogoutHandler;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/auth}: JSON login through Spring Security's {@link AuthenticationManager}, the current user, the
 * CSRF token, and logout of all sessions of a user through Spring Session's principal-name index ({@code POST
 * /api/auth/logout}, one session, is Spring Security's logout filter, see {@link SecurityConfiguration}).
 */
@RestController
@RequestMapping("/api/auth")
class AuthController {

	static final String DISPLAY_NAME = "displayName";

	private final AuthenticationManager authenticationManager;

	private final SessionAuthenticationStrategy sessionStrategy;

	private final SecurityContextRepository contexts;

	private final DemoUserDirectory users;

	private final FindByIndexNameSessionRepository<? extends Session> sessions;

	private final LogoutHandler logout;

	private final SecurityContextHolderStrategy contextHolder = SecurityContextHolder.getContextHolderStrategy();

	AuthController(AuthenticationManager authenticationManager, SessionAuthenticationStrategy sessionStrategy,
			SecurityContextRepository contexts, CsrfTokenRepository csrfTokens, DemoUserDirectory users,
			FindByIndexNameSessionRepository<? extends Session> sessions) {
		this.authenticationManager = authenticationManager;
		this.sessionStrategy = sessionStrategy;
		this.contexts = contexts;
		this.users = users;
		this.sessions = sessions;
		this.logout = new CompositeLogoutHandler(new CsrfLogoutHandler(csrfTokens), new SecurityContextLogoutHandler());
	}

	@PostMapping("/login")
	SessionInfo login(@Valid @RequestBody LoginRequest login, HttpServletRequest request,
			HttpServletResponse response) {
		Authentication authentication;
		try {
			authentication = this.authenticationManager
				.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(login.username(), login.password()));
		}
		catch (AuthenticationException ex) {
			throw InvalidCredentialsException.badLogin();
		}
		// a new session id (never one that existed before authentication) and a new CSRF token
		this.sessionStrategy.onAuthentication(authentication, request, response);
		SecurityContext context = this.contextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		this.contextHolder.setContext(context);
		this.contexts.saveContext(context, request, response);
		HttpSession session = request.getSession(true);
		session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, authentication.getName());
		session.setAttribute(DISPLAY_NAME, this.users.displayName(authentication.getName()));
		return info(session, authentication);
	}

	@GetMapping("/me")
	SessionInfo me(Authentication authentication, HttpServletRequest request) {
		return info(request.getSession(false), authentication);
	}

	/**
	 * The CSRF token, for clients that cannot read the {@code XSRF-TOKEN} cookie.
	 * @param token the request's token
	 * @return the header to send it in and its value
	 */
	@GetMapping("/csrf")
	Map<String, String> csrf(CsrfToken token) {
		return Map.of("headerName", token.getHeaderName(), "token", token.getToken());
	}

	@PostMapping("/logout-all")
	Map<String, Object> logoutAll(Authentication authentication, HttpServletRequest request,
			HttpServletResponse response) {
		HttpSession session = request.getSession(false);
		String current = (session != null) ? session.getId() : null;
		int revoked = 0;
		for (String id : this.sessions.findByPrincipalName(authentication.getName()).keySet()) {
			if (!id.equals(current)) {
				this.sessions.deleteById(id);
				revoked++;
			}
		}
		this.logout.logout(request, response, authentication);
		return Map.of("username", authentication.getName(), "revokedSessions", revoked + ((session != null) ? 1 : 0));
	}

	private SessionInfo info(HttpSession session, Authentication authentication) {
		String name = authentication.getName();
		if (session == null) {
			// HTTP Basic: no session
			return new SessionInfo(name, this.users.displayName(name), null, 0);
		}
		Object displayName = session.getAttribute(DISPLAY_NAME);
		return new SessionInfo(name, (displayName != null) ? displayName.toString() : this.users.displayName(name),
				Instant.ofEpochMilli(session.getCreationTime()), session.getMaxInactiveInterval());
	}

}
