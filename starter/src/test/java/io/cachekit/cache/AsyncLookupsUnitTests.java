package io.cachekit.cache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The threads behind {@code Cache.retrieve}: deferred writes keep their order, a loader that never completes
 * frees its thread after the lease time, and closing fails what never ran instead of leaving callers waiting.
 */
class AsyncLookupsUnitTests {

	@Test
	void deferredWritesRunInTheOrderTheyWereAskedFor() {
		try (AsyncLookups async = new AsyncLookups(8)) {
			List<Integer> order = new CopyOnWriteArrayList<>();
			IntStream.range(0, 500).forEach((i) -> async.write(() -> order.add(i)));
			await().atMost(Duration.ofSeconds(5)).until(() -> order.size() == 500);
			assertThat(order).isSorted();
		}
	}

	@Test
	void aLoaderThatNeverCompletesIsGivenUpAfterTheLeaseTime() {
		CompletableFuture<String> never = new CompletableFuture<>();
		assertThatExceptionOfType(TimeoutException.class)
			.isThrownBy(() -> AsyncLookups.await(never, Duration.ofMillis(100)))
			.withMessageContaining("100 ms");
		assertThat(never).isCancelled();
	}

	@Test
	void lookupsRunOffTheCallersThreadAndFailWithTheirOwnException() throws Exception {
		try (AsyncLookups async = new AsyncLookups(2)) {
			assertThat(async.supply(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS))
				.startsWith("cachekit-async-");
			IllegalStateException failure = new IllegalStateException("boom");
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> async.supply(() -> {
					throw failure;
				}).get(5, TimeUnit.SECONDS))
				.withCause(failure);
		}
	}

	@Test
	void closingFailsLookupsThatNeverRan() throws Exception {
		AsyncLookups async = new AsyncLookups(1);
		CountDownLatch release = new CountDownLatch(1);
		async.supply(() -> {
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return "first";
		});
		CompletableFuture<String> queued = async.supply(() -> "never ran");
		new Thread(() -> {
			sleep(2500);
			release.countDown();
		}).start();
		async.close();
		assertThat(queued).isCompletedExceptionally();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(queued::get)
			.withCauseInstanceOf(RejectedExecutionException.class);
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
