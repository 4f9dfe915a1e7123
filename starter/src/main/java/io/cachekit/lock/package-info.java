/**
 * Distributed locks over Redisson fenced locks: the {@link io.cachekit.lock.DistributedLock}
 * annotation, its programmatic twin {@link io.cachekit.lock.LockTemplate}, fencing tokens through
 * {@link io.cachekit.lock.LockContext}, and lease-loss notification through
 * {@link io.cachekit.lock.LeaseLostListener}.
 */
package io.cachekit.lock;
