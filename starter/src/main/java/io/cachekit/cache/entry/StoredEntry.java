package io.cachekit.cache.entry;

import java.util.Arrays;

/**
 * One cache entry as stored in Redis, decoded by {@link EntryCodec}: the codec of the payload, the cache
 * generation it belongs to (an entry of another generation is a miss), when and for how long it was written, the tags it carries with the tag versions current at write time, and the
 * JSON payload (already decompressed).
 *
 * @param codec {@link EntryCodec#JSON}, {@link EntryCodec#LZ4_JSON} or {@link EntryCodec#NULL}
 * @param generation the cache generation the entry was written in
 * @param writtenAtMillis epoch milliseconds of the write
 * @param ttlMillis the TTL the entry was written with, 0 for none
 * @param tags the tags, possibly empty
 * @param tagVersions the versions of the tags at write time
 * @param buffer the bytes holding the JSON payload
 * @param offset where the JSON payload starts in the buffer
 * @param length the length of the JSON payload, 0 for {@code null} values
 */
public record StoredEntry(byte codec, long generation, long writtenAtMillis, long ttlMillis, String[] tags, long[] tagVersions,
		byte[] buffer, int offset, int length) {

	/**
	 * A copy of the JSON payload.
	 * @return the JSON bytes
	 */
	public byte[] json() {
		return Arrays.copyOfRange(this.buffer, this.offset, this.offset + this.length);
	}

	/**
	 * Whether the entry stands for a cached {@code null}.
	 * @return {@code true} for a {@code null} marker
	 */
	public boolean isNull() {
		return this.codec == EntryCodec.NULL;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof StoredEntry that) && this.codec == that.codec && this.generation == that.generation
				&& this.writtenAtMillis == that.writtenAtMillis && this.ttlMillis == that.ttlMillis
				&& Arrays.equals(this.tags, that.tags) && Arrays.equals(this.tagVersions, that.tagVersions)
				&& Arrays.equals(json(), that.json());
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(json()) * 31 + Arrays.hashCode(this.tags);
	}

	@Override
	public String toString() {
		return "StoredEntry[codec=" + this.codec + ", generation=" + this.generation + ", writtenAt=" + this.writtenAtMillis + ", ttl=" + this.ttlMillis
				+ ", tags=" + Arrays.toString(this.tags) + ", json=" + this.length + " bytes]";
	}

}
