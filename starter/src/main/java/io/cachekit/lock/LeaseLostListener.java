package io.cachekit.lock;

/**
 * Called when a held lock's lease was lost: a fixed lease expired before the protected code
 * finished, or the watchdog could not renew it (Redis unreachable, key removed). Declare beans of
 * this type to alert or to stop work; the holder's writes must be fenced from now on.
 */
@FunctionalInterface
public interface LeaseLostListener {

	/**
	 * Reacts to a lost lease. Runs on cachekit's lease-monitor thread; keep it short.
	 * @param event what was lost
	 */
	void leaseLost(LeaseLostEvent event);

}
