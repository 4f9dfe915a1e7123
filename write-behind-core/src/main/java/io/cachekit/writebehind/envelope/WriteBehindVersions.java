package io.cachekit.writebehind.envelope;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The versions of write-behind updates, taken from Kafka rather than Redis: an update's version is the offset
 * of its record in the topic partition that the key maps to, plus one, above a small epoch. The broker assigns
 * offsets in the order it appends records, durably, so one key's versions grow strictly in the order its
 * updates were acknowledged, whatever happens to Redis (a flush, a restart without persistence, a failover to
 * a replica that lagged, the eviction of any key).
 * <p>
 * Offsets of different partitions cannot be compared. A key keeps its partition as long as the topic's
 * partition count does not change; after changing it (or recreating the topic), raise the epoch
 * ({@code cachekit.write-behind.version-epoch}), which puts every later version above every earlier one.
 */
public final class WriteBehindVersions {

	/** The highest epoch. */
	public static final int MAX_EPOCH = (1 << 15) - 1;

	private static final int OFFSET_BITS = 48;

	private static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;

	private WriteBehindVersions() {
	}

	/**
	 * The version of the record at an offset.
	 * @param epoch the version epoch, 0 to {@link #MAX_EPOCH}
	 * @param offset the record's offset in its partition
	 * @return the version, always positive
	 * @throws IllegalArgumentException if the epoch or offset is out of range
	 */
	public static long of(int epoch, long offset) {
		if (epoch < 0 || epoch > MAX_EPOCH) {
			throw new IllegalArgumentException("Version epoch must be between 0 and " + MAX_EPOCH + ", not " + epoch);
		}
		if (offset < 0 || offset >= OFFSET_MASK) {
			throw new IllegalArgumentException("Offset " + offset + " is out of the range of write-behind versions");
		}
		return ((long) epoch << OFFSET_BITS) | (offset + 1);
	}

	/**
	 * The version of a write-behind record: its {@link WriteBehindHeaders#VERSION} header if it has one (a
	 * record copied from another topic, or written by cachekit 0.1), otherwise its offset above the epoch in its
	 * {@link WriteBehindHeaders#EPOCH} header (0 without one).
	 * @param headers the record's headers
	 * @param offset the record's offset
	 * @return the version
	 * @throws InvalidEnvelopeException if a header is malformed
	 */
	public static long ofRecord(Headers headers, long offset) {
		Header explicit = headers.lastHeader(WriteBehindHeaders.VERSION);
		if (explicit != null) {
			long version = parse(explicit);
			if (version <= 0) {
				throw new InvalidEnvelopeException("Header " + WriteBehindHeaders.VERSION + " must be positive, not "
						+ version);
			}
			return version;
		}
		Header epoch = headers.lastHeader(WriteBehindHeaders.EPOCH);
		long value = (epoch != null) ? parse(epoch) : 0;
		if (value < 0 || value > MAX_EPOCH) {
			throw new InvalidEnvelopeException("Header " + WriteBehindHeaders.EPOCH + " must be between 0 and "
					+ MAX_EPOCH + ", not " + value);
		}
		return of((int) value, offset);
	}

	private static long parse(Header header) {
		String text = (header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : "";
		try {
			return Long.parseLong(text.strip());
		}
		catch (NumberFormatException ex) {
			throw new InvalidEnvelopeException("Header " + header.key() + " is not a number: '" + text + "'");
		}
	}

	/**
	 * The epoch of a version.
	 * @param version the version
	 * @return its epoch
	 */
	public static int epoch(long version) {
		return (int) (version >>> OFFSET_BITS);
	}

	/**
	 * The record offset a version was taken from.
	 * @param version the version
	 * @return the offset
	 */
	public static long offset(long version) {
		return (version & OFFSET_MASK) - 1;
	}

}
