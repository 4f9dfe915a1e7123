package io.cachekit.lock;

/**
 * Published to {@link LeaseLostListener}s when a lock's lease ran out, or could not be renewed,
 * while its holder was still running.
 *
 * @param lockName the lock's name in Redis
 * @param fencingToken the token of the acquisition whose lease was lost
 * @param holder the thread that still runs the protected code
 * @param reason what was observed
 */
public record LeaseLostEvent(String lockName, long fencingToken, Thread holder, String reason) {

}
