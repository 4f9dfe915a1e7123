package io.cachekit.cache.metadata;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cachekit.cache.metadata.PendingEvictions.Eviction;
import io.cachekit.cache.metadata.PendingEvictions.Kind;

import static org.assertj.core.api.Assertions.assertThat;

class PendingEvictionsUnitTests {

	@Test
	void replaysInOrderAndEmpties() {
		PendingEvictions pending = new PendingEvictions(10);
		pending.add(new Eviction(Kind.KEY, "product", "k1"));
		pending.add(new Eviction(Kind.TAG, null, "t"));
		List<Eviction> applied = new ArrayList<>();
		assertThat(pending.replay((e) -> applied.add(e), List.of())).isTrue();
		assertThat(applied).extracting(Eviction::kind).containsExactly(Kind.KEY, Kind.TAG);
		assertThat(pending.isEmpty()).isTrue();
	}

	@Test
	void tooManyKeysCollapseIntoClearingTheCache() {
		PendingEvictions pending = new PendingEvictions(3);
		for (int i = 0; i < 10; i++) {
			pending.add(new Eviction(Kind.KEY, "product", "k" + i));
		}
		assertThat(pending.size()).isEqualTo(1);
		List<Eviction> applied = new ArrayList<>();
		pending.replay((e) -> applied.add(e), List.of());
		assertThat(applied).containsExactly(new Eviction(Kind.CACHE, "product", null));
	}

	@Test
	void tooManyTagsCollapseIntoClearingEveryCache() {
		PendingEvictions pending = new PendingEvictions(2);
		for (int i = 0; i < 5; i++) {
			pending.add(new Eviction(Kind.TAG, null, "t" + i));
		}
		assertThat(pending.everything()).isTrue();
		List<Eviction> applied = new ArrayList<>();
		pending.replay((e) -> applied.add(e), List.of("a", "b"));
		assertThat(applied).extracting(Eviction::cacheName).containsExactly("a", "b");
	}

	@Test
	void failedReplayKeepsTheRest() {
		PendingEvictions pending = new PendingEvictions(10);
		pending.add(new Eviction(Kind.KEY, "product", "k1"));
		pending.add(new Eviction(Kind.KEY, "product", "k2"));
		assertThat(pending.replay((e) -> false, List.of())).isFalse();
		assertThat(pending.size()).isEqualTo(2);
		assertThat(pending.affects("product")).isTrue();
		assertThat(pending.affects("other")).isFalse();
	}

}
