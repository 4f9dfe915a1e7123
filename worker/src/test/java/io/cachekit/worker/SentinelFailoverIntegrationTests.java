package io.cachekit.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import io.cachekit.apps.UnsyncedLocks;
import io.cachekit.lock.LockOptions;
import io.cachekit.lock.LockTemplate;
import io.cachekit.test.DevServices;
import io.cachekit.test.EmbeddedRedisSentinel;
import io.cachekit.writebehind.WriteBehindTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Sentinel failover to a replica that lagged, under a write-behind load and 50 held locks, with Redisson
 * in Sentinel mode through Spring's {@code spring.data.redis.sentinel.*} properties. The replica is frozen
 * while instance A takes 50 locks and writes their fencing tokens to MongoDB, so the promoted replica has never
 * seen those locks. After the failover instance B takes the same 50 locks and writes with its tokens; then A,
 * still running its protected code, writes again with its now stale tokens. MongoDB accepts a write only with
 * a token above the last one it saw: none of A's 50 stale writes may be accepted, all of B's must be. And every
 * write-behind update acknowledged before, during and after the failover ends up in MongoDB.
 * <p>
 * Redisson waits by default up to a second for a replica to confirm each lock acquisition
 * ({@code slavesSyncTimeout}, {@code checkLockSyncedSlaves}), which would refuse A's locks while the replica is
 * frozen; the instances here turn that off, so that the failover really loses the locks and both instances hold
 * them at once: the split brain fencing tokens exist for. The tokens themselves are never waited for.
 */
class SentinelFailoverIntegrationTests {

	private static final int LOCKS = 50;

	private final EmbeddedRedisSentinel redis = EmbeddedRedisSentinel.start();

	private final WriteBehindTestCluster cluster = new WriteBehindTestCluster("sentinel",
			DevServices.shared().kafkaBootstrapServers(), null, DevServices.shared().mongoUri());

	@AfterEach
	void close() {
		this.cluster.close();
		this.redis.close();
	}

	private ConfigurableApplicationContext instance() {
		return this.cluster.publisher("spring.data.redis.sentinel.master=" + EmbeddedRedisSentinel.MASTER_NAME,
				"spring.data.redis.sentinel.nodes=" + this.redis.sentinelNodes(),
				"spring.main.sources=" + UnsyncedLocks.class.getName());
	}

	@Test
	void failoverToALaggingReplicaLosesNoAcknowledgedUpdateAndAcceptsNoStaleFencingToken() throws Exception {
		ConfigurableApplicationContext a = instance();
		ConfigurableApplicationContext b = instance();
		this.cluster.worker("spring.data.redis.sentinel.master=" + EmbeddedRedisSentinel.MASTER_NAME,
				"spring.data.redis.sentinel.nodes=" + this.redis.sentinelNodes());
		MongoCollection<Document> fenced = this.cluster.mongoDatabase().getCollection("fenced");
		AcknowledgedLoad load = new AcknowledgedLoad(a.getBean(WriteBehindTemplate.class), 20_000, 200, 4, "");
		RegressionAuditor auditor = new RegressionAuditor(this.cluster);
		auditor.start();
		load.start();
		load.awaitProgress(2_000);
		LockTemplate locksOfA = a.getBean(LockTemplate.class);
		LockTemplate locksOfB = b.getBean(LockTemplate.class);
		CountDownLatch held = new CountDownLatch(LOCKS);
		CountDownLatch bHasWritten = new CountDownLatch(1);
		AtomicInteger staleAccepted = new AtomicInteger();
		AtomicInteger acceptedForA = new AtomicInteger();
		ExecutorService holders = Executors.newFixedThreadPool(LOCKS);
		List<Future<Long>> tokensOfA = new ArrayList<>();
		this.redis.failOverToLaggingReplica(() -> {
			for (int i = 0; i < LOCKS; i++) {
				String resource = "account-" + i;
				fenced.insertOne(new Document("_id", resource).append("fence", 0L));
				tokensOfA.add(holders.submit(() -> locksOfA.withLock(resource,
						LockOptions.DEFAULT.withLeaseTime(Duration.ofSeconds(60)), (lock) -> {
							if (write(fenced, resource, lock.fencingToken(), "a")) {
								acceptedForA.incrementAndGet();
							}
							held.countDown();
							await(bHasWritten);
							if (write(fenced, resource, lock.fencingToken(), "a-stale")) {
								staleAccepted.incrementAndGet();
							}
							return lock.fencingToken();
						})));
			}
			await(held);
		});
		int acceptedForB = 0;
		for (int i = 0; i < LOCKS; i++) {
			String resource = "account-" + i;
			Long tokenOfB = awaitLock(locksOfB, resource, fenced);
			if (tokenOfB != null) {
				acceptedForB++;
			}
		}
		bHasWritten.countDown();
		for (Future<Long> token : tokensOfA) {
			try {
				token.get(90, TimeUnit.SECONDS);
			}
			catch (java.util.concurrent.ExecutionException ex) {
				// A may find its lease lost when it releases; its writes were already judged
			}
		}
		holders.shutdown();
		load.finish();
		load.awaitEveryAcknowledgedVersionPersisted(this.cluster);
		auditor.stop();
		assertThat(this.redis.currentMasterPort()).as("the replica was promoted").isEqualTo(this.redis.replica().port());
		assertThat(acceptedForA).as("A's writes before the failover").hasValue(LOCKS);
		assertThat(acceptedForB).as("B's writes after the failover").isEqualTo(LOCKS);
		assertThat(staleAccepted).as("writes with a stale fencing token accepted").hasValue(0);
		assertThat(fenced.countDocuments(Filters.eq("writer", "b"))).isEqualTo(LOCKS);
		load.assertNothingLost(this.cluster);
		assertThat(auditor.regressions()).isZero();
	}

	/** B takes the lock (retrying while Redisson follows the failover) and writes with its token. */
	private static Long awaitLock(LockTemplate locks, String resource, MongoCollection<Document> fenced) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (true) {
			try {
				return locks.withLock(resource, LockOptions.DEFAULT.withWaitTime(Duration.ZERO), (lock) -> {
					return write(fenced, resource, lock.fencingToken(), "b") ? lock.fencingToken() : null;
				});
			}
			catch (RuntimeException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				sleep(200);
			}
		}
	}

	/** The storage's side of fencing: a write is accepted only with a token above the last one accepted. */
	private static boolean write(MongoCollection<Document> fenced, String resource, long token, String writer) {
		return fenced
			.updateOne(Filters.and(Filters.eq("_id", resource), Filters.lt("fence", token)),
					Updates.combine(Updates.set("fence", token), Updates.set("writer", writer)))
			.getModifiedCount() == 1;
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(90, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
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

}
