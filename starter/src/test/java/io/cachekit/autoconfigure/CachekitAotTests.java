package io.cachekit.autoconfigure;

import java.util.Collection;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.javapoet.ClassName;

import io.cachekit.cache.CacheableEach;
import io.cachekit.writebehind.envelope.WriteBehindEnvelope;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cachekit's Spring AOT hints: the Lua scripts and the write-behind envelope, and the types of each bean's cached
 * values, registered through {@code META-INF/spring/aot.factories}.
 */
class CachekitAotTests {

	@Test
	void luaScriptsAndTheWriteBehindEnvelopeAreRegistered() {
		RuntimeHints hints = new RuntimeHints();
		new CachekitRuntimeHints().registerHints(hints, getClass().getClassLoader());
		for (String script : new String[] { "io/cachekit/lock/fencing_token.lua", "io/cachekit/cache/store/claim_load.lua",
				"io/cachekit/ratelimit/token_bucket.lua" }) {
			assertThat(getClass().getClassLoader().getResource(script)).as(script).isNotNull();
			assertThat(RuntimeHintsPredicates.resource().forResource(script)).as(script).accepts(hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onType(WriteBehindEnvelope.class)).accepts(hints);
	}

	@Test
	void aotFactoriesRegisterTheHintsAndTheProcessor() {
		SpringFactoriesLoader loader = SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories");
		assertThat(loader.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(CachekitRuntimeHints.class);
		assertThat(loader.load(BeanRegistrationAotProcessor.class))
			.hasAtLeastOneElementOfType(CachedValueTypesAotProcessor.class);
	}

	@Test
	void theValueTypesOfABeansCachedMethodsAreRegisteredForBinding() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("catalog", new RootBeanDefinition(Catalog.class));
		beanFactory.registerBeanDefinition("plain", new RootBeanDefinition(Plain.class));
		CachedValueTypesAotProcessor processor = new CachedValueTypesAotProcessor();
		assertThat(processor.processAheadOfTime(RegisteredBean.of(beanFactory, "plain"))).isNull();
		BeanRegistrationAotContribution contribution = processor
			.processAheadOfTime(RegisteredBean.of(beanFactory, "catalog"));
		DefaultGenerationContext context = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get("com.example", "Aot")), new InMemoryGeneratedFiles());
		contribution.applyTo(context, null);
		RuntimeHints hints = context.getRuntimeHints();
		assertThat(RuntimeHintsPredicates.reflection().onType(Item.class)).as("unwrapped from Mono").accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Price.class)).as("bound through Item").accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Part.class)).as("a @CacheableEach element").accepts(hints);
	}

	static class Catalog {

		@Cacheable("items")
		public Mono<Item> item(long id) {
			return Mono.just(new Item(id, new Price(100)));
		}

		@CacheableEach("parts")
		public Map<Long, Part> parts(Collection<Long> ids) {
			return Map.of();
		}

	}

	static class Plain {

		public String name() {
			return "no cached method";
		}

	}

	record Item(long id, Price price) {
	}

	record Price(long cents) {
	}

	record Part(String name) {
	}

}
