package io.cachekit.autoconfigure;

import java.time.Duration;

import org.springframework.validation.Errors;

/**
 * The checks cachekit's properties classes apply to themselves once bound (each implements Spring's
 * {@code Validator}, which Boot calls after binding): a bad value fails startup with a message that names the
 * full property, e.g. {@code cachekit.cache.caches.products.ttl}, and says what is allowed.
 */
final class PropertyRules {

	private final Errors errors;

	private final String prefix;

	/**
	 * Checks properties under a prefix.
	 * @param errors where failures go
	 * @param prefix e.g. {@code cachekit.cache.}
	 */
	PropertyRules(Errors errors, String prefix) {
		this.errors = errors;
		this.prefix = prefix;
	}

	/**
	 * The rules for a nested group or map entry, e.g. {@code caches.products.}.
	 * @param path the path below this prefix, ending with a dot
	 * @return the nested rules
	 */
	PropertyRules nested(String path) {
		return new PropertyRules(this.errors, this.prefix + path);
	}

	/**
	 * The segment of a map key in a property path: as is when it is a plain name, else in brackets.
	 * @param key the map key
	 * @return e.g. {@code products} or {@code [Products.v2]}
	 */
	static String mapKey(String key) {
		return key.matches("[a-z0-9-]+") ? key : "[" + key + "]";
	}

	void positive(String name, Duration value) {
		positive(name, value, "The value must be a positive duration, e.g. 250ms or 10m");
	}

	void positive(String name, Duration value, String hint) {
		if (value == null || value.isNegative() || value.isZero()) {
			reject(name, value, hint);
		}
	}

	void positiveOrUnset(String name, Duration value) {
		if (value != null) {
			positive(name, value);
		}
	}

	void zeroOrPositive(String name, Duration value, String hint) {
		if (value == null || value.isNegative()) {
			reject(name, value, hint);
		}
	}

	void atLeast(String name, long value, long minimum) {
		if (value < minimum) {
			reject(name, value, "The value must be at least " + minimum);
		}
	}

	void between(String name, double value, double minimum, double maximumExclusive, String hint) {
		if (!(value >= minimum && value < maximumExclusive)) {
			reject(name, value, hint);
		}
	}

	void require(boolean valid, String name, Object value, String hint) {
		if (!valid) {
			reject(name, value, hint);
		}
	}

	private void reject(String name, Object value, String hint) {
		this.errors.reject("cachekit.invalid-property",
				"Invalid value '" + value + "' for " + this.prefix + name + ": " + hint);
	}

}
