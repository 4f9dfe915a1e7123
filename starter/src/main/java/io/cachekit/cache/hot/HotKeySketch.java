package io.cachekit.cache.hot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Hot-key detection in bounded memory: a count-min sketch of recent reads (four rows, conservative update,
 * every counter halved once per window of about ten reads per counter, so old popularity fades) feeding a
 * set of candidates. A key whose estimate beats the weakest of the current hot keys becomes a candidate;
 * when the candidates reach twice the capacity, they are ranked by their current estimates, the weaker half
 * is dropped and the listener hears which keys cooled down (keys leave when newer hot keys push them out, or
 * at the end of a window, when the set shrinks back to its capacity).
 * Trims and decays run in the background, one at a time, never on the reading thread.
 * <p>
 * A read costs a hash, four counter reads, at most four writes and one map lookup, and takes no lock; a read
 * served in process, the cheapest there is, is counted one time in eight, eight times over, and so is each key
 * of a bulk lookup (one random draw picks every eighth key of the batch). Counters may lose
 * an increment under contention: the estimates are approximate by design. Memory: four rows of at least
 * 1,024 and at most 2^20 counters (four per key of capacity), and up to twice the capacity candidates.
 */
public final class HotKeySketch implements HotKeys {

	private static final int DEPTH = 4;

	private static final long[] SEEDS = { 0x9E3779B97F4A7C15L, 0xC2B2AE3D27D4EB4FL, 0x165667B19E3779F9L,
			0xD6E8FEB86659FD93L };

	/** The fewest counters per row: small caches still tell their keys apart. */
	private static final long MIN_WIDTH = 1024;

	/** The most counters per row (16 MB for the four rows), whatever the capacity. */
	private static final long MAX_WIDTH = 1 << 20;

	/**
	 * Reads served in process, and the keys of a bulk lookup, are counted one in this many, each as this many
	 * reads.
	 */
	private static final int SAMPLING = 8;

	/** Decay ticks are counted once per this many reads (on average), so readers rarely share a counter. */
	private static final int TICK = 64;

	private final int capacity;

	private final int[] counters;

	private final int width;

	private final int shift;

	private final int ticksPerWindow;

	private final AtomicInteger ticks = new AtomicInteger();

	private final ConcurrentHashMap<Object, Candidate> candidates;

	private final ReentrantLock lock = new ReentrantLock();

	private final AtomicBoolean maintaining = new AtomicBoolean();

	private final Executor maintenance;

	private final Consumer<Object> cooled;

	private volatile int threshold;

	/**
	 * Creates a detector whose trims and decays run on the common fork-join pool.
	 * @param capacity how many keys are hot at most (between trims up to twice as many are candidates)
	 * @param cooled told each key that stops being hot
	 */
	public HotKeySketch(int capacity, Consumer<Object> cooled) {
		this(capacity, cooled, ForkJoinPool.commonPool());
	}

