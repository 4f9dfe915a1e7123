package io.cachekit.cache.entry;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;

/**
 * Binary layout of a stored entry: a leading codec byte, a small header and the payload.
 *
 * <pre>
 * codec (1 byte: 0 JSON, 1 LZ4-compressed JSON, 2 cached null)
 * generation                          (8 bytes, big-endian: the cache generation the entry belongs to)
 * written-at millis, TTL millis       (varints)
 * tag count, then per tag: UTF-8 length, UTF-8 bytes, version (varints)
 * [LZ4 only: uncompressed length (varint)]
 * payload
 * </pre>
 *
 * The generation sits at a fixed place (bytes 1 to 8) so that a script can compare it without decoding the rest.
 * The codec byte lets a rolling upgrade change codecs: readers accept every codec they know and treat any
 * other byte as unreadable. Nothing here instantiates classes: the payload is handed to Jackson with the
 * caller's declared type.
 */
public final class EntryCodec {

	/** Codec byte of plain JSON. */
	public static final byte JSON = 0;

	/** Codec byte of LZ4-compressed JSON. */
	public static final byte LZ4_JSON = 1;

	/** Codec byte of a cached {@code null}. */
	public static final byte NULL = 2;

	private static final int MAX_TAGS = 1024;

	private static final int MAX_UNCOMPRESSED = 512 * 1024 * 1024;

	private static final String[] NO_TAGS = new String[0];

	private static final long[] NO_VERSIONS = new long[0];

	private static final byte[] EMPTY = new byte[0];

	private final LZ4Compressor compressor = LZ4Factory.fastestInstance().fastCompressor();

	private final LZ4FastDecompressor decompressor = LZ4Factory.fastestInstance().fastDecompressor();

	/** Where the generation starts in a stored entry. */
	public static final int GENERATION_OFFSET = 1;

	/** Where the varint header starts, after the codec byte and the generation. */
	private static final int HEADER_OFFSET = GENERATION_OFFSET + Long.BYTES;

