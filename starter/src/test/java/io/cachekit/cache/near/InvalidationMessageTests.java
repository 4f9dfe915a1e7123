package io.cachekit.cache.near;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InvalidationMessageTests {

	@Test
	void roundTripsKeysWithFramingCharacters() {
		InvalidationMessage message = new InvalidationMessage(InvalidationMessage.Type.KEY, "p1", 42, "pro|duct",
				"a|b\r\n\u0000{x}*?");
		assertThat(InvalidationMessage.decode(message.encode())).isEqualTo(message);
	}

	@Test
	void roundTripsMessagesWithoutKey() {
		InvalidationMessage message = new InvalidationMessage(InvalidationMessage.Type.HEARTBEAT, "p1", 7, "product",
				null);
		assertThat(InvalidationMessage.decode(message.encode())).isEqualTo(message);
	}

	@Test
	void rejectsForeignMessages() {
		assertThatIllegalArgumentException().isThrownBy(() -> InvalidationMessage.decode("hello"))
			.withMessageContaining("Not a cachekit invalidation message");
	}

}
