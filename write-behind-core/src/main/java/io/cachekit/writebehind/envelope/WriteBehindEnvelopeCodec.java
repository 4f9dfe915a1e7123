package io.cachekit.writebehind.envelope;

import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

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
	 * Writes an envelope as UTF-8 JSON. The version is written only for the legacy format; the current one
	 * takes it from the record's offset.
	 * @param envelope the envelope
	 * @return the bytes
	 */
	public byte[] encode(WriteBehindEnvelope envelope) {
		ObjectNode json = this.mapper.createObjectNode();
		json.put("type", envelope.type());
		json.put("id", envelope.id());
		if (envelope.schemaVersion() == WriteBehindEnvelope.LEGACY_SCHEMA_VERSION) {
			json.put("version", envelope.version());
		}
		json.put("timestamp", envelope.timestamp());
		json.put("schemaVersion", envelope.schemaVersion());
		json.put("origin", envelope.origin());
		json.set("payload", envelope.payload());
		return this.mapper.writeValueAsBytes(json);
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
		JsonNode json;
		try {
			json = this.mapper.readTree(bytes);
		}
		catch (JacksonException ex) {
			throw new InvalidEnvelopeException("Write-behind record is not a valid envelope: " + ex.getOriginalMessage(),
					ex);
		}
		if (json == null || !json.isObject()) {
			throw new InvalidEnvelopeException("Write-behind record is not a valid envelope: not a JSON object");
		}
		WriteBehindEnvelope envelope = new WriteBehindEnvelope(text(json, "type"), text(json, "id"),
				number(json, "version", false), number(json, "timestamp", true), (int) number(json, "schemaVersion", true),
				text(json, "origin"), json.get("payload"));
		validate(envelope);
		return envelope;
	}

	private static String text(JsonNode json, String field) {
		JsonNode value = json.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw new InvalidEnvelopeException("Envelope " + field + " must be a string");
		}
		return value.asString();
	}

	private static long number(JsonNode json, String field, boolean required) {
		JsonNode value = json.get(field);
		if (value == null || value.isNull()) {
			if (required) {
				throw new InvalidEnvelopeException("Write-behind record is not a valid envelope: " + field + " is missing");
			}
			return 0;
		}
		if (!value.isIntegralNumber() || !value.canConvertToLong()) {
			throw new InvalidEnvelopeException("Envelope " + field + " must be a whole number, not " + value);
		}
		return value.asLong();
	}

	/**
	 * Checks that an envelope can be published or persisted; its version is checked only where the format
	 * carries it (see {@link #validateVersion}).
	 * @param envelope the envelope
	 * @throws InvalidEnvelopeException naming the first invalid field
	 */
	public static void validate(WriteBehindEnvelope envelope) {
		if (envelope.schemaVersion() != WriteBehindEnvelope.CURRENT_SCHEMA_VERSION
				&& envelope.schemaVersion() != WriteBehindEnvelope.LEGACY_SCHEMA_VERSION) {
			throw new InvalidEnvelopeException("Unsupported envelope schemaVersion " + envelope.schemaVersion()
					+ " (supported: " + WriteBehindEnvelope.LEGACY_SCHEMA_VERSION + " and "
					+ WriteBehindEnvelope.CURRENT_SCHEMA_VERSION + ")");
		}
		if (envelope.type() == null || !TYPE.matcher(envelope.type()).matches()) {
			throw new InvalidEnvelopeException("Envelope type '" + envelope.type()
					+ "' is invalid: use 1 to 64 letters, digits, '_', '.' or '-'");
		}
		if (envelope.id() == null || envelope.id().isBlank() || envelope.id().length() > MAX_ID_LENGTH) {
			throw new InvalidEnvelopeException("Envelope id must be 1 to " + MAX_ID_LENGTH + " characters, not blank");
		}
		if (envelope.schemaVersion() == WriteBehindEnvelope.LEGACY_SCHEMA_VERSION) {
			validateVersion(envelope);
		}
		if (envelope.payload() == null || !envelope.payload().isObject()) {
			throw new InvalidEnvelopeException("Envelope payload must be a JSON object");
		}
	}

	/**
	 * Checks that an envelope has its version, as it must before it is persisted.
	 * @param envelope the envelope
	 * @throws InvalidEnvelopeException if the version is not positive
	 */
	public static void validateVersion(WriteBehindEnvelope envelope) {
		if (envelope.version() <= 0) {
			throw new InvalidEnvelopeException("Envelope version must be positive, not " + envelope.version());
		}
	}

}
