package io.cachekit.writebehind.envelope;

import tools.jackson.databind.JsonNode;

/**
 * One write-behind update as it travels through Kafka: what changed ({@code type} and {@code id}), its
 * position in the key's history ({@code version}, strictly increasing per key), when it was accepted, the
 * envelope format ({@code schemaVersion}), the new state as a JSON object and the application that wrote
 * it.
 * <p>
 * From schema version 2 on, the version is not part of the record value: the broker assigns it when it
 * appends the record ({@link WriteBehindVersions}). An envelope that is being published, or that was just
 * read from a record, has version 0 until {@link #withVersion(long)} gives it the record's.
 *
 * @param type the entity type, also the cache name and the MongoDB collection
 * @param id the entity id, also the Kafka record key and the MongoDB {@code _id}
 * @param version the version of this update, greater than every earlier one for the key; 0 while unknown
 * @param timestamp when the update was accepted, in milliseconds since the epoch
 * @param schemaVersion the envelope format version
 * @param origin the application that published the update
 * @param payload the entity's new state, a JSON object
 */
public record WriteBehindEnvelope(String type, String id, long version, long timestamp, int schemaVersion,
		String origin, JsonNode payload) {

	/**
	 * The field that holds the version in the document the worker stores, and in a pending value served to
	 * caches before that.
	 */
	public static final String VERSION_FIELD = "version";


	/** The envelope format this version of cachekit writes. */
	public static final int CURRENT_SCHEMA_VERSION = 2;

	/** The format of cachekit 0.1, whose records carry a version taken from a Redis counter; still read. */
	public static final int LEGACY_SCHEMA_VERSION = 1;

	/**
	 * This envelope with its version set.
	 * @param assigned the version of the record that carries it
	 * @return the envelope
	 */
	public WriteBehindEnvelope withVersion(long assigned) {
		return new WriteBehindEnvelope(this.type, this.id, assigned, this.timestamp, this.schemaVersion, this.origin,
				this.payload);
	}

}
