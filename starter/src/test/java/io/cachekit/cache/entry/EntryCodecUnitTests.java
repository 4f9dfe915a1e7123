package io.cachekit.cache.entry;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EntryCodecUnitTests {

	private final EntryCodec codec = new EntryCodec();

	@Test
	void roundTripsHeaderTagsAndPayload() {
		byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
		StoredEntry entry = this.codec.decode(this.codec.encode(json, 77, 123, 456, new String[] { "t:1", "ü" },
				new long[] { 7, 8 }, 0));
		assertThat(entry).isEqualTo(new StoredEntry(EntryCodec.JSON, 77, 123, 456, new String[] { "t:1", "ü" },
				new long[] { 7, 8 }, json, 0, json.length));
	}

	@Test
	void compressesAboveTheThreshold() {
		byte[] json = ("{\"text\":\"" + "abc".repeat(2000) + "\"}").getBytes(StandardCharsets.UTF_8);
		byte[] encoded = this.codec.encode(json, 1, 0, 0, new String[0], new long[0], 2048);
		assertThat(encoded[0]).isEqualTo(EntryCodec.LZ4_JSON);
		assertThat(encoded.length).isLessThan(json.length / 10);
		assertThat(this.codec.decode(encoded).json()).isEqualTo(json);
	}

	@Test
	void keepsSmallValuesUncompressed() {
		byte[] encoded = this.codec.encode("{}".getBytes(), 1, 0, 0, new String[0], new long[0], 2048);
		assertThat(encoded[0]).isEqualTo(EntryCodec.JSON);
	}

	@Test
	void encodesNull() {
		assertThat(this.codec.decode(this.codec.encode(null, 1, 0, 0, new String[0], new long[0], 0)).isNull()).isTrue();
	}

	@Test
	void rejectsUnknownCodecAndTruncatedValues() {
		assertThatExceptionOfType(UnreadableEntryException.class).isThrownBy(() -> this.codec.decode(new byte[] { 9 }));
		assertThatExceptionOfType(UnreadableEntryException.class).isThrownBy(() -> this.codec.decode(new byte[0]));
		assertThatExceptionOfType(UnreadableEntryException.class)
			.isThrownBy(() -> this.codec.decode(new byte[] { 1, (byte) 0x80 }));
		assertThatExceptionOfType(UnreadableEntryException.class)
			.isThrownBy(() -> this.codec.decode(new byte[] { 0, 0, 0, 5, 1 }));
	}

}
