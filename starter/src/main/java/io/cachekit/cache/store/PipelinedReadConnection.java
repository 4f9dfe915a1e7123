package io.cachekit.cache.store;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.redisson.client.RedisConnection;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.config.ReadMode;
import org.redisson.connection.ConnectionManager;
import org.redisson.connection.MasterSlaveEntry;

/**
 * One connection to the master, taken from Redisson's pool and kept, on which coalesced reads are
 * pipelined. Every coalesced read then goes through the one event-loop thread that owns the connection:
 * a command sent from a reply's callback is written at once instead of being handed to another thread,
 * and that thread stays busy instead of sleeping and waking for each command, which is where the time of
 * a cache hit goes when eight threads share two cores.
 * <p>
 * Used only where one master serves every read (standalone, sentinel or master-replica with
 * {@code readMode = MASTER}); with replica reads or Redis Cluster, Redisson's own routing is kept and
 * {@link #usable()} always answers {@code null}. A connection that closes, times out or no longer points
 * at the current master goes back to the pool and another is taken; until then reads use Redisson's
 * command executor.
 */
final class PipelinedReadConnection {

	private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final ConnectionManager connections;

	private final AtomicReference<Held> held = new AtomicReference<>();

	private final AtomicBoolean acquiring = new AtomicBoolean();

	private volatile boolean unsupported;

	private volatile boolean closed;

	private volatile long retryAtNanos = System.nanoTime();

	PipelinedReadConnection(ConnectionManager connections) {
		this.connections = connections;
	}

	/**
	 * The connection to pipeline a read on.
	 * @return the held connection, or {@code null} when there is none to use yet (one is then being
	 * taken) or never will be
	 */
	RedisConnection usable() {
		Held current = this.held.get();
		if (current != null) {
			if (current.usable()) {
				return current.connection;
			}
			drop(current.connection);
		}
		acquire();
		return null;
	}

	/**
	 * Gives a connection back to the pool after a read on it failed, so that the next read takes a fresh
	 * one; a later failure of an already dropped connection changes nothing.
	 * @param connection the connection the failed read was sent on
	 */
	void failed(RedisConnection connection) {
		drop(connection);
	}

	/** Gives the held connection back to the pool; no connection is taken afterwards. */
	void close() {
		this.closed = true;
		Held current = this.held.getAndSet(null);
		if (current != null) {
			current.release();
		}
	}

	private void drop(RedisConnection connection) {
		Held current = this.held.get();
		if (current != null && current.connection == connection && this.held.compareAndSet(current, null)) {
			current.release();
			this.retryAtNanos = System.nanoTime() + RETRY_NANOS;
		}
	}

	private void acquire() {
		if (this.unsupported || this.closed || System.nanoTime() - this.retryAtNanos < 0
				|| !this.acquiring.compareAndSet(false, true)) {
			return;
		}
		MasterSlaveEntry entry = onlyMasterServingReads();
		if (entry == null) {
			this.unsupported = true;
			this.acquiring.set(false);
			return;
		}
		try {
			entry.connectionWriteOp(RedisCommands.MGET).whenComplete((connection, failure) -> {
				if (failure != null) {
					this.retryAtNanos = System.nanoTime() + RETRY_NANOS;
				}
				else if (this.closed || !this.held.compareAndSet(null, new Held(entry, connection))) {
					entry.releaseWrite(connection);
				}
				this.acquiring.set(false);
			});
		}
		catch (RuntimeException ex) {
			this.retryAtNanos = System.nanoTime() + RETRY_NANOS;
			this.acquiring.set(false);
		}
	}

	private MasterSlaveEntry onlyMasterServingReads() {
		Collection<MasterSlaveEntry> entries = this.connections.getEntrySet();
		if (entries.size() != 1 || this.connections.getServiceManager().getCfg().isClusterConfig()) {
			return null;
		}
		MasterSlaveEntry entry = entries.iterator().next();
		return (entry.getConfig().getReadMode() == ReadMode.MASTER) ? entry : null;
	}

	/** A connection taken from an entry's master pool. */
	private record Held(MasterSlaveEntry entry, RedisConnection connection) {

		boolean usable() {
			return this.connection.isActive() && !this.connection.isClosed()
					&& this.connection.getRedisClient() == this.entry.getClient();
		}

		void release() {
			this.entry.releaseWrite(this.connection);
		}

	}

}
