package io.cachekit.cache.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.redisson.client.RedisTimeoutException;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.command.CommandAsyncExecutor;
import org.redisson.connection.ConnectionManager;

import io.cachekit.resilience.RedisDeadline;
import io.cachekit.support.PipelinedConnection;

/**
 * Reads entries with as few Redis commands as concurrency allows: a read that arrives while
 * {@code maxInFlight} reads are already on the wire waits in a queue, and the next command sends every
 * queued key at once, as one {@code MGET} per cluster slot. A lone read is sent at once as a plain
 * {@code GET}: nothing waits for a timer, so one thread sees the latency of one round trip, and eight
 * threads share commands instead of paying one each (fewer commands for the client to encode, Redis to
 * parse and the kernel to carry).
 * <p>
 * Keys of one {@code MGET} share a slot, so the batching is correct in Redis Cluster; without a cluster
 * every key maps to one slot and a batch is one command. Where one master serves every read, the commands
 * are pipelined on one {@link PipelinedConnection held connection}; otherwise they go through
 * Redisson's command executor and its routing.
 */
final class CoalescingReader {

	private final CommandAsyncExecutor executor;

	private final ConnectionManager connections;

	private final PipelinedConnection pipeline;

	private final long timeoutMillis;

	private final int maxInFlight;

	private final int maxBatch;

	private final long waitNanos;

	private final ConcurrentLinkedQueue<Read> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	/**
	 * Creates the reader.
	 * @param executor the command executor, with the store's timeout and no retries
	 * @param timeout the command timeout; a caller waits at most a little longer than that
	 * @param maxInFlight how many read commands may be on the wire at once
	 * @param maxBatch how many keys one command carries at most
	 */
	CoalescingReader(CommandAsyncExecutor executor, Duration timeout, int maxInFlight, int maxBatch) {
		this.executor = executor;
		this.connections = executor.getConnectionManager();
		this.pipeline = new PipelinedConnection(this.connections);
		this.timeoutMillis = timeout.toMillis();
		this.maxInFlight = maxInFlight;
		this.maxBatch = maxBatch;
		// the command times out on its own after the timeout; the margin covers queueing behind a command
		this.waitNanos = timeout.toNanos() * 2 + TimeUnit.MILLISECONDS.toNanos(50);
	}

	byte[] get(String key) {
		long wait = RedisDeadline.waitNanos(Duration.ofNanos(this.waitNanos));
		if (wait <= 0) {
			throw new RedisTimeoutException("The request's deadline for Redis had passed; did not read " + key);
		}
		Read read = new Read(key);
		this.queue.offer(read);
		sendQueued();
		long start = System.nanoTime();
		try {
			return read.get(wait, TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new RedisTimeoutException("No answer to a read of " + key + " within "
					+ TimeUnit.NANOSECONDS.toMillis(wait) + " ms");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reading " + key, ex);
		}
		finally {
			RedisDeadline.spent(System.nanoTime() - start);
		}
	}

	/**
	 * Sends queued reads while fewer than {@code maxInFlight} commands are on the wire. Every read is
	 * queued before its caller gets here and every command calls this again when it completes, so no
	 * read is left behind: either its own caller or the completing command sees it.
	 */
	private void sendQueued() {
		while (!this.queue.isEmpty()) {
			int running = this.inFlight.get();
			if (running >= this.maxInFlight) {
				return;
			}
			if (!this.inFlight.compareAndSet(running, running + 1)) {
				continue;
			}
			List<Read> batch = drain();
			if (batch.isEmpty()) {
				this.inFlight.decrementAndGet();
				continue;
			}
			send(batch);
		}
	}

	private List<Read> drain() {
		List<Read> batch = new ArrayList<>(Math.min(this.maxBatch, 16));
		Read read;
		while (batch.size() < this.maxBatch && (read = this.queue.poll()) != null) {
			batch.add(read);
		}
		return batch;
	}

	private void send(List<Read> batch) {
		if (batch.size() == 1) {
			Read only = batch.get(0);
			CompletableFuture<byte[]> reply = this.pipeline.read(this.executor, this.timeoutMillis, only.key,
					ByteArrayCodec.INSTANCE, RedisCommands.GET, only.key);
			reply.whenComplete((value, failure) -> {
				try {
					complete(only, value, failure);
				}
				finally {
					finished();
				}
			});
			return;
		}
		List<List<Read>> bySlot = groupBySlot(batch);
		AtomicInteger pending = new AtomicInteger(bySlot.size());
		for (List<Read> group : bySlot) {
			Object[] keys = new Object[group.size()];
			for (int i = 0; i < keys.length; i++) {
				keys[i] = group.get(i).key;
			}
			CompletableFuture<List<Object>> reply = this.pipeline.read(this.executor, this.timeoutMillis,
					group.get(0).key, ByteArrayCodec.INSTANCE, RedisCommands.MGET, keys);
			reply.whenComplete((values, failure) -> {
				try {
					Throwable problem = (failure == null && (values == null || values.size() != group.size()))
							? new IllegalStateException("MGET of " + group.size() + " keys answered " + values)
							: failure;
					for (int i = 0; i < group.size(); i++) {
						complete(group.get(i), (problem == null) ? (byte[]) values.get(i) : null, problem);
					}
				}
				finally {
					if (pending.decrementAndGet() == 0) {
						finished();
					}
				}
			});
		}
	}

	/**
	 * Sends one {@code MGET} at once, outside the queue, for a caller that holds many keys already: on the held
	 * connection where one master serves every read, else through the executor. Only for keys on one master.
	 * @param routingKey a key of the read, which routes it while there is no held connection
	 * @param keys the keys, as strings or bytes
	 * @return the values in the order of the keys, {@code null} for a missing one
	 */
	CompletableFuture<List<Object>> readAll(String routingKey, Object[] keys) {
		return this.pipeline.read(this.executor, this.timeoutMillis, routingKey, ByteArrayCodec.INSTANCE,
				RedisCommands.MGET, keys);
	}

	/** Gives the held connection back to Redisson's pool. */
	void close() {
		this.pipeline.close();
	}

	private List<List<Read>> groupBySlot(List<Read> batch) {
		int firstSlot = this.connections.calcSlot(batch.get(0).key);
		boolean oneSlot = true;
		int[] slots = new int[batch.size()];
		for (int i = 0; i < slots.length; i++) {
			slots[i] = (i == 0) ? firstSlot : this.connections.calcSlot(batch.get(i).key);
			oneSlot &= slots[i] == firstSlot;
		}
		if (oneSlot) {
			return List.of(batch);
		}
		List<List<Read>> groups = new ArrayList<>();
		List<Integer> groupSlots = new ArrayList<>();
		for (int i = 0; i < slots.length; i++) {
			int index = groupSlots.indexOf(slots[i]);
			if (index < 0) {
				groupSlots.add(slots[i]);
				groups.add(new ArrayList<>());
				index = groups.size() - 1;
			}
			groups.get(index).add(batch.get(i));
		}
		return groups;
	}

	private static void complete(Read read, byte[] value, Throwable failure) {
		if (failure != null) {
			read.completeExceptionally(failure);
		}
		else {
			read.complete(value);
		}
	}

	private void finished() {
		this.inFlight.decrementAndGet();
		sendQueued();
	}

	/** One caller's read: its key and the answer it waits for. */
	private static final class Read extends CompletableFuture<byte[]> {

		final String key;

		Read(String key) {
			this.key = key;
		}

	}

}
