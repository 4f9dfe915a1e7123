package io.cachekit.cache.entry;

/**
 * Thrown by {@link EntryCodec} when stored bytes are not a cachekit entry (garbage, another codec, a
 * truncated write). Caches treat it as a miss and never let it reach callers.
 */
public class UnreadableEntryException extends RuntimeException {

	/**
	 * Creates the exception.
	 * @param message what is wrong
	 */
	public UnreadableEntryException(String message) {
		super(message, null, false, false);
	}

}
