package io.cachekit.lock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import io.cachekit.test.DevServices;
import io.cachekit.test.TestRedisson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paused-holder scenario, 50 times in parallel: a holder with a 500 ms lease sleeps past it, a
 * second holder takes the lock and writes with its higher fencing token, then the first writes
 * with its stale token. MongoDB's conditional update ({@code fence < token}) rejects every stale
 * write.
 */
class FencedWriteIntegrationTests {

	private static final int TRIALS = 50;

	private static final String PREFIX = "test-fence-" + UUID.randomUUID() + ":";

	private static RedissonClient redisson;

	private static MongoClient mongo;

	private static MongoCollection<Document> documents;

	@BeforeAll
	static void connect() {
		redisson = TestRedisson.shared();
		mongo = MongoClients.create(DevServices.shared().mongoUri());
		documents = mongo.getDatabase("lockrate_fencing_" + UUID.randomUUID().toString().replace("-", ""))
			.getCollection("accounts");
	}

	@AfterAll
	static void disconnect() {
		redisson.getKeys().deleteByPattern(PREFIX + "*");
		redisson.shutdown();
		documents.drop();
		mongo.close();
	}

	@Test
	void storageRejectsEveryWriteWithAStaleFencingToken() throws Exception {
		List<LeaseLostEvent> leaseLost = new CopyOnWriteArrayList<>();
		try (LeaseMonitor monitor = new LeaseMonitor(Duration.ofMillis(200), () -> Duration.ofSeconds(1), false,
				List.of(leaseLost::add))) {
			LockTemplate template = new LockTemplate(() -> redisson, PREFIX, LockOptions.DEFAULT, monitor);
			ExecutorService executor = Executors.newFixedThreadPool(2 * TRIALS);
			try {
				List<Future<Trial>> trials = new ArrayList<>();
				for (int i = 0; i < TRIALS; i++) {
					String id = "account-" + i;
					documents.insertOne(new Document("_id", id).append("fence", 0L).append("writer", "none"));
					trials.add(executor.submit(() -> runTrial(template, executor, id)));
				}
				List<Trial> results = new ArrayList<>();
				for (Future<Trial> trial : trials) {
					results.add(trial.get(30, TimeUnit.SECONDS));
				}
				assertThat(results).hasSize(TRIALS);
				assertThat(results).allSatisfy((trial) -> {
					assertThat(trial.newToken()).isGreaterThan(trial.staleToken());
					assertThat(trial.newWriteAccepted()).isTrue();
					assertThat(trial.staleWriteAccepted()).isFalse();
				});
				assertThat(results.stream().filter(Trial::staleWriteAccepted)).isEmpty();
				assertThat(documents.countDocuments(Filters.eq("writer", "second"))).isEqualTo(TRIALS);
				// every paused first holder is told it lost its lease; on a loaded machine a second holder
				// may overrun its own short lease too, so count the first holders' events only
				assertThat(results).allSatisfy((trial) -> assertThat(leaseLost)
					.anySatisfy((event) -> assertThat(event.fencingToken()).isEqualTo(trial.staleToken())));
				assertThat(leaseLost).hasSizeGreaterThanOrEqualTo(TRIALS);
			}
			finally {
				executor.shutdownNow();
			}
		}
	}

	private static Trial runTrial(LockTemplate template, ExecutorService executor, String id) throws Exception {
		CountDownLatch firstHolds = new CountDownLatch(1);
		CountDownLatch secondWrote = new CountDownLatch(1);
		long[] second = new long[1];
		boolean[] secondAccepted = new boolean[1];
		Future<?> secondHolder = executor.submit(() -> {
			await(firstHolds);
			template.withLock(id, LockOptions.DEFAULT.withWaitTime(Duration.ofSeconds(10)), (lock) -> {
				second[0] = lock.fencingToken();
				secondAccepted[0] = fencedWrite(id, lock.fencingToken(), "second");
				return null;
			});
			secondWrote.countDown();
		});
		long[] stale = new long[1];
		boolean staleAccepted = template.withLock(id, LockOptions.DEFAULT.withLeaseTime(Duration.ofMillis(500)),
				(lock) -> {
					stale[0] = lock.fencingToken();
					firstHolds.countDown();
					// a long GC pause or a slow call: the lease runs out meanwhile
					sleep(600);
					await(secondWrote);
					return fencedWrite(id, lock.fencingToken(), "first");
				});
		secondHolder.get(20, TimeUnit.SECONDS);
		return new Trial(stale[0], second[0], staleAccepted, secondAccepted[0]);
	}

	/**
	 * The documented pattern: the update applies only if the stored fence is lower than the
	 * writer's token.
	 */
	private static boolean fencedWrite(String id, long token, String writer) {
		return documents
			.updateOne(Filters.and(Filters.eq("_id", id), Filters.lt("fence", token)),
					Updates.combine(Updates.set("fence", token), Updates.set("writer", writer)))
			.getModifiedCount() == 1;
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(20, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Trial(long staleToken, long newToken, boolean staleWriteAccepted, boolean newWriteAccepted) {

	}

}
