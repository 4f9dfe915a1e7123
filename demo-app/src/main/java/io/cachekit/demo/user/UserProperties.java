package io.cachekit.demo.user;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the demo writes users, under {@code demo.users}.
 */
@ConfigurationProperties("demo.users")
public class UserProperties {

	/**
	 * How {@code PUT /api/users/{id}} writes: {@code behind} (Kafka, then the worker persists; the default) or
	 * {@code through} (MongoDB in the request with a majority, journaled write, then the cached copy is
	 * evicted). Write-through exists to compare the two (docs/benchmarks/http-write.md); switching modes on
	 * live data mixes two version sequences.
	 */
	private WriteMode writeMode = WriteMode.BEHIND;

	public WriteMode getWriteMode() {
		return this.writeMode;
	}

	public void setWriteMode(WriteMode writeMode) {
		this.writeMode = writeMode;
	}

	/** Where a user update goes before the request is answered. */
	public enum WriteMode {

		/** Kafka (acknowledged by the broker) and the write-behind pin; MongoDB later, in the worker. */
		BEHIND,

		/** MongoDB ({@code w: majority, j: true}); then the cached copy is evicted. */
		THROUGH

	}

}
