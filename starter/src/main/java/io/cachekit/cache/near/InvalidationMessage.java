package io.cachekit.cache.near;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One message on the invalidation channel. Its text form is
 * {@code v1|type|publisher|sequence|cache|key}, with the cache name and key Base64-encoded so that no
 * character in them can break the framing.
 *
 * @param type what to invalidate
 * @param publisher the id of the publishing instance
 * @param sequence the publisher's sequence number for this cache, starting at 1
 * @param cache the cache name
 * @param key the entry key, or {@code null} for {@link Type#CLEAR} and {@link Type#HEARTBEAT}
 */
public record InvalidationMessage(Type type, String publisher, long sequence, String cache, String key) {

	private static final String VERSION = "v1";

	/**
	 * What a message asks receivers to do.
	 */
	public enum Type {

		/** Drop one entry. */
		KEY,

		/** Drop every entry of the cache. */
		CLEAR,

		/** Nothing to drop: carries the publisher's latest sequence so receivers detect lost messages. */
		HEARTBEAT

	}

	/**
	 * Encodes the message for the channel.
	 * @return the text form
	 */
	public String encode() {
		return VERSION + "|" + this.type.name() + "|" + this.publisher + "|" + this.sequence + "|" + b64(this.cache)
				+ "|" + ((this.key != null) ? b64(this.key) : "");
	}

	/**
	 * Decodes a message.
	 * @param text the text form
	 * @return the message
	 * @throws IllegalArgumentException if the text is not a message of this version
	 */
	public static InvalidationMessage decode(String text) {
		String[] parts = text.split("\\|", -1);
		if (parts.length != 6 || !VERSION.equals(parts[0])) {
			throw new IllegalArgumentException("Not a cachekit invalidation message: " + text);
		}
		return new InvalidationMessage(Type.valueOf(parts[1]), parts[2], Long.parseLong(parts[3]), unb64(parts[4]),
				parts[5].isEmpty() ? null : unb64(parts[5]));
	}

	private static String b64(String value) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

	private static String unb64(String value) {
		return new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
	}

}
