package io.cachekit.resilience;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.redisson.api.RedissonClient;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;

/**
 * Warns at startup when Redisson reads from replicas (Redisson's default {@code readMode} for Sentinel and
 * cluster setups is {@code SLAVE}): a replica lags its master, so a cache read right after a
 * write or an eviction can answer the old entry, and a write-behind pending read can miss a save. cachekit
 * expects {@code readMode: MASTER}; it does not change the setting itself, since the client is the
 * application's.
 */
public final class RedisReadModeCheck {

	private static final Log logger = LogFactory.getLog(RedisReadModeCheck.class);

	private RedisReadModeCheck() {
	}

	/**
	 * Checks a client's configuration.
	 * @param redisson the client
	 * @return whether reads go to replicas (and a warning was logged)
	 */
	public static boolean warnIfReadingFromReplicas(RedissonClient redisson) {
		ReadMode mode = readMode(redisson.getConfig());
		if (mode == null || mode == ReadMode.MASTER) {
			return false;
		}
		logger.warn("Redisson reads from replicas (readMode: " + mode + "): cache reads may answer an entry that "
				+ "was already overwritten or evicted on the master, and write-behind saves may be missed until the "
				+ "replica catches up. Set readMode: MASTER in the Redisson configuration (see docs/resilience.md, "
				+ "'Failover: Redis Sentinel').");
		return true;
	}

	private static ReadMode readMode(Config config) {
		BaseMasterSlaveServersConfig<?> servers = null;
		if (config.isSentinelConfig()) {
			servers = config.useSentinelServers();
		}
		else if (config.isClusterConfig()) {
			servers = config.useClusterServers();
		}
		return (servers != null) ? servers.getReadMode() : null;
	}

}
