package io.cachekit.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Turns namespaces, cache names, tags and user keys into Redis key segments that are readable for plain
 * keys ({@code 42}, {@code user-7}) and safe for every other input.
 * <p>
 * Letters, digits, {@code .}, {@code _} and {@code -} are kept; every other UTF-16 unit is escaped as
 * {@code %XX} (below U+0100) or {@code %uXXXX}, so a segment never contains {@code :}, glob characters
 * ({@code * ? [ ] \}), hash-tag braces, control characters or unpaired surrogates, and the encoding is
 * injective: two different inputs never give the same segment. Byte arrays are written as {@code #} and
 * hex. Segments longer than the limit keep a readable prefix followed by {@code ~} and the SHA-256 of the
 * whole encoded segment ({@code ~} never occurs in an unhashed segment).
 */
public final class KeyEncoder {

	private static final HexFormat HEX = HexFormat.of();

	private static final int READABLE_PREFIX = 48;

	private final int maxLength;

	/**
	 * Creates an encoder.
	 * @param maxLength the longest encoded segment kept as is; longer ones are hashed
	 */
	public KeyEncoder(int maxLength) {
		if (maxLength < READABLE_PREFIX + 65) {
			throw new IllegalArgumentException("Maximum key length must be at least " + (READABLE_PREFIX + 65));
		}
		this.maxLength = maxLength;
	}

	/**
	 * Encodes a user key (the result of Spring's key generator or a SpEL key).
	 * @param key the key, never {@code null}
	 * @return the segment
	 */
	public String encodeKey(Object key) {
		if (key instanceof byte[] bytes) {
			return limit("#" + HEX.formatHex(bytes));
		}
		return limit(escape(stringOf(key)));
	}

	/**
	 * Encodes a name (namespace, cache or tag) the same way as keys.
	 * @param name the name
	 * @return the segment
	 */
	public String encodeName(String name) {
		return limit(escape(name));
	}

	/**
	 * Encodes a glob pattern over user keys: {@code *} and {@code ?} stay wildcards, everything else is
	 * encoded as a literal, so the pattern can never reach outside the segment it is used in.
	 * @param pattern the pattern
	 * @return the encoded pattern
	 */
	public String encodePattern(String pattern) {
		StringBuilder out = new StringBuilder(pattern.length() + 8);
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			if (c == '*' || c == '?') {
				out.append(c);
			}
			else {
				appendEscaped(out, c);
			}
		}
		return out.toString();
	}

	private static String stringOf(Object key) {
		if (key instanceof Object[] array) {
			return Arrays.deepToString(array);
		}
		return String.valueOf(key);
	}

	static String escape(String value) {
		StringBuilder out = null;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (isPlain(c)) {
				if (out != null) {
					out.append(c);
				}
			}
			else {
				if (out == null) {
					out = new StringBuilder(value.length() + 16);
					out.append(value, 0, i);
				}
				appendEscaped(out, c);
			}
		}
		return (out != null) ? out.toString() : value;
	}

	private static void appendEscaped(StringBuilder out, char c) {
		if (isPlain(c)) {
			out.append(c);
		}
		else if (c < 0x100) {
			out.append('%').append(HEX.toHexDigits((byte) c));
		}
		else {
			out.append("%u").append(HEX.toHexDigits(c));
		}
	}

	private static boolean isPlain(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
				|| c == '-';
	}

	private String limit(String segment) {
		if (segment.length() <= this.maxLength) {
			return segment;
		}
		String prefix = segment.substring(0, READABLE_PREFIX);
		return prefix + "~" + HEX.formatHex(sha256(segment));
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
