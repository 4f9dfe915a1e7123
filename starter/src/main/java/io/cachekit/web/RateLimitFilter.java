package io.cachekit.web;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

import io.cachekit.ratelimit.RateLimitDecision;
import io.cachekit.ratelimit.RateLimitEnforcer;
import io.cachekit.ratelimit.RateLimitExceededException;
import io.cachekit.ratelimit.RateLimitHeaders;
import io.cachekit.ratelimit.RateLimiterUnavailableException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies the HTTP rate-limit rules to every request they cover. A request over a limit gets 429
 * {@code application/problem+json} with {@code Retry-After}; a fail-closed rule that cannot reach
 * Redis answers 503. Every limited response carries {@code RateLimit-Limit},
 * {@code RateLimit-Remaining}, {@code RateLimit-Reset} and their {@code X-RateLimit-*} twins, from
 * the rule with the fewest requests left.
 */
public class RateLimitFilter extends OncePerRequestFilter {

	private final List<HttpRateLimitRule> rules;

	private final RateLimitEnforcer enforcer;

	private final Clock clock;

	/**
	 * Creates the filter.
	 * @param rules the rules, checked in order
	 * @param enforcer decides
	 * @param clock the clock for absolute reset times
	 */
	public RateLimitFilter(List<HttpRateLimitRule> rules, RateLimitEnforcer enforcer, Clock clock) {
		this.rules = List.copyOf(rules);
		this.enforcer = enforcer;
		this.clock = clock;
	}

	/**
	 * The rules this filter applies.
	 * @return the rules
	 */
	public List<HttpRateLimitRule> getRules() {
		return this.rules;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RateLimitDecision tightest = null;
		for (HttpRateLimitRule rule : this.rules) {
			if (!rule.matches(request)) {
				continue;
			}
			RateLimitDecision decision;
			try {
				decision = this.enforcer.decide(rule.rule(), rule.keyResolver().resolve(request));
			}
			catch (RateLimiterUnavailableException ex) {
				ProblemResponses.write(ex, request, response);
				return;
			}
			if (!decision.allowed()) {
				ProblemResponses.write(new RateLimitExceededException(rule.rule(), decision), request, response);
				return;
			}
			if (tightest == null || decision.remaining() < tightest.remaining()) {
				tightest = decision;
			}
		}
		if (tightest != null) {
			RateLimitHeaders.of(tightest, this.clock).forEach(response::setHeader);
		}
		chain.doFilter(request, response);
	}

}
