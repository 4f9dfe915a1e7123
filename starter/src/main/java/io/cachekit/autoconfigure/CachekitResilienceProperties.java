package io.cachekit.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * How cachekit's Redis calls are guarded ({@code cachekit.resilience.*}), in Resilience4j's shape: shared
 * policies under {@code configs} ({@code default} applies to every instance that names no other) and one
 * policy per instance under {@code instances}: {@code cache}, {@code rate-limit}, {@code lock},
 * {@code write-behind}, or an application's own (the demo guards its sessions as {@code session}).
 */
@ConfigurationProperties("cachekit.resilience")
public class CachekitResilienceProperties implements Validator {

	/** The shared policy every instance starts from unless it names another. */
	static final String DEFAULT_CONFIG = "default";

	/**
	 * Longest time Redis calls may make one HTTP request wait, across all of its Redis calls. Once spent,
	 * the request's further Redis calls fail at once and each feature's failure policy applies. 0 turns the
	 * budget off: each call is then bounded by its own timeout only.
	 */
	private Duration requestDeadline = Duration.ofMillis(250);

	/**
	 * Whether to read Redis's maxmemory-policy at startup and warn when it may evict lock, rate-limit or
	 * write-behind keys.
	 */
	private boolean checkMemoryPolicy = true;

	/**
	 * Shared policies by name.
	 */
	private final Map<String, Policy> configs = new LinkedHashMap<>();

	/**
	 * Policies by instance name.
	 */
	private final Map<String, Policy> instances = new LinkedHashMap<>();

	public Duration getRequestDeadline() {
		return this.requestDeadline;
	}

	public void setRequestDeadline(Duration requestDeadline) {
		this.requestDeadline = requestDeadline;
	}

	public boolean isCheckMemoryPolicy() {
		return this.checkMemoryPolicy;
	}

	public void setCheckMemoryPolicy(boolean checkMemoryPolicy) {
		this.checkMemoryPolicy = checkMemoryPolicy;
	}

	public Map<String, Policy> getConfigs() {
		return this.configs;
	}

	public Map<String, Policy> getInstances() {
		return this.instances;
	}

	@Override
	public boolean supports(Class<?> type) {
		return CachekitResilienceProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		PropertyRules rules = new PropertyRules(errors, "cachekit.resilience.");
		rules.zeroOrPositive("request-deadline", this.requestDeadline,
				"The deadline must be a duration of at least 0 (0 turns it off), e.g. 250ms");
		this.configs.forEach((name, policy) -> policy.validate(rules.nested("configs." + PropertyRules.mapKey(name) + ".")));
		this.instances.forEach((name, policy) -> {
			PropertyRules instance = rules.nested("instances." + PropertyRules.mapKey(name) + ".");
			policy.validate(instance);
			String base = policy.getBaseConfig();
			instance.require(base == null || base.equals(DEFAULT_CONFIG) || this.configs.containsKey(base),
					"base-config", base, "There is no cachekit.resilience.configs." + base + "; name one of "
							+ this.configs.keySet() + " or remove base-config to use the default");
		});
	}

	/**
	 * One policy; every unset value comes from the base config, then from the built-in defaults.
	 */
	public static class Policy {

		/**
		 * Name of the shared config this policy starts from (instances only). Defaults to "default".
		 */
		private String baseConfig;

		/**
		 * Longest time one Redis call may take; a slower answer counts as a failure. Default 250ms.
		 */
		private Duration timeout;

		/**
		 * Failure rate in percent at which the circuit breaker opens. Default 50.
		 */
		private Float failureRateThreshold;

		/**
		 * Number of recent calls the failure rate is computed over. Default 20.
		 */
		private Integer slidingWindowSize;

		/**
		 * Minimum number of calls before the failure rate is computed. Default 10.
		 */
		private Integer minimumNumberOfCalls;

		/**
		 * How long the circuit breaker stays open before it lets probe calls through. Default 2s.
		 */
		private Duration waitInOpenState;

		/**
		 * Number of probe calls while half-open. Default 3.
		 */
		private Integer permittedCallsInHalfOpenState;

		/**
		 * Minimum time between two warnings about the same kind of failure. Default 1m.
		 */
		private Duration logInterval;

		public String getBaseConfig() {
			return this.baseConfig;
		}

		public void setBaseConfig(String baseConfig) {
			this.baseConfig = baseConfig;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Float getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		public void setFailureRateThreshold(Float failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		public Integer getSlidingWindowSize() {
			return this.slidingWindowSize;
		}

		public void setSlidingWindowSize(Integer slidingWindowSize) {
			this.slidingWindowSize = slidingWindowSize;
		}

		public Integer getMinimumNumberOfCalls() {
			return this.minimumNumberOfCalls;
		}

		public void setMinimumNumberOfCalls(Integer minimumNumberOfCalls) {
			this.minimumNumberOfCalls = minimumNumberOfCalls;
		}

		public Duration getWaitInOpenState() {
			return this.waitInOpenState;
		}

		public void setWaitInOpenState(Duration waitInOpenState) {
			this.waitInOpenState = waitInOpenState;
		}

		public Integer getPermittedCallsInHalfOpenState() {
			return this.permittedCallsInHalfOpenState;
		}

		public void setPermittedCallsInHalfOpenState(Integer permittedCallsInHalfOpenState) {
			this.permittedCallsInHalfOpenState = permittedCallsInHalfOpenState;
		}

		public Duration getLogInterval() {
			return this.logInterval;
		}

		public void setLogInterval(Duration logInterval) {
			this.logInterval = logInterval;
		}


		void validate(PropertyRules rules) {
			rules.positiveOrUnset("timeout", this.timeout);
			if (this.failureRateThreshold != null) {
				rules.require(this.failureRateThreshold > 0 && this.failureRateThreshold <= 100,
						"failure-rate-threshold", this.failureRateThreshold,
						"The threshold is a percentage above 0 and at most 100");
			}
			atLeastOneOrUnset(rules, "sliding-window-size", this.slidingWindowSize);
			atLeastOneOrUnset(rules, "minimum-number-of-calls", this.minimumNumberOfCalls);
			atLeastOneOrUnset(rules, "permitted-calls-in-half-open-state", this.permittedCallsInHalfOpenState);
			rules.positiveOrUnset("wait-in-open-state", this.waitInOpenState);
			rules.positiveOrUnset("log-interval", this.logInterval);
		}

		private static void atLeastOneOrUnset(PropertyRules rules, String name, Integer value) {
			if (value != null) {
				rules.atLeast(name, value, 1);
			}
		}
	}

}