	/**
	 * Encodes an entry.
	 * @param json the JSON payload, or {@code null} for a cached {@code null}
	 * @param generation the cache generation the entry belongs to
	 * @param writtenAtMillis epoch milliseconds of the write
	 * @param ttlMillis the TTL, 0 for none
	 * @param tags the tags
	 * @param tagVersions the tag versions
	 * @param compressionThreshold payload size from which to compress, 0 for never
	 * @return the bytes to store
	 */
	public byte[] encode(byte[] json, long generation, long writtenAtMillis, long ttlMillis, String[] tags,
			long[] tagVersions, int compressionThreshold) {
		byte codec = (json == null) ? NULL
				: (compressionThreshold > 0 && json.length >= compressionThreshold) ? LZ4_JSON : JSON;
		byte[] payload = (json != null) ? json : EMPTY;
		if (codec == LZ4_JSON) {
			byte[] compressed = compress(json);
			if (compressed.length >= json.length) {
				codec = JSON;
			}
			else {
				payload = compressed;
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 40);
		out.write(codec);
		out.writeBytes(generationBytes(generation));
		writeVarLong(out, writtenAtMillis);
		writeVarLong(out, ttlMillis);
		writeVarLong(out, tags.length);
		for (int i = 0; i < tags.length; i++) {
			byte[] tag = tags[i].getBytes(StandardCharsets.UTF_8);
			writeVarLong(out, tag.length);
			out.write(tag, 0, tag.length);
			writeVarLong(out, tagVersions[i]);
		}
		if (codec == LZ4_JSON) {
			writeVarLong(out, json.length);
		}
		out.write(payload, 0, payload.length);
		return out.toByteArray();
	}

	/**
	 * The bytes a generation is stored as, e.g. for a script that compares them.
	 * @param generation the generation
	 * @return 8 bytes, big-endian
	 */
	public static byte[] generationBytes(long generation) {
		byte[] bytes = new byte[Long.BYTES];
		for (int i = Long.BYTES - 1; i >= 0; i--) {
			bytes[i] = (byte) generation;
			generation >>>= 8;
		}
		return bytes;
	}

	private byte[] compress(byte[] json) {
		byte[] buffer = new byte[this.compressor.maxCompressedLength(json.length)];
		int length = this.compressor.compress(json, 0, json.length, buffer, 0, buffer.length);
		byte[] compressed = new byte[length];
		System.arraycopy(buffer, 0, compressed, 0, length);
		return compressed;
	}

	/**
	 * Decodes an entry.
	 * @param bytes the stored bytes
	 * @return the entry
	 * @throws UnreadableEntryException if the bytes are not an entry this codec knows
	 */
	public StoredEntry decode(byte[] bytes) {
		if (bytes.length == 0) {
			throw new UnreadableEntryException("empty value");
		}
		byte codec = bytes[0];
		if (codec != JSON && codec != LZ4_JSON && codec != NULL) {
			throw new UnreadableEntryException("unknown codec byte " + (codec & 0xFF));
		}
		if (bytes.length < HEADER_OFFSET) {
			throw new UnreadableEntryException("truncated header");
		}
		long generation = 0;
		for (int i = GENERATION_OFFSET; i < HEADER_OFFSET; i++) {
			generation = (generation << 8) | (bytes[i] & 0xFF);
		}
		Reader in = new Reader(bytes);
		long writtenAt = in.varLong();
		long ttl = in.varLong();
		int tagCount = in.length(MAX_TAGS);
		String[] tags = (tagCount == 0) ? NO_TAGS : new String[tagCount];
		long[] versions = (tagCount == 0) ? NO_VERSIONS : new long[tagCount];
		for (int i = 0; i < tagCount; i++) {
			int length = in.length(bytes.length);
			tags[i] = new String(in.bytes(length), StandardCharsets.UTF_8);
			versions[i] = in.varLong();
		}
		if (codec == NULL) {
			in.end();
			return new StoredEntry(codec, generation, writtenAt, ttl, tags, versions, EMPTY, 0, 0);
		}
		if (codec == LZ4_JSON) {
			int length = in.length(MAX_UNCOMPRESSED);
			byte[] json = new byte[length];
			try {
				int read = this.decompressor.decompress(bytes, in.position, json, 0, length);
				if (in.position + read != bytes.length) {
					throw new UnreadableEntryException("trailing bytes after compressed payload");
				}
			}
			catch (RuntimeException ex) {
				throw (ex instanceof UnreadableEntryException unreadable) ? unreadable
						: new UnreadableEntryException("corrupt LZ4 payload");
			}
			return new StoredEntry(codec, generation, writtenAt, ttl, tags, versions, json, 0, json.length);
		}
		return new StoredEntry(codec, generation, writtenAt, ttl, tags, versions, bytes, in.position,
				bytes.length - in.position);
	}

	private static void writeVarLong(ByteArrayOutputStream out, long value) {
		while ((value & ~0x7FL) != 0) {
			out.write((int) ((value & 0x7F) | 0x80));
			value >>>= 7;
		}
		out.write((int) value);
	}

	private static final class Reader {

		private final byte[] bytes;

		private int position = HEADER_OFFSET;

		Reader(byte[] bytes) {
			this.bytes = bytes;
		}

		long varLong() {
			long value = 0;
			for (int shift = 0; shift < 64; shift += 7) {
				if (this.position >= this.bytes.length) {
					throw new UnreadableEntryException("truncated header");
				}
				byte b = this.bytes[this.position++];
				value |= (long) (b & 0x7F) << shift;
				if ((b & 0x80) == 0) {
					return value;
				}
			}
			throw new UnreadableEntryException("malformed varint");
		}

		int length(int max) {
			long value = varLong();
			if (value < 0 || value > max) {
				throw new UnreadableEntryException("length out of range");
			}
			return (int) value;
		}

		byte[] bytes(int length) {
			if (this.position + length > this.bytes.length) {
				throw new UnreadableEntryException("truncated value");
			}
			byte[] result = new byte[length];
			System.arraycopy(this.bytes, this.position, result, 0, length);
			this.position += length;
			return result;
		}

		void end() {
			if (this.position != this.bytes.length) {
				throw new UnreadableEntryException("trailing bytes");
			}
		}

	}

}
