package io.cachekit.cache;

import java.lang.reflect.AnnotatedElement;
import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;

/**
 * Parses and checks {@link CacheTtl} values, naming the annotated element when a value is wrong.
 */
public final class CacheTtlParser {

	private CacheTtlParser() {
	}

	/**
	 * Parses a {@link CacheTtl}.
	 * @param annotation the annotation
	 * @param element where it sits, for the error message
	 * @return the TTL
	 * @throws IllegalStateException if the value is not a positive duration
	 */
	public static Duration parse(CacheTtl annotation, AnnotatedElement element) {
		Duration ttl;
		try {
			ttl = DurationStyle.detectAndParse(annotation.value().strip());
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("@CacheTtl(\"" + annotation.value() + "\") on " + element
					+ " is not a duration (" + ex.getMessage() + "); use e.g. \"30s\", \"5m\" or \"PT1H\"");
		}
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalStateException("@CacheTtl(\"" + annotation.value() + "\") on " + element
					+ " must be a positive duration");
		}
		return ttl;
	}

}
