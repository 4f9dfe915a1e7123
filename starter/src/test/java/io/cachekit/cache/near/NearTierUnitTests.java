package io.cachekit.cache.near;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.cache.support.SimpleValueWrapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link NearTier#heldHit} serves a near copy without I/O or not at all; {@link NearTier#hit} may read tag
 * versions from Redis.
 */
class NearTierUnitTests {

	private final NearCache nearCache = new NearCache("product", 100, Duration.ofMinutes(1), () -> true);

	private final AtomicInteger redisReads = new AtomicInteger();

	private final AtomicReference<long[]> held = new AtomicReference<>();

	private final NearTier tier = NearTier.of(this.nearCache, null, (tags) -> {
		this.redisReads.incrementAndGet();
		return new long[] { 7 };
	}, (tags) -> this.held.get());

	@Test
	void heldHitServesAnUntaggedCopy() {
		keep("42", new String[0], new long[0]);
		assertThat(this.tier.heldHit("42", null).get()).isEqualTo("v1");
	}

	@Test
	void heldHitServesATaggedCopyWhoseVersionsAreHeldAndCurrent() {
		keep("42", new String[] { "product:42" }, new long[] { 7 });
		this.held.set(new long[] { 7 });
		assertThat(this.tier.heldHit("42", null).get()).isEqualTo("v1");
		assertThat(this.redisReads).hasValue(0);
	}

	@Test
	void heldHitDoesNotServeATaggedCopyWhoseVersionsAreNotHeld() {
		keep("42", new String[] { "product:42" }, new long[] { 7 });
		assertThat(this.tier.heldHit("42", null)).isNull();
		assertThat(this.redisReads).hasValue(0);
		assertThat(this.tier.hit("42", null).get()).as("checked against Redis").isEqualTo("v1");
		assertThat(this.redisReads).hasValue(1);
	}

	@Test
	void heldHitDoesNotServeATaggedCopyOfAnEvictedTag() {
		keep("42", new String[] { "product:42" }, new long[] { 6 });
		this.held.set(new long[] { 7 });
		assertThat(this.tier.heldHit("42", null)).isNull();
		assertThat(this.tier.hit("42", null)).isNull();
	}

	private void keep(String key, String[] tags, long[] versions) {
		this.tier.keep(key, key, new NearTier.Copy(new SimpleValueWrapper("v1"), null, tags, versions),
				this.tier.stamp(key), Duration.ofMinutes(1));
	}

}
