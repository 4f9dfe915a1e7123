/**
 * Rate limits decided atomically in Redis by Lua scripts (fixed window, exact and approximate
 * sliding windows, token bucket): the {@link io.cachekit.ratelimit.RateLimited} annotation, the
 * {@link io.cachekit.ratelimit.RateLimitEnforcer} that applies a rule's failure policy, and the
 * exceptions the web layer renders as 429 and 503.
 */
package io.cachekit.ratelimit;
