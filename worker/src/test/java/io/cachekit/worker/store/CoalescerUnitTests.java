package io.cachekit.worker.store;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.cachekit.writebehind.envelope.WriteBehindEnvelope;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Coalescer}.
 */
class CoalescerUnitTests {

	@Test
	void keepsTheHighestVersionOfEachKeyWhateverTheOrder() {
		List<WriteBehindEnvelope> winners = Coalescer
			.newestPerKey(List.of(envelope("user", "1", 2), envelope("user", "1", 5), envelope("user", "1", 3)));
		assertThat(winners).extracting(WriteBehindEnvelope::version).containsExactly(5L);
	}

	@Test
	void sameIdOfDifferentTypesAreDifferentKeys() {
		List<WriteBehindEnvelope> winners = Coalescer
			.newestPerKey(List.of(envelope("user", "1", 2), envelope("order", "1", 1)));
		assertThat(winners).hasSize(2);
	}

	private static WriteBehindEnvelope envelope(String type, String id, long version) {
		return new WriteBehindEnvelope(type, id, version, 0, 1, "test", new JsonMapper().createObjectNode());
	}

}
