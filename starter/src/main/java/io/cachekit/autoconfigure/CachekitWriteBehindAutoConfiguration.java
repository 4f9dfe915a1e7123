package io.cachekit.autoconfigure;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import org.redisson.api.RedissonClient;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.function.SingletonSupplier;

import io.cachekit.keys.CachekitKeys;
import io.cachekit.resilience.CachekitResilience;
import io.cachekit.resilience.RedisDeadline;
import io.cachekit.writebehind.EnvelopePublisher;
import io.cachekit.writebehind.KafkaEnvelopePublisher;
import io.cachekit.writebehind.WriteBehind;
import io.cachekit.writebehind.WriteBehindInterceptor;
import io.cachekit.writebehind.WriteBehindMethodScanner;
import io.cachekit.writebehind.WriteBehindPendingValues;
import io.cachekit.writebehind.WriteBehindTemplate;
import io.cachekit.writebehind.WrittenBehindCaches;
import io.cachekit.writebehind.envelope.WriteBehindEnvelopeCodec;
import io.cachekit.writebehind.pending.RedissonWriteBehindCache;
import io.cachekit.writebehind.pending.WriteBehindCache;
import io.cachekit.writebehind.pending.WriteBehindKeys;

/**
 * Auto-configuration of write-behind publishing: a {@link WriteBehindTemplate} and the
 * {@link WriteBehind @WriteBehind} advisor, when Kafka (Spring for Apache Kafka) and Redis (Redisson) are
 * present. {@code cachekit.write-behind.enabled=false} turns it off.
 */
@AutoConfiguration(after = CachekitResilienceAutoConfiguration.class,
		afterName = { "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
		"org.redisson.spring.starter.RedissonAutoConfigurationV4" })
@ConditionalOnClass({ KafkaTemplate.class, KafkaProperties.class, RedissonClient.class })
@ConditionalOnBean({ KafkaProperties.class, KafkaConnectionDetails.class, RedissonClient.class })
@ConditionalOnBooleanProperty(name = "cachekit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "cachekit.write-behind.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WriteBehindProperties.class)
public final class CachekitWriteBehindAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WriteBehindEnvelopeCodec writeBehindEnvelopeCodec(ObjectProvider<JsonMapper> jsonMapper) {
		ObjectMapper mapper = jsonMapper.getIfAvailable(JsonMapper::new);
		return new WriteBehindEnvelopeCodec(mapper);
	}

	@Bean
	@ConditionalOnMissingBean
	WriteBehindKeys writeBehindKeys(ObjectProvider<CachekitKeys> keys, Environment environment) {
		return new WriteBehindKeys(CachekitAutoConfiguration.keys(keys, environment));
	}

	@Bean
	@ConditionalOnMissingBean
	WriteBehindCache writeBehindCache(RedissonClient redisson, WriteBehindKeys keys, WriteBehindProperties properties,
			ObjectProvider<CachekitResilience> resilience) {
		return new RedissonWriteBehindCache(redisson, keys, properties.getCache().getPinnedTtl(),
				properties.getCache().getPersistedTtl(),
				resilience(resilience).policy(CachekitResilience.WRITE_BEHIND).timeout(), RedisDeadline::await);
	}

	@Bean
	@ConditionalOnMissingBean
	EnvelopePublisher writeBehindEnvelopePublisher(KafkaProperties kafkaProperties,
			KafkaConnectionDetails connectionDetails, WriteBehindEnvelopeCodec codec, WriteBehindProperties properties,
			ObjectProvider<CachekitKeys> keys, Environment environment, ObjectProvider<ObservationRegistry> observations) {
		Map<String, Object> producer = KafkaClientProperties.producer(kafkaProperties, connectionDetails);
		String topic = (properties.getTopic() != null) ? properties.getTopic()
				: CachekitAutoConfiguration.keys(keys, environment).writeBehindTopic();
		KafkaEnvelopePublisher publisher = new KafkaEnvelopePublisher(producer, topic, codec,
				properties.getProducer().getAckTimeout(), properties.getProducer().getMaxBlock(),
				properties.getVersionEpoch());
		publisher.setObservationRegistry(CachekitAutoConfiguration.observations(observations));
		return publisher;
	}

	@Bean
	@ConditionalOnMissingBean
	WriteBehindTemplate writeBehindTemplate(EnvelopePublisher publisher,
			WriteBehindCache cache, WriteBehindEnvelopeCodec codec, WriteBehindProperties properties,
			Environment environment, ObjectProvider<CacheManager> cacheManager,
			ObjectProvider<CachekitResilience> resilience, WrittenBehindCaches writtenBehind) {
		String origin = properties.getOrigin();
		if (origin == null || origin.isBlank()) {
			origin = environment.getProperty("spring.application.name", "application");
		}
		// looked up once, on the first save, rather than on every save
		Supplier<CacheManager> caches = properties.getCache().isServeToCaches()
				? SingletonSupplier.of(cacheManager::getIfUnique) : () -> null;
		return new WriteBehindTemplate(publisher, cache, codec, origin, Clock.systemUTC(), caches,
				resilience(resilience), writtenBehind);
	}

	private static CachekitResilience resilience(ObjectProvider<CachekitResilience> resilience) {
		return resilience.getIfAvailable(CachekitResilience::withDefaults);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "cachekit.write-behind.cache.serve-to-caches", matchIfMissing = true)
	CachekitCacheManagerBuilderCustomizer writeBehindPendingValuesCustomizer(WriteBehindCache cache,
			WrittenBehindCaches writtenBehind, ObjectProvider<JsonMapper> jsonMapper) {
		WriteBehindPendingValues pending = new WriteBehindPendingValues(cache, writtenBehind,
				jsonMapper.getIfAvailable(JsonMapper::new));
		return (builder) -> builder.pendingValues(pending);
	}

	@Bean
	@ConditionalOnMissingBean
	static WrittenBehindCaches writtenBehindCaches(Environment environment) {
		// bound here rather than injected: the scanner below is a post-processor, created before properties beans
		List<String> declared = Binder.get(environment)
			.bind("cachekit.write-behind.caches", Bindable.listOf(String.class))
			.orElse(List.of());
		return new WrittenBehindCaches(declared);
	}

	@Bean
	@ConditionalOnMissingBean
	static WriteBehindMethodScanner writeBehindMethodScanner(WrittenBehindCaches writtenBehindCaches) {
		return new WriteBehindMethodScanner(writtenBehindCaches);
	}

	@Bean
	@ConditionalOnMissingBean(name = "writeBehindAdvisor")
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor writeBehindAdvisor(ObjectProvider<WriteBehindTemplate> template) {
		WriteBehindInterceptor interceptor = new WriteBehindInterceptor(template::getObject);
		return new DefaultPointcutAdvisor(new AnnotationMatchingPointcut(null, WriteBehind.class, true), interceptor);
	}

}
