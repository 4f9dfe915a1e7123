package io.cachekit.cache.near;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

import tools.jackson.databind.JavaType;

import org.springframework.cache.Cache.ValueWrapper;

import io.cachekit.cache.hot.HotKeys;

/**
 * The in-process tier of one cache as its algorithms see it: a {@link NearCache} whose copies are checked
 * against the current tag versions before they are served, and whose drops are announced to other instances
 * over the {@link InvalidationBus}. A cache without a near cache uses {@link #NONE}, which holds nothing.
 */
public interface NearTier {

	/** No near cache: never a hit, stamps are 0, drops do nothing. */
	NearTier NONE = new NearTier() {

		@Override
		public ValueWrapper hit(Object key, JavaType type) {
			return null;
		}

		@Override
		public ValueWrapper heldHit(Object key, JavaType type) {
			return null;
		}

		@Override
		public long stamp(String encodedKey) {
			return 0;
		}

		@Override
		public void keep(Object key, String encodedKey, Copy copy, long stamp, Duration ttl) {
		}

		@Override
		public void drop(String encodedKey) {
		}

		@Override
		public void dropAll() {
		}

		@Override
		public NearCache cache() {
			return null;
		}

	};

	/**
	 * A copy of an entry, if one is held for the same type and its tags were not evicted since.
	 * @param key the user key
	 * @param type the type the caller reads
	 * @return the value, or {@code null} when not held
	 */
	ValueWrapper hit(Object key, JavaType type);

	/**
	 * Like {@link #hit}, without any I/O: a copy with tags is served only while their versions are held in
	 * memory and current, never after reading them from Redis. For callers that must not block (a reactive
	 * thread); on {@code null} they hand the lookup, {@link #hit} included, to a thread that may.
	 * @param key the user key
	 * @param type the type the caller reads
	 * @return the value, or {@code null} when not held or not checkable without I/O
	 */
	ValueWrapper heldHit(Object key, JavaType type);

	/**
	 * The stamp to pass to {@link #keep} for a value read now: if the entry is dropped meanwhile, the copy is
	 * not kept.
	 * @param encodedKey the encoded key
	 * @return the stamp
	 */
	long stamp(String encodedKey);

	/**
	 * Keeps a copy unless the entry was dropped since the stamp was taken.
	 * @param key the user key
	 * @param encodedKey the encoded key
	 * @param copy the value with what it was read as
	 * @param stamp from {@link #stamp(String)} before the value was read
	 * @param ttl how long at most the copy is kept
	 */
	void keep(Object key, String encodedKey, Copy copy, long stamp, Duration ttl);

	/**
	 * Drops the copies of one entry here and on every other instance.
	 * @param encodedKey the encoded key
	 */
	void drop(String encodedKey);

	/** Drops every copy of this cache here and on every other instance. */
	void dropAll();

	/**
	 * The near cache.
	 * @return the near cache, {@code null} for {@link #NONE}
	 */
	NearCache cache();

	/**
	 * A near tier over a registered near cache and the bus that carries its drops.
	 * @param near the near cache, named after the cache's key segment
	 * @param bus the invalidation bus
	 * @param tagVersions the current versions of tags, to check a copy's tags against (may throw when they
	 * cannot be read: the copy is then not served)
	 * @param heldTagVersions the versions of tags known without I/O, {@code null} when one is not
	 * @return the tier
	 */
	static NearTier of(NearCache near, InvalidationBus bus, Function<String[], long[]> tagVersions,
			Function<String[], long[]> heldTagVersions) {
		return new NearTier() {

			@Override
			public ValueWrapper hit(Object key, JavaType type) {
				return hit(key, type, tagVersions);
			}

			@Override
			public ValueWrapper heldHit(Object key, JavaType type) {
				return hit(key, type, heldTagVersions);
			}

			private ValueWrapper hit(Object key, JavaType type, Function<String[], long[]> versions) {
				Object held = near.get(key);
				if (held instanceof Copy copy && copy.matches(type) && tagsCurrent(copy, versions)) {
					return copy.wrapper();
				}
				return null;
			}

			private boolean tagsCurrent(Copy copy, Function<String[], long[]> versions) {
				if (copy.tags().length == 0) {
					return true;
				}
				try {
					return Arrays.equals(copy.versions(), versions.apply(copy.tags()));
				}
				catch (RuntimeException ex) {
					return false;
				}
			}

			@Override
			public long stamp(String encodedKey) {
				return near.readStamp(encodedKey);
			}

			@Override
			public void keep(Object key, String encodedKey, Copy copy, long stamp, Duration ttl) {
				near.putIfUnchanged(key, encodedKey, copy, stamp, ttl);
			}

			@Override
			public void drop(String encodedKey) {
				near.invalidate(encodedKey);
				bus.publishInvalidation(near.name(), encodedKey);
			}

			@Override
			public void dropAll() {
				near.clear();
				bus.publishClear(near.name());
			}

			@Override
			public NearCache cache() {
				return near;
			}

		};
	}

	/**
	 * A near tier that keeps copies of hot keys only: reads and drops go to the given tier unchanged, so
	 * coherence is the same; only which copies are kept differs. Keys that cool down are demoted by the
	 * detector's listener (see {@link NearCache#demote(Object)}).
	 * @param tier the tier that holds the copies
	 * @param hotKeys says which keys are hot
	 * @return the promoting tier
	 */
	static NearTier promoting(NearTier tier, HotKeys hotKeys) {
		return new NearTier() {

			@Override
			public ValueWrapper hit(Object key, JavaType type) {
				return tier.hit(key, type);
			}

			@Override
			public ValueWrapper heldHit(Object key, JavaType type) {
				return tier.heldHit(key, type);
			}

			@Override
			public long stamp(String encodedKey) {
				return tier.stamp(encodedKey);
			}

			@Override
			public void keep(Object key, String encodedKey, Copy copy, long stamp, Duration ttl) {
				if (hotKeys.isHot(key)) {
					tier.keep(key, encodedKey, copy, stamp, ttl);
				}
			}

			@Override
			public void drop(String encodedKey) {
				tier.drop(encodedKey);
			}

			@Override
			public void dropAll() {
				tier.dropAll();
			}

			@Override
			public NearCache cache() {
				return tier.cache();
			}

		};
	}

	/**
	 * A value held in process with what is needed to check it is still the one Redis would give.
	 *
	 * @param wrapper the value
	 * @param type the type it was read as, {@code null} for untyped JSON
	 * @param tags the entry's tags
	 * @param versions the tags' versions when it was written
	 */
	record Copy(ValueWrapper wrapper, JavaType type, String[] tags, long[] versions) {

		boolean matches(JavaType wanted) {
			return this.type == wanted || Objects.equals(this.type, wanted);
		}

	}

}
