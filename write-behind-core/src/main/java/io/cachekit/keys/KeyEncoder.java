package io.cachekit.keys;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.cache.interceptor.SimpleKey;

/**
 * Turns namespaces, cache names, tags and user keys into Redis key segments that are readable for plain
 * keys ({@code 42}, {@code user-7}) and safe for every other input.
 * <p>
 * Letters, digits, {@code .}, {@code _} and {@code -} are kept; every other UTF-16 unit is escaped as
 * {@code %XX} (below U+0100) or {@code %uXXXX}, so a segment never contains {@code :}, glob characters
 * ({@code * ? [ ] \}), hash-tag braces, control characters or unpaired surrogates, and the encoding is
 * injective: two different strings never give the same segment. A user key is its string form
 * ({@code String.valueOf}: {@code 42L} and {@code "42"} are one key, as in Spring's own Redis cache), except
 * for keys of several values (Spring's {@code SimpleKey} of a method's arguments, arrays), which are written
 * part by part as {@code (a,b)}, and byte arrays, written as {@code #} and hex. Segments longer than the limit
 * keep a readable prefix followed by {@code ~} and the SHA-256 of the whole encoded segment ({@code ~} never
 * occurs in an unhashed segment).
 */
public final class KeyEncoder {

	private static final HexFormat HEX = HexFormat.of();

	private static final int READABLE_PREFIX = 48;

	private static final Field SIMPLE_KEY_PARAMS = simpleKeyParams();

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
		Object[] parts = partsOf(key);
		if (parts != null) {
			StringBuilder out = new StringBuilder(16 * parts.length + 2);
			appendComposite(out, parts);
			return limit(out.toString());
		}
		return limit(escape(String.valueOf(key)));
	}

	/**
	 * The parts of a key made of several values (Spring's {@link SimpleKey} of a method's arguments, an
	 * array), encoded one by one so that, e.g., arguments {@code ("a, b", "c")} and {@code ("a", "b, c")}
	 * never share an entry.
	 */
	private static Object[] partsOf(Object key) {
		if (key instanceof Object[] array) {
			return array;
		}
		if (key instanceof SimpleKey simpleKey && SIMPLE_KEY_PARAMS != null) {
			try {
				return (Object[]) SIMPLE_KEY_PARAMS.get(simpleKey);
			}
			catch (IllegalAccessException ex) {
				return null;
			}
		}
		return null;
	}

	/**
	 * Writes {@code (part,part,...)}: plain escaping never yields {@code ( ) , ! #}, so a composite can
	 * neither equal a single value's segment nor be split two ways; {@code !} stands for {@code null},
	 * {@code #} starts the hex of a byte array, nested composites nest.
	 */
	private static void appendComposite(StringBuilder out, Object[] parts) {
		out.append('(');
		for (int i = 0; i < parts.length; i++) {
			if (i > 0) {
				out.append(',');
			}
			Object part = parts[i];
			Object[] nested = partsOf(part);
			if (part == null) {
				out.append('!');
			}
			else if (part instanceof byte[] bytes) {
				out.append('#').append(HEX.formatHex(bytes));
			}
			else if (nested != null) {
				appendComposite(out, nested);
			}
			else {
				out.append(escape(String.valueOf(part)));
			}
		}
		out.append(')');
	}

	private static Field simpleKeyParams() {
		try {
			Field params = SimpleKey.class.getDeclaredField("params");
			params.setAccessible(true);
			return params;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			// without access the key's toString is encoded as one value, as Spring's own caches do
			return null;
		}
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
