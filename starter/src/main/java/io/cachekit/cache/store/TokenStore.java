package io.cachekit.cache.store;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Metadata tokens: cache generations and tag versions. A token is random, so one recreated after the store lost
 * it never equals an earlier one.
 */
public interface TokenStore {

	/**
	 * Reads metadata tokens (cache generations, tag versions), creating a random one for each key that has
	 * none. A token is never 0 and a new one never equals an earlier one, so a token that Redis lost (a flush,
	 * a restart, an eviction) comes back as a value that no entry was written under.
	 * @param keys the tokens' keys
	 * @param retention how long a token is kept after its last read or change, or {@code null} for ever
	 * @return the tokens, in the same order
	 */
	long[] tokens(List<String> keys, Duration retention);

	/**
	 * Replaces a metadata token with a new random one (a cache is cleared, a tag evicted).
	 * @param key the token's key
	 * @param retention how long the token is kept after its last read or change, or {@code null} for ever
	 * @return the replaced token and the new one
	 */
	TokenChange replaceToken(String key, Duration retention);

	/**
	 * A fresh metadata token: random, positive and below 2<sup>53</sup> (exact as a Lua number).
	 * @return the token
	 */
	static long newToken() {
		return ThreadLocalRandom.current().nextLong(1, 1L << 53);
	}

	/**
	 * A replaced metadata token.
	 *
	 * @param previous the replaced token, 0 if there was none
	 * @param current the new token
	 */
	record TokenChange(long previous, long current) {
	}

}
