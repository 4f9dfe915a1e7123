package io.cachekit.writebehind;

import io.cachekit.CachekitException;

/**
 * Thrown by a write-behind save when Kafka did not acknowledge the update in time. The update was not
 * acknowledged and the cache was left untouched; the caller may retry. Web layers answer 503.
 */
public class WriteBehindUnavailableException extends CachekitException {

	private final String type;

	private final String id;

	/**
	 * Creates an exception for an update that could not be made durable.
	 * @param type the entity type
	 * @param id the entity id
	 * @param cause why the broker did not acknowledge
	 */
	public WriteBehindUnavailableException(String type, String id, Throwable cause) {
		super("Write-behind update of " + type + " '" + id + "' was not acknowledged by Kafka ("
				+ describe(cause) + "); nothing was written, retry later", cause);
		this.type = type;
		this.id = id;
	}

	private static String describe(Throwable cause) {
		Throwable root = cause;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ((root.getMessage() != null) ? ": " + root.getMessage() : "");
	}

	/**
	 * The entity type of the failed update.
	 * @return the type
	 */
	public String getType() {
		return this.type;
	}

	/**
	 * The entity id of the failed update.
	 * @return the id
	 */
	public String getId() {
		return this.id;
	}

	@Override
	public int httpStatus() {
		return 503;
	}

	@Override
	public String title() {
		return "Write-behind unavailable";
	}

}
