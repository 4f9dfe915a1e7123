package io.cachekit.writebehind;

import tools.jackson.databind.JsonNode;

/**
 * One write-behind update as it travels through Kafka: what changed ({@code type} and {@code id}), its
 * position in the key's history ({@code version}, strictly increasing per key), when it was accepted, the
 * envelope format ({@code schemaVersion}), the new state as a JSON object and the application that wrote
 * it.
 *
 * @param type the entity type, also the cache name and the MongoDB collection
 * @param id the entity id, also the Kafka record key and the MongoDB {@code _id}
 * @param version the version assigned to this update, greater than every earlier one for the key
 * @param timestamp when the update was accepted, in milliseconds since the epoch
 * @param schemaVersion the envelope format version
 * @param origin the application that published the update
 * @param payload the entity's new state, a JSON object
 */
public record WriteBehindEnvelope(String type, String id, long version, long timestamp, int schemaVersion,
		String origin, JsonNode payload) {

	/** The envelope format this version of cachekit writes and reads. */
	public static final int CURRENT_SCHEMA_VERSION = 1;

}
