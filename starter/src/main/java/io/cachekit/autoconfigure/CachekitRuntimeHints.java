package io.cachekit.autoconfigure;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

import io.cachekit.writebehind.envelope.WriteBehindEnvelope;

/**
 * What cachekit loads as resources or reads and writes by reflection, for Spring AOT and native images: its Lua
 * scripts (locks, rate limits, the cache store's leases and tokens, write-behind) and the write-behind envelope
 * its JSON codec reads and writes. The types of cached values are registered per application by
 * {@link CachedValueTypesAotProcessor}.
 */
class CachekitRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		hints.resources().registerPattern("io/cachekit/**/*.lua");
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), WriteBehindEnvelope.class);
	}

}
