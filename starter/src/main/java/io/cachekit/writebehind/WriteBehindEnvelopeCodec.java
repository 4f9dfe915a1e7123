package io.cachekit.writebehind;

import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns envelopes into Kafka record values (UTF-8 JSON) and back, validating what it reads so that a
 * malformed record is rejected as a whole with a message saying why.
 */
public class WriteBehindEnvelopeCodec {

	private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

	private static final int MAX_ID_LENGTH = 512;

	private final ObjectMapper mapper;

	/**
	 * Creates a codec.
	 * @param mapper converts entity values to JSON and reads envelopes
	 */
	public WriteBehindEnvelopeCodec(ObjectMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * Converts an entity to the JSON object an envelope carries.
	 * @param value the entity
	 * @return its JSON form
	 * @throws IllegalArgumentException if the value does not serialize to a JSON object
	 */
	public JsonNode toPayload(Object value) {
		if (value == null) {
			throw new IllegalArgumentException("Write-behind value must not be null");
		}
		JsonNode payload = this.mapper.valueToTree(value);
		if (!payload.isObject()) {
			throw new IllegalArgumentException("Write-behind value must serialize to a JSON object, but "
					+ value.getClass().getName() + " serializes to " + payload.getNodeType());
		}
		return payload;
	}

	/**
	 * Writes an envelope as UTF-8 JSON.
	 * @param envelope the envelope
	 * @return the bytes
	 */
	public byte[] encode(WriteBehindEnvelope envelope) {
		return this.mapper.writeValueAsBytes(envelope);
	}

	/**
	 * Reads and validates an envelope.
	 * @param bytes the record value
	 * @return the envelope
	 * @throws InvalidEnvelopeException if the bytes are not a valid envelope
	 */
	public WriteBehindEnvelope decode(byte[] bytes) {
		if (bytes == null || bytes.length == 0) {
			throw new InvalidEnvelopeException("Write-behind record has no value");
		}
		WriteBehindEnvelope envelope;
		try {
			envelope = this.mapper.readValue(bytes, WriteBehindEnvelope.class);
		}
		catch (JacksonException ex) {
			throw new InvalidEnvelopeException("Write-behind record is not a valid envelope: " + ex.getOriginalMessage(),
					ex);
		}
		validate(envelope);
		return envelope;
	}

	/**
	 * Checks that an envelope can be persisted.
	 * @param envelope the envelope
	 * @throws InvalidEnvelopeException naming the first invalid field
	 */
	public static void validate(WriteBehindEnvelope envelope) {
		if (envelope.schemaVersion() != WriteBehindEnvelope.CURRENT_SCHEMA_VERSION) {
			throw new InvalidEnvelopeException("Unsupported envelope schemaVersion " + envelope.schemaVersion()
					+ " (supported: " + WriteBehindEnvelope.CURRENT_SCHEMA_VERSION + ")");
		}
		if (envelope.type() == null || !TYPE.matcher(envelope.type()).matches()) {
			throw new InvalidEnvelopeException("Envelope type '" + envelope.type()
					+ "' is invalid: use 1 to 64 letters, digits, '_', '.' or '-'");
		}
		if (envelope.id() == null || envelope.id().isBlank() || envelope.id().length() > MAX_ID_LENGTH) {
			throw new InvalidEnvelopeException("Envelope id must be 1 to " + MAX_ID_LENGTH + " characters, not blank");
		}
		if (envelope.version() <= 0) {
			throw new InvalidEnvelopeException("Envelope version must be positive, not " + envelope.version());
		}
		if (envelope.payload() == null || !envelope.payload().isObject()) {
			throw new InvalidEnvelopeException("Envelope payload must be a JSON object");
		}
	}

}
