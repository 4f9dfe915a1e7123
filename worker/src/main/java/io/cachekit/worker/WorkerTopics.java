package io.cachekit.worker;

/**
 * The topics the worker consumes and dead-letters to, resolved once from {@code cachekit.worker.topic} or the
 * namespace ({@code <namespace>.write-behind}, as the applications publish).
 *
 * @param writeBehind the write-behind topic
 * @param deadLetter the dead-letter topic
 */
public record WorkerTopics(String writeBehind, String deadLetter) {
}