	/**
	 * Creates a detector.
	 * @param capacity how many keys are hot at most (between trims up to twice as many are candidates)
	 * @param cooled told each key that stops being hot
	 * @param maintenance runs trims and decays, never on the reading thread (a trim sorts up to twice the
	 * capacity)
	 */
	public HotKeySketch(int capacity, Consumer<Object> cooled, Executor maintenance) {
		if (capacity < 1) {
			throw new IllegalArgumentException("The capacity must be at least 1, was " + capacity);
		}
		this.capacity = capacity;
		long wanted = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, 4L * capacity));
		this.width = (int) ((Long.bitCount(wanted) == 1) ? wanted : Long.highestOneBit(wanted) << 1);
		this.shift = 64 - Integer.numberOfTrailingZeros(this.width);
		this.counters = new int[DEPTH * this.width];
		this.ticksPerWindow = Math.max(1, 10 * this.width / TICK);
		this.candidates = new ConcurrentHashMap<>((int) Math.min(1 << 20, 2L * capacity));
		this.cooled = cooled;
		this.maintenance = maintenance;
	}

	@Override
	public void record(Object key) {
		record(key, 1);
	}

	@Override
	public void recordNearHit(Object key) {
		if ((ThreadLocalRandom.current().nextInt() & (SAMPLING - 1)) == 0) {
			record(key, SAMPLING);
		}
	}

	@Override
	public void recordAll(List<?> keys) {
		// each key is counted with probability 1/8, as 8 reads: one draw per batch, not one per key
		for (int i = ThreadLocalRandom.current().nextInt(SAMPLING); i < keys.size(); i += SAMPLING) {
			record(keys.get(i), SAMPLING);
		}
	}

	private void record(Object key, int weight) {
		if (key == null) {
			return;
		}
		int estimate = increment(key.hashCode(), weight);
		Candidate candidate = this.candidates.get(key);
		if (candidate != null) {
			if (candidate.reads != estimate) {
				candidate.reads = estimate;
			}
		}
		else if (estimate > this.threshold) {
			admit(key, estimate);
		}
		// a sampled read stands for weight reads: it ticks as often as they would
		if ((ThreadLocalRandom.current().nextInt() & (TICK - 1)) < weight
				&& this.ticks.incrementAndGet() >= this.ticksPerWindow) {
			maintain(this::decay);
		}
	}

	/** Runs a trim or a decay in the background, one at a time; a reader never waits for it. */
	private void maintain(Runnable task) {
		if (this.maintaining.compareAndSet(false, true)) {
			try {
				this.maintenance.execute(() -> {
					try {
						task.run();
					}
					finally {
						this.maintaining.set(false);
					}
				});
			}
			catch (RuntimeException ex) {
				// rejected: the next reader that needs maintenance asks again
				this.maintaining.set(false);
			}
		}
	}

	/**
	 * Conservative update: counters rise only as far as the new estimate (the minimum plus the weight), which
	 * keeps collisions from inflating estimates.
	 */
	private int increment(int hash, int weight) {
		int[] counters = this.counters;
		int i0 = index(hash, 0);
		int i1 = index(hash, 1);
		int i2 = index(hash, 2);
		int i3 = index(hash, 3);
		int min = Math.min(Math.min(counters[i0], counters[i1]), Math.min(counters[i2], counters[i3]));
		if (min > Integer.MAX_VALUE - weight) {
			return min;
		}
		int estimate = min + weight;
		if (counters[i0] < estimate) {
			counters[i0] = estimate;
		}
		if (counters[i1] < estimate) {
			counters[i1] = estimate;
		}
		if (counters[i2] < estimate) {
			counters[i2] = estimate;
		}
		if (counters[i3] < estimate) {
			counters[i3] = estimate;
		}
		return estimate;
	}

	private int estimate(int hash) {
		int[] counters = this.counters;
		return Math.min(Math.min(counters[index(hash, 0)], counters[index(hash, 1)]),
				Math.min(counters[index(hash, 2)], counters[index(hash, 3)]));
	}

	private int index(int hash, int row) {
		long mixed = (hash + SEEDS[row]) * SEEDS[row];
		return row * this.width + (int) (mixed >>> this.shift);
	}

	private void admit(Object key, int estimate) {
		this.candidates.putIfAbsent(key, new Candidate(key, estimate));
		if (this.candidates.size() >= 2L * this.capacity) {
			maintain(this::trim);
		}
	}

	/**
	 * Keeps the strongest {@code capacity} candidates, ranked by their current estimates; the weakest kept sets
	 * the bar for newcomers.
	 */
	private void trim() {
		this.lock.lock();
		try {
			// keys admitted while a pass ran came in under the old bar: another pass ranks them too
			for (int pass = 0; pass < 3 && this.candidates.size() > this.capacity; pass++) {
				trimLocked();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void trimLocked() {
		Candidate[] all = this.candidates.values().toArray(new Candidate[0]);
		if (all.length <= this.capacity) {
			return;
		}
		// ranked by their current estimates (keys not read since their admission have faded in the
		// sketch), taken once: readers keep updating the candidates while they are sorted
		Ranked[] ranked = new Ranked[all.length];
		for (int i = 0; i < all.length; i++) {
			int reads = estimate(all[i].key.hashCode());
			all[i].reads = reads;
			ranked[i] = new Ranked(all[i], reads);
		}
		Arrays.sort(ranked, Ranked.MOST_READ_FIRST);
		for (int i = this.capacity; i < ranked.length; i++) {
			if (this.candidates.remove(ranked[i].candidate().key, ranked[i].candidate())) {
				this.cooled.accept(ranked[i].candidate().key);
			}
		}
		this.threshold = ranked[this.capacity - 1].reads();
	}

	/** Halves every counter and estimate: reads of the previous window count half. */
	private void decay() {
		this.lock.lock();
		try {
			if (this.ticks.get() < this.ticksPerWindow) {
				return;
			}
			this.ticks.set(0);
			int[] counters = this.counters;
			for (int i = 0; i < counters.length; i++) {
				counters[i] >>>= 1;
			}
			for (Candidate candidate : this.candidates.values()) {
				candidate.reads >>>= 1;
			}
			this.threshold >>>= 1;
			// once per window the set also shrinks back to its capacity: keys read no more leave even
			// when no newcomer pushes them out
			trimLocked();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public boolean isHot(Object key) {
		return this.candidates.containsKey(key);
	}

	@Override
	public List<HotKey> top(int limit) {
		if (limit < 1) {
			return List.of();
		}
		// the weakest of the best so far on top: one pass, a heap of at most limit entries (the meters ask often)
		PriorityQueue<Ranked> best = new PriorityQueue<>(Comparator.comparingInt(Ranked::reads));
		for (Candidate candidate : this.candidates.values()) {
			best.add(new Ranked(candidate, candidate.reads));
			if (best.size() > limit) {
				best.poll();
			}
		}
		List<Ranked> ranked = new ArrayList<>(best);
		ranked.sort(Ranked.MOST_READ_FIRST);
		return ranked.stream().map((entry) -> new HotKey(entry.candidate().key, entry.reads())).toList();
	}

	/**
	 * How many keys are hot now: the current candidates, up to twice the capacity between trims.
	 * @return the number of hot keys
	 */
	@Override
	public int size() {
		return this.candidates.size();
	}

	/** A candidate with its estimate taken once, so that sorting sees fixed values. */
	private record Ranked(Candidate candidate, int reads) {

		static final Comparator<Ranked> MOST_READ_FIRST = Comparator.comparingInt(Ranked::reads).reversed();

	}

	/** A key with its last estimate. */
	private static final class Candidate {

		private final Object key;

		/** Written by readers without a barrier: a slightly old estimate is as good as the current one. */
		private int reads;

		Candidate(Object key, int reads) {
			this.key = key;
			this.reads = reads;
		}

	}

}
