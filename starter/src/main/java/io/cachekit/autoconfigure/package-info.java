/**
 * Auto-configuration for cachekit. Depends on the feature packages, never the reverse.
 * {@code cachekit.enabled=false} turns every part off.
 */
package io.cachekit.autoconfigure;
