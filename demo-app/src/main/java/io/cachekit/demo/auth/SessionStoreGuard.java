package io.cachekit.demo.auth;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import io.cachekit.resilience.CachekitResilience;
import io.cachekit.resilience.RedisDeadline;
import io.cachekit.resilience.ThrottledLogger;

/**
 * Puts the calls of Spring Session's Redis repository that requests make behind a deadline and a circuit
 * breaker (the {@code session} instance of cachekit's resilience registry), so that a hung Redis costs a
 * request at most the deadline. The failure policy fails closed for authentication without logging anyone
 * out: a session that cannot be read in time makes the request anonymous (401 where login is needed) and
 * keeps the client's cookie; a session that cannot be written, deleted or listed in time is a 503
 * ({@link SessionStoreUnavailableException}).
 * <p>
 * Spring Session's calls are blocking, so each runs on a small pool and the request waits for it at most the
 * deadline; a call given up on ends on its own with Redisson's timeout.
 */
class SessionStoreGuard implements MethodInterceptor {

	/** The instance of cachekit's resilience registry that guards sessions. */
	static final String INSTANCE = "session";

	private static final Set<String> WRITES = Set.of("save", "deleteById", "findByIndexNameAndIndexValue",
			"findByPrincipalName");

	private final CircuitBreaker breaker;

	private final Duration timeout;

	private final ThrottledLogger log;

	private final ExecutorService executor;

	SessionStoreGuard(CachekitResilience resilience, ExecutorService executor) {
		this.breaker = resilience.breaker(INSTANCE);
		this.timeout = resilience.policy(INSTANCE).timeout();
		this.log = resilience.log(INSTANCE);
		this.executor = executor;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		String method = invocation.getMethod().getName();
		if (method.equals("findById")) {
			try {
				return call("read a session", invocation);
			}
			catch (SessionStoreUnavailableException ex) {
				this.log.warn("session-read", "Sessions cannot be read from Redis; requests with a session cookie "
						+ "are anonymous until it answers, their cookies are kept", ex.getCause());
				return null;
			}
		}
		if (WRITES.contains(method)) {
			return call(method.equals("save") ? "save a session" : "change sessions", invocation);
		}
		return invocation.proceed();
	}

	private Object call(String what, MethodInvocation invocation) {
		if (!this.breaker.tryAcquirePermission()) {
			throw new SessionStoreUnavailableException(what, new IllegalStateException("Redis is failing"));
		}
		long start = System.nanoTime();
		try {
			Object result = RedisDeadline.await(CompletableFuture.supplyAsync(() -> proceed(invocation), this.executor),
					this.timeout, what + " in");
			this.breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			return result;
		}
		catch (RuntimeException ex) {
			this.breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
			throw new SessionStoreUnavailableException(what, ex);
		}
	}

	private static Object proceed(MethodInvocation invocation) {
		try {
			return invocation.proceed();
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

}
