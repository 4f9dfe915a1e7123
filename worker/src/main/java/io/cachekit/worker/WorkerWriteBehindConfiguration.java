package io.cachekit.worker;

import org.redisson.api.RedissonClient;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.keys.CachekitKeys;
import io.cachekit.writebehind.envelope.WriteBehindEnvelopeCodec;
import io.cachekit.writebehind.pending.RedissonWriteBehindCache;
import io.cachekit.writebehind.pending.WriteBehindCache;
import io.cachekit.writebehind.pending.WriteBehindKeys;

/**
 * What the worker shares with the applications it serves, from the write-behind core: the envelope codec and
 * the write-behind entries in Redis, which it unpins once persisted.
 */
@Configuration(proxyBeanMethods = false)
public class WorkerWriteBehindConfiguration {

	@Bean
	WriteBehindEnvelopeCodec writeBehindEnvelopeCodec(ObjectProvider<JsonMapper> jsonMapper) {
		ObjectMapper mapper = jsonMapper.getIfAvailable(JsonMapper::new);
		return new WriteBehindEnvelopeCodec(mapper);
	}

	@Bean
	WriteBehindCache writeBehindCache(RedissonClient redisson, CachekitKeys keys, WorkerProperties properties) {
		// the worker only unpins; the pinned TTL is the applications' business
		return new RedissonWriteBehindCache(redisson, new WriteBehindKeys(keys), properties.getPersistedTtl(),
				properties.getPersistedTtl(), properties.getRedisTimeout().dividedBy(10));
	}

}
