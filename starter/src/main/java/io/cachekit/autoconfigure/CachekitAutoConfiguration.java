package io.cachekit.autoconfigure;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import io.cachekit.keys.CachekitKeys;
import io.cachekit.keys.KeyEncoder;

/**
 * Auto-configuration of what every part of cachekit shares: the {@link CachekitKeys names} derived from
 * {@code cachekit.namespace}. The other auto-configurations use this bean when it is there, and derive the
 * same names from the environment when they run without it. Startup fails on a property an earlier release
 * had and this one removed or moved ({@link RemovedProperties}).
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "cachekit.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CachekitProperties.class)
public final class CachekitAutoConfiguration {

	CachekitAutoConfiguration(Environment environment) {
		RemovedProperties.check(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	CachekitKeys cachekitKeys(CachekitProperties properties, Environment environment) {
		return keysOf(properties, environment);
	}

	/**
	 * The names of this application: the bean if there is one, else derived from the environment.
	 * @param keys the bean, if any
	 * @param environment the environment
	 * @return the names
	 */
	static CachekitKeys keys(ObjectProvider<CachekitKeys> keys, Environment environment) {
		return keys.getIfAvailable(() -> {
			CachekitProperties properties = new CachekitProperties();
			Binder.get(environment)
				.bind("cachekit", Bindable.ofInstance(properties), new ValidationBindHandler(properties));
			return keysOf(properties, environment);
		});
	}

	/**
	 * The application's observation registry, or one that observes nothing. Spring Boot's actuator makes each
	 * observation a timer and, with a tracer, a span.
	 * @param observations the registry, if any
	 * @return the registry
	 */
	static ObservationRegistry observations(ObjectProvider<ObservationRegistry> observations) {
		return observations.getIfUnique(() -> ObservationRegistry.NOOP);
	}

	private static CachekitKeys keysOf(CachekitProperties properties, Environment environment) {
		String namespace = (properties.getNamespace() != null) ? properties.getNamespace()
				: CachekitKeys.namespaceOf(environment.getProperty("spring.application.name"));
		return new CachekitKeys(new KeyEncoder(properties.getMaxKeyLength()), namespace);
	}

}
