package io.cachekit.demo.auth;

import java.util.List;
import java.util.Set;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;

/**
 * The demo's Spring Security setup.
 * <ul>
 * <li><b>Who may do what</b>: health is open (orchestrators probe it); every other management endpoint
 * (cache clearing and eviction, metrics, Prometheus, cache settings) needs the {@code ADMIN} role, from a
 * session login or HTTP Basic (for scrapers); {@code /api/auth/me} and {@code logout-all} need a login; the
 * rest of the API stays open, as before.</li>
 * <li><b>Login</b> is JSON ({@code POST /api/auth/login}, {@link AuthController}) against
 * {@link DemoUserDirectory}; the security context lives in the Spring Session, so in Redis, and the session id
 * changes at every login.</li>
 * <li><b>CSRF</b> applies to every unsafe request that carries a session cookie, since only those carry
 * ambient authority: the token is in the {@code XSRF-TOKEN} cookie, readable by the page, and comes back in the
 * {@code X-XSRF-TOKEN} header (the convention of Angular and axios). Requests without a session cookie carry
 * no credentials to abuse; a cross-site form cannot send the JSON the login needs.</li>
 * <li><b>Headers</b>: Spring Security's defaults (no sniffing, no framing, no caching of responses), plus
 * a content security policy that allows only the page's own scripts and styles.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
class SecurityConfiguration {

	/** The header the CSRF token is sent back in. */
	static final String CSRF_HEADER = "X-XSRF-TOKEN";

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	DemoUserDirectory demoUserDirectory(AuthProperties properties, PasswordEncoder passwordEncoder) {
		return new DemoUserDirectory(properties, passwordEncoder);
	}

	@Bean
	AuthenticationManager authenticationManager(DemoUserDirectory users, PasswordEncoder passwordEncoder) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
		provider.setPasswordEncoder(passwordEncoder);
		return new ProviderManager(provider);
	}

	@Bean
	CsrfTokenRepository csrfTokenRepository() {
		CookieCsrfTokenRepository repository = CookieCsrfTokenRepository.withHttpOnlyFalse();
		repository.setHeaderName(CSRF_HEADER);
		repository.setCookieCustomizer((cookie) -> cookie.sameSite("Lax").path("/"));
		return repository;
	}

	/**
	 * Where {@link AuthController} saves a login: the session. Only the login writes there; requests load from
	 * it through Spring Security's default repository, and HTTP Basic (for scrapers) never creates a session.
	 */
	@Bean
	SecurityContextRepository securityContextRepository() {
		return new HttpSessionSecurityContextRepository();
	}

	/** Loads the token on every request, so the cookie is there before the first unsafe request. */
	@Bean
	CsrfTokenRequestAttributeHandler csrfTokenRequestHandler() {
		CsrfTokenRequestAttributeHandler handler = new CsrfTokenRequestAttributeHandler();
		handler.setCsrfRequestAttributeName(null);
		return handler;
	}

	/** At login: a new session id (fixation), then a new CSRF token, sent with the login's response. */
	@Bean
	SessionAuthenticationStrategy sessionAuthenticationStrategy(CsrfTokenRepository csrfTokens,
			CsrfTokenRequestAttributeHandler csrfTokenRequestHandler) {
		CsrfAuthenticationStrategy csrf = new CsrfAuthenticationStrategy(csrfTokens);
		csrf.setRequestHandler(csrfTokenRequestHandler);
		return new CompositeSessionAuthenticationStrategy(List.of(new ChangeSessionIdAuthenticationStrategy(), csrf));
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, ProblemResponses problems,
			CsrfTokenRepository csrfTokens, CsrfTokenRequestAttributeHandler tokenHandler) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to(HealthEndpoint.class))
			.permitAll()
			.requestMatchers(EndpointRequest.toAnyEndpoint())
			.hasRole("ADMIN")
			.requestMatchers("/api/auth/me", "/api/auth/logout-all")
			.authenticated()
			.anyRequest()
			.permitAll())
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens)
				.csrfTokenRequestHandler(tokenHandler)
				.requireCsrfProtectionMatcher(SecurityConfiguration::carriesSessionCookie))
			.requestCache((cache) -> cache.disable())
			.httpBasic((basic) -> basic.authenticationEntryPoint(problems))
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.logoutUrl("/api/auth/logout")
				.logoutSuccessHandler(new HttpStatusReturningLogoutSuccessHandler(HttpStatus.NO_CONTENT)))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp
				.policyDirectives("default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")));
		return http.build();
	}

	private static boolean carriesSessionCookie(HttpServletRequest request) {
		if (SAFE_METHODS.contains(request.getMethod()) || request.getCookies() == null) {
			return false;
		}
		for (Cookie cookie : request.getCookies()) {
			if ("SESSION".equals(cookie.getName())) {
				return true;
			}
		}
		return false;
	}

}
