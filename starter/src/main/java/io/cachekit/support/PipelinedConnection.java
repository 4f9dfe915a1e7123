package io.cachekit.support;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.redisson.client.RedisConnection;
import org.redisson.client.RedisException;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.codec.Codec;
import org.redisson.client.protocol.RedisCommand;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.command.CommandAsyncExecutor;
import org.redisson.config.ReadMode;
import org.redisson.connection.ConnectionManager;
import org.redisson.connection.MasterSlaveEntry;

/**
 * One connection to the master, taken from Redisson's pool and kept, on which commands are pipelined.
 * Every command sent through it then goes through the one event-loop thread that owns the connection: a
 * command sent from a reply's callback is written at once instead of being handed to another thread, and
 * that thread stays busy instead of sleeping and waking for each command, which is where the time of a
 * short command goes when eight threads share two cores. Commands on one connection are also executed by
 * Redis in the order they were sent.
 * <p>
 * Used only where one master serves every command (standalone, sentinel or master-replica with
 * {@code readMode = MASTER}); with replica reads or Redis Cluster, Redisson's own routing is kept and
 * {@link #usable()} always answers {@code null}. A connection that closes, fails a command or no longer
 * points at the current master goes back to the pool and another is taken; until then commands go through
 * Redisson's command executor.
 */
public final class PipelinedConnection {

	private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final ConnectionManager connections;

	private final AtomicReference<Held> held = new AtomicReference<>();

	private final AtomicBoolean acquiring = new AtomicBoolean();

	private volatile boolean unsupported;

	private volatile boolean closed;

	private volatile long retryAtNanos = System.nanoTime();

	/**
	 * Creates a pipeline that takes its connection from the first use on.
	 * @param connections Redisson's connection manager
	 */
	public PipelinedConnection(ConnectionManager connections) {
		this.connections = connections;
	}

	/**
	 * Sends a read on the held connection, or through the executor's read routing while there is none; a
	 * failure on the held connection gives it back to the pool.
	 * @param executor the executor for commands that cannot be pipelined
	 * @param timeoutMillis how long the command may take on the held connection
	 * @param key the key that routes the command
	 * @param codec the codec of the answer
	 * @param command the command
	 * @param params its arguments
	 * @param <T> the type the command decodes
	 * @param <R> the type of the answer
	 * @return the answer
	 */
	public <T, R> CompletableFuture<R> read(CommandAsyncExecutor executor, long timeoutMillis, String key, Codec codec,
			RedisCommand<T> command, Object... params) {
		return send(executor, false, timeoutMillis, key, codec, command, params);
	}

	/**
	 * Sends a write on the held connection, or to the key's master through the executor while there is none;
	 * a failure on the held connection gives it back to the pool.
	 * @param executor the executor for commands that cannot be pipelined
	 * @param timeoutMillis how long the command may take on the held connection
	 * @param key the key that routes the command
	 * @param codec the codec of the answer
	 * @param command the command
	 * @param params its arguments
	 * @param <T> the type the command decodes
	 * @param <R> the type of the answer
	 * @return the answer
	 */
	public <T, R> CompletableFuture<R> write(CommandAsyncExecutor executor, long timeoutMillis, String key, Codec codec,
			RedisCommand<T> command, Object... params) {
		return send(executor, true, timeoutMillis, key, codec, command, params);
	}

	private <T, R> CompletableFuture<R> send(CommandAsyncExecutor executor, boolean write, long timeoutMillis,
			String key, Codec codec, RedisCommand<T> command, Object... params) {
		RedisConnection connection = usable();
		CompletableFuture<R> reply;
		try {
			reply = ((connection != null) ? connection.<T, R>async(timeoutMillis, codec, command, params)
					: write ? executor.<T, R>writeAsync(key, codec, command, params)
							: executor.<T, R>readAsync(key, codec, command, params))
				.toCompletableFuture();
		}
		catch (RuntimeException ex) {
			reply = CompletableFuture.failedFuture(ex);
		}
		if (connection != null) {
			reply.whenComplete((answer, failure) -> {
				if (failure != null && !isErrorReply(failure)) {
					failed(connection);
				}
			});
		}
		return reply;
	}

	/**
	 * Whether Redis itself answered with an error (such as {@code NOSCRIPT}), which says nothing about the
	 * connection; timeouts, closed connections and redirects do.
	 */
	private static boolean isErrorReply(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		return cause instanceof RedisNoScriptException || cause.getClass() == RedisException.class;
	}

	/**
	 * The connection to pipeline a command on.
	 * @return the held connection, or {@code null} when there is none to use yet (one is then being
	 * taken) or never will be
	 */
	public RedisConnection usable() {
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
	 * Gives a connection back to the pool after a command on it failed, so that the next command takes a
	 * fresh one; a later failure of an already dropped connection changes nothing.
	 * @param connection the connection the failed command was sent on
	 */
	public void failed(RedisConnection connection) {
		drop(connection);
	}

	/** Gives the held connection back to the pool; no connection is taken afterwards. */
	public void close() {
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
				else {
					Held taken = new Held(entry, connection);
					if (this.closed || !this.held.compareAndSet(null, taken)) {
						entry.releaseWrite(connection);
					}
					else if (this.closed && this.held.compareAndSet(taken, null)) {
						// closed while it was being set: close() found nothing to give back
						taken.release();
					}
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
