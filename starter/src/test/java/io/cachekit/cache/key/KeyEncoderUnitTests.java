package io.cachekit.cache.key;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.cache.interceptor.SimpleKey;

import io.cachekit.keys.KeyEncoder;

import static org.assertj.core.api.Assertions.assertThat;

class KeyEncoderUnitTests {

	private final KeyEncoder encoder = new KeyEncoder(256);

	@Test
	void plainKeysStayReadable() {
		assertThat(this.encoder.encodeKey(42L)).isEqualTo("42");
		assertThat(this.encoder.encodeKey("user-7_a.b")).isEqualTo("user-7_a.b");
	}

	@Test
	void separatorsGlobsAndBracesAreEscaped() {
		assertThat(this.encoder.encodeKey("a:b*c?[d]\\{e}\r\n\0")).doesNotContainPattern("[:*?\\[\\]\\\\{}\\r\\n\\x00]");
	}

	@Test
	void encodingIsInjective() {
		Set<String> encoded = new HashSet<>();
		for (String key : new String[] { "a:b", "a%3Ab", "a%b", "#61", "~", "\uD800", "?", "a b", "a+b" }) {
			assertThat(encoded.add(this.encoder.encodeKey(key))).as(key).isTrue();
		}
		assertThat(encoded.add(this.encoder.encodeKey(new byte[] { 0x61 }))).isTrue();
	}

	@Test
	void methodArgumentsAreEncodedOneByOne() {
		Set<String> encoded = new HashSet<>();
		Object[] keys = { new SimpleKey("a, b", "c"), new SimpleKey("a", "b, c"), "SimpleKey [a, b, c]",
				new SimpleKey("a", null), new SimpleKey("a", "null"), new SimpleKey("a", "!"), SimpleKey.EMPTY, "()",
				new SimpleKey(new SimpleKey("a", "b"), "c"), new SimpleKey("a", new SimpleKey("b", "c")),
				new SimpleKey("(a,b)"), new SimpleKey("a,b"), new SimpleKey(new byte[] { 1 }, "x"),
				new SimpleKey("#01", "x"), new Object[] { "a", "b" }, "[a, b]" };
		for (Object key : keys) {
			assertThat(encoded.add(this.encoder.encodeKey(key))).as("%s", key).isTrue();
		}
		assertThat(this.encoder.encodeKey(new SimpleKey(42L, "user-7"))).isEqualTo("(42,user-7)");
		assertThat(this.encoder.encodeKey(new SimpleKey("a:b", "*"))).isEqualTo("(a%3ab,%2a)");
	}

	@Test
	void longKeysAreHashedWithAReadablePrefix() {
		String key = "k".repeat(1000);
		String encoded = this.encoder.encodeKey(key);
		assertThat(encoded).hasSizeLessThanOrEqualTo(256).startsWith("kkkk").contains("~");
		assertThat(this.encoder.encodeKey(key + "x")).isNotEqualTo(encoded);
	}

	@Test
	void patternsKeepOnlyStarAndQuestionMarkAsWildcards() {
		assertThat(this.encoder.encodePattern("user-*")).isEqualTo("user-*");
		assertThat(this.encoder.encodePattern("[a]:*")).isEqualTo("%5ba%5d%3a*");
	}

}
