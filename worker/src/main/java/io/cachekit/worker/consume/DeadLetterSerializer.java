package io.cachekit.worker.consume;

import org.apache.kafka.common.serialization.Serializer;

import io.cachekit.writebehind.envelope.WriteBehindEnvelope;
import io.cachekit.writebehind.envelope.WriteBehindEnvelopeCodec;

/**
 * Writes dead-letter values: the original bytes of a record that could not be read, or the envelope of one
 * MongoDB refused.
 */
public class DeadLetterSerializer implements Serializer<Object> {

	private final WriteBehindEnvelopeCodec codec;

	/**
	 * Creates a serializer.
	 * @param codec writes envelopes
	 */
	public DeadLetterSerializer(WriteBehindEnvelopeCodec codec) {
		this.codec = codec;
	}

	@Override
	public byte[] serialize(String topic, Object data) {
		if (data == null || data instanceof byte[]) {
			return (byte[]) data;
		}
		if (data instanceof WriteBehindEnvelope envelope) {
			return this.codec.encode(envelope);
		}
		throw new IllegalArgumentException("Cannot dead-letter a " + data.getClass().getName());
	}

}
