package io.cachekit.writebehind;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.cachekit.writebehind.envelope.InvalidEnvelopeException;
import io.cachekit.writebehind.envelope.WriteBehindEnvelope;
import io.cachekit.writebehind.envelope.WriteBehindEnvelopeCodec;
import io.cachekit.writebehind.envelope.WriteBehindHeaders;
import io.cachekit.writebehind.envelope.WriteBehindVersions;

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
	void currentEnvelopeRoundTripsWithoutItsVersion() {
		WriteBehindEnvelope envelope = new WriteBehindEnvelope("user", "1", 0, 1000,
				WriteBehindEnvelope.CURRENT_SCHEMA_VERSION, "shop", this.codec.toPayload(Map.of("name", "Ada")));
		byte[] bytes = this.codec.encode(envelope);
		assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("version\"");
		assertThat(this.codec.decode(bytes)).isEqualTo(envelope);
		assertThat(this.codec.decode(this.codec.encode(envelope.withVersion(7)))).isEqualTo(envelope);
	}

	@Test
	void currentEnvelopeGetsItsVersionFromTheRecordOffset() {
		org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
		assertThat(WriteBehindVersions.ofRecord(headers, 41)).isEqualTo(42);
		headers.add(WriteBehindHeaders.EPOCH, "2".getBytes());
		assertThat(WriteBehindVersions.ofRecord(headers, 41)).isEqualTo((2L << 48) + 42)
			.isGreaterThan(WriteBehindVersions.of(1, (1L << 48) - 2));
		headers.add(WriteBehindHeaders.VERSION, "5".getBytes());
		assertThat(WriteBehindVersions.ofRecord(headers, 41)).as("an explicit version wins").isEqualTo(5);
		headers.add(WriteBehindHeaders.VERSION, "x".getBytes());
		assertThatExceptionOfType(InvalidEnvelopeException.class)
			.isThrownBy(() -> WriteBehindVersions.ofRecord(headers, 41))
			.withMessageContaining("not a number");
	}

	@Test
	void unknownSchemaVersionIsInvalid() {
		assertThatExceptionOfType(InvalidEnvelopeException.class)
			.isThrownBy(() -> decode("{\"type\":\"user\",\"id\":\"1\",\"timestamp\":1,\"origin\":\"o\",\"version\":1,\"schemaVersion\":3,\"payload\":{}}"))
			.withMessageContaining("schemaVersion 3");
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
