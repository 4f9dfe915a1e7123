package io.cachekit.support;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;

/**
 * Parses durations written in annotations, such as {@code "500ms"}, {@code "10s"} or
 * {@code "PT1M"}.
 */
public final class DurationText {

	private DurationText() {
	}

	/**
	 * Parses a duration.
	 * @param text the text, empty for none
	 * @param attribute names the attribute in error messages
	 * @return the duration or {@code null} when the text is empty
	 * @throws IllegalArgumentException naming the attribute if the text is not a duration
	 */
	public static Duration parse(String text, String attribute) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return DurationStyle.detectAndParse(text.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					attribute + " '" + text + "' is not a duration; use e.g. 500ms, 10s, 1m or PT1M", ex);
		}
	}

}
