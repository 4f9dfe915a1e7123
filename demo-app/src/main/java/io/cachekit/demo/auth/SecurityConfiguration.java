package io.cachekit.demo.auth;

import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
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
 * session login or HTTP Basic (for scrapers, accepted on management endpoints only); {@code /api/auth/me} and
 * {@code logout-all} need a login; the rest of the API stays open, as before.</li>
 * <li><b>Login</b> is JSON ({@code POST /api/auth/login}, {@link AuthController}) against
 * {@link DemoUserDirectory}; the security context lives in the Spring Session, so in Redis, and the session id
 * changes at every login.</li>
 * <li><b>CSRF</b> applies to every unsafe request that names a session, since only those carry ambient
 * authority (HTTP Basic is accepted on management endpoints only, where no browser is ever challenged from a
 * page): the token is in the {@code XSRF-TOKEN} cookie, readable by the page, and comes back in the
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

	/**
	 * Management endpoints: health for everyone, the rest for an {@code ADMIN}, by session login or HTTP Basic
	 * (for scrapers; the cachekit rate-limit rule {@code management} throttles guesses, see application.yml).
	 * HTTP Basic is accepted here only, so it is no way around the login's rate limit.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain managementSecurityFilterChain(HttpSecurity http, ProblemResponses problems,
			CsrfTokenRepository csrfTokens, CsrfTokenRequestAttributeHandler tokenHandler) throws Exception {
		http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to(HealthEndpoint.class))
				.permitAll()
				.anyRequest()
				.hasRole("ADMIN"))
			.httpBasic((basic) -> basic.authenticationEntryPoint(problems.withBasicChallenge()));
		return common(http, problems, csrfTokens, tokenHandler).build();
	}

	/** The application: login, the current user and logout-all need a session; the API stays open. */
	@Bean
	@Order(2)
	SecurityFilterChain applicationSecurityFilterChain(HttpSecurity http, ProblemResponses problems,
			CsrfTokenRepository csrfTokens, CsrfTokenRequestAttributeHandler tokenHandler) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/api/auth/me", "/api/auth/logout-all")
			.authenticated()
			.anyRequest()
			.permitAll())
			.logout((logout) -> logout.logoutUrl("/api/auth/logout")
				.logoutSuccessHandler(new HttpStatusReturningLogoutSuccessHandler(HttpStatus.NO_CONTENT)));
		return common(http, problems, csrfTokens, tokenHandler).build();
	}

	private static HttpSecurity common(HttpSecurity http, ProblemResponses problems, CsrfTokenRepository csrfTokens,
			CsrfTokenRequestAttributeHandler tokenHandler) throws Exception {
		return http
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens)
				.csrfTokenRequestHandler(tokenHandler)
				.requireCsrfProtectionMatcher(SecurityConfiguration::carriesASession))
			.requestCache((cache) -> cache.disable())
			.formLogin((form) -> form.disable())
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp
				.policyDirectives("default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")));
	}

	/**
	 * Whether an unsafe request names a session (valid or not, under whatever cookie name Spring Session uses):
	 * the requests a forged cross-site request could ride on.
	 */
	private static boolean carriesASession(HttpServletRequest request) {
		return !SAFE_METHODS.contains(request.getMethod()) && request.getRequestedSessionId() != null;
	}

}
