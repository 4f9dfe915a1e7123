/**
 * Replaying the dead-letter topic into the write-behind topic once the cause of the failures is fixed.
 */
package io.cachekit.worker.replay;
