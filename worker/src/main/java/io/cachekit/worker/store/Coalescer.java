package io.cachekit.worker.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cachekit.writebehind.envelope.WriteBehindEnvelope;

/**
 * Reduces a batch to one envelope per key: the one with the highest version.
 */
public final class Coalescer {

	private Coalescer() {
	}

	/**
	 * Keeps the newest envelope of each (type, id).
	 * @param envelopes the batch, in any order
	 * @return the winners, in order of each key's first appearance
	 */
	public static List<WriteBehindEnvelope> newestPerKey(Collection<WriteBehindEnvelope> envelopes) {
		Map<Key, WriteBehindEnvelope> winners = new LinkedHashMap<>();
		for (WriteBehindEnvelope envelope : envelopes) {
			winners.merge(new Key(envelope.type(), envelope.id()), envelope,
					(current, candidate) -> (candidate.version() > current.version()) ? candidate : current);
		}
		return new ArrayList<>(winners.values());
	}

	private record Key(String type, String id) {

	}

}
