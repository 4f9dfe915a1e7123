package io.cachekit.writebehind;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link WriteBehindEnvelopeCodec}.
 */
class WriteBehindEnvelopeCodecUnitTests {

	private final WriteBehindEnvelopeCodec codec = new WriteBehindEnvelopeCodec(new JsonMapper());

	@Test
	void envelopeRoundTrips() {
		WriteBehindEnvelope envelope = new WriteBehindEnvelope("user", "1", 3, 1000, 1, "shop",
				this.codec.toPayload(Map.of("name", "Ada")));
		assertThat(this.codec.decode(this.codec.encode(envelope))).isEqualTo(envelope);
	}

	@Test
	void malformedJsonIsInvalid() {
		assertThatExceptionOfType(InvalidEnvelopeException.class).isThrownBy(() -> decode("{not json"))
			.withMessageContaining("not a valid envelope");
	}

	@Test
	void unknownSchemaVersionIsInvalid() {
		assertThatExceptionOfType(InvalidEnvelopeException.class)
			.isThrownBy(() -> decode("{\"type\":\"user\",\"id\":\"1\",\"timestamp\":1,\"origin\":\"o\",\"version\":1,\"schemaVersion\":2,\"payload\":{}}"))
			.withMessageContaining("schemaVersion 2");
	}

	@Test
	void nonPositiveVersionIsInvalid() {
		assertThatExceptionOfType(InvalidEnvelopeException.class)
			.isThrownBy(() -> decode("{\"type\":\"user\",\"id\":\"1\",\"timestamp\":1,\"origin\":\"o\",\"version\":0,\"schemaVersion\":1,\"payload\":{}}"))
			.withMessageContaining("version must be positive");
	}

	@Test
	void typeThatCannotNameACollectionIsInvalid() {
		assertThatExceptionOfType(InvalidEnvelopeException.class)
			.isThrownBy(() -> decode("{\"type\":\"$bad\",\"id\":\"1\",\"timestamp\":1,\"origin\":\"o\",\"version\":1,\"schemaVersion\":1,\"payload\":{}}"))
			.withMessageContaining("type '$bad' is invalid");
	}

	@Test
	void payloadThatIsNotAnObjectIsInvalid() {
		assertThatExceptionOfType(InvalidEnvelopeException.class)
			.isThrownBy(() -> decode("{\"type\":\"user\",\"id\":\"1\",\"timestamp\":1,\"origin\":\"o\",\"version\":1,\"schemaVersion\":1,\"payload\":[1]}"))
			.withMessageContaining("payload must be a JSON object");
	}

	@Test
	void emptyValueIsInvalid() {
		assertThatExceptionOfType(InvalidEnvelopeException.class).isThrownBy(() -> this.codec.decode(new byte[0]))
			.withMessageContaining("no value");
	}

	private WriteBehindEnvelope decode(String json) {
		return this.codec.decode(json.getBytes(StandardCharsets.UTF_8));
	}

}
