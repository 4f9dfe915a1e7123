package io.cachekit.demo.payment;

import io.cachekit.CachekitException;

/**
 * Thrown when MongoDB refused a charge because a newer lock holder already wrote the order: this
 * caller's lease ran out while it was paused. Rendered as 409 problem+json by cachekit's web
 * support, like every {@link CachekitException}.
 */
public class StaleLockHolderException extends CachekitException {

	StaleLockHolderException(String orderId, long fencingToken) {
		super("Order '" + orderId + "' was already written by a newer lock holder; the write with fencing token "
				+ fencingToken + " was rejected");
	}

	@Override
	public int httpStatus() {
		return 409;
	}

	@Override
	public String title() {
		return "Stale lock holder";
	}

}
