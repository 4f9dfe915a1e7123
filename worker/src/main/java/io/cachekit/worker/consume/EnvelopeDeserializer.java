package io.cachekit.worker.consume;

import org.apache.kafka.common.serialization.Deserializer;

import io.cachekit.writebehind.envelope.WriteBehindEnvelope;
import io.cachekit.writebehind.envelope.WriteBehindEnvelopeCodec;

/**
 * Reads and validates write-behind envelopes. Wrapped in an {@code ErrorHandlingDeserializer}, a record it
 * rejects reaches the listener with its error instead of stopping the partition.
 */
public class EnvelopeDeserializer implements Deserializer<WriteBehindEnvelope> {

	private final WriteBehindEnvelopeCodec codec;

	/**
	 * Creates a deserializer.
	 * @param codec reads envelopes
	 */
	public EnvelopeDeserializer(WriteBehindEnvelopeCodec codec) {
		this.codec = codec;
	}

	@Override
	public WriteBehindEnvelope deserialize(String topic, byte[] data) {
		return this.codec.decode(data);
	}

}
