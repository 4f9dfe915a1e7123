package io.cachekit.demo;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.cachekit.test.ImportDevServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace from the request to the database: a {@code PUT /api/users/{id}} on the demo (Micrometer Tracing
 * with Brave, every request sampled) and the worker's persist of that update, in the worker application running
 * next to it, appear in one trace. The trace context travels in the Kafka record's headers: the publisher's
 * Spring Kafka observation writes it, the worker's {@code cachekit.worker.persist} observation reads it. Both
 * applications hand their finished spans to an in-memory collector.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.tracing.sampling.probability=1.0")
@ImportDevServices
@AutoConfigureTracing
class TracingIntegrationTests {

	private static final String NAME = "demo-trace-" + UUID.randomUUID().toString().substring(0, 8);

	private static final List<MutableSpan> SPANS = new CopyOnWriteArrayList<>();

	private static ConfigurableApplicationContext worker;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void isolate(DynamicPropertyRegistry registry) {
		EndToEndTestSupport.isolateAs(registry, NAME);
		registry.add("cachekit.rate-limit.enabled", () -> "false");
	}

	@BeforeAll
	static void startWorker() {
		worker = DemoWorker.start(NAME, NAME + ".write-behind", NAME, NAME + "-worker", false, SpanCollector.class);
	}

	@AfterAll
	static void stopWorker() {
		if (worker != null) {
			worker.close();
		}
	}

	@Test
	void aSaveAndTheWorkersPersistAreOneTrace() {
		HttpResponse<String> saved = new ApiClient(this.port).put("/api/users/31",
				"{\"name\":\"Traced User\",\"email\":\"trace@example.com\"}");
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30)).until(() -> persistSpan() != null);
		MutableSpan persist = persistSpan();
		List<MutableSpan> trace = SPANS.stream().filter((span) -> span.traceId().equals(persist.traceId())).toList();
		List<String> names = trace.stream().map(MutableSpan::name).toList();
		assertThat(names).as("spans of the trace").contains("write-behind publish users")
			.anyMatch((name) -> name.startsWith("http put"));
		assertThat(trace).filteredOn((span) -> span.parentId() == null)
			.singleElement()
			.satisfies((root) -> assertThat(root.name()).as("the root").startsWith("http put"));
		assertThat(persist.parentId()).as("the persist continues the publisher's trace").isNotNull();
	}

	private static MutableSpan persistSpan() {
		return SPANS.stream().filter((span) -> "worker persist users".equals(span.name())).findFirst().orElse(null);
	}

	/** Keeps every finished span of the application it is part of (this test's demo, and the worker). */
	@TestConfiguration(proxyBeanMethods = false)
	static class SpanCollector {

		@Bean
		SpanHandler collectingSpanHandler() {
			return new SpanHandler() {
				@Override
				public boolean end(TraceContext context, MutableSpan span, Cause cause) {
					SPANS.add(span);
					return true;
				}
			};
		}

	}

}
