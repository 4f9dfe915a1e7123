package io.cachekit.cache.near;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NearCacheTests {

	private final AtomicBoolean coherent = new AtomicBoolean(true);

	private final NearCache nearCache = new NearCache("product", 100, Duration.ofMinutes(1), this.coherent::get);

	@Test
	void servesWhatWasPut() {
		this.nearCache.put("42", "v1");
		assertThat(this.nearCache.get("42")).isEqualTo("v1");
	}

	@Test
	void dropsAValueReadBeforeAnInvalidationOfItsKey() {
		long stamp = this.nearCache.readStamp("42");
		this.nearCache.invalidate("42");
		this.nearCache.putIfUnchanged("42", "stale", stamp);
		assertThat(this.nearCache.get("42")).isNull();
	}

	@Test
	void dropsAValueReadBeforeAClear() {
		long stamp = this.nearCache.readStamp("42");
		this.nearCache.clear();
		this.nearCache.putIfUnchanged("42", "stale", stamp);
		assertThat(this.nearCache.get("42")).isNull();
	}

	@Test
	void keepsAValueWhenNothingChanged() {
		long stamp = this.nearCache.readStamp("42");
		this.nearCache.invalidate("43-other-key-in-another-stripe-most-likely");
		this.nearCache.putIfUnchanged("42", "v1", stamp);
		assertThat(this.nearCache.get("42")).isEqualTo("v1");
	}

	@Test
	void holdsValuesUnderTheCallersKeyAndDropsThemByTheEncodedKey() {
		this.nearCache.putIfUnchanged(42L, "42", "v1", this.nearCache.readStamp("42"), Duration.ofMinutes(1));
		assertThat(this.nearCache.get(42L)).isEqualTo("v1");
		assertThat(this.nearCache.get("42")).as("another key object").isNull();
		this.nearCache.invalidate("42");
		assertThat(this.nearCache.get(42L)).isNull();
	}

	@Test
	void neverHoldsLongerThanTheGivenTtl() throws InterruptedException {
		this.nearCache.putIfUnchanged(7L, "7", "v1", this.nearCache.readStamp("7"), Duration.ofMillis(50));
		assertThat(this.nearCache.get(7L)).isEqualTo("v1");
		Thread.sleep(120);
		assertThat(this.nearCache.get(7L)).isNull();
	}

	@Test
	void isBypassedWhileIncoherent() {
		this.nearCache.put("42", "v1");
		this.coherent.set(false);
		assertThat(this.nearCache.get("42")).isNull();
		this.nearCache.put("43", "v1");
		this.coherent.set(true);
		assertThat(this.nearCache.get("43")).isNull();
	}

}
