package io.cachekit.devstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.cachekit.test.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo and the worker, from the jars this build packaged (with {@code spring-boot:process-aot}), started in
 * Spring AOT mode on the JVM ({@code -Dspring.aot.enabled=true}) on the embedded servers, each answering a
 * request and each logging that it started AOT-processed. Skipped when the jars have not been packaged (a test run of this module
 * alone).
 */
class AotSmokeIntegrationTests {

	@Test
	void demoAndWorkerStartInAotModeAndAnswer() throws Exception {
		Path home = Path.of("..").toAbsolutePath().normalize();
		Assumptions.assumeTrue(Files.isRegularFile(home.resolve("demo-app/target/cachekit-demo-app.jar"))
				&& Files.isRegularFile(home.resolve("worker/target/cachekit-worker-exec.jar")),
				"the demo and worker jars are packaged by the full build");
		DevStackSettings settings = DevStackSettings.from(Map.of("CACHEKIT_REDIS_PORT", port(),
				"CACHEKIT_KAFKA_PORT", port(), "CACHEKIT_MONGODB_PORT", port(), "CACHEKIT_DEMO_PORT", port(),
				"CACHEKIT_WORKER_PORT", port(), "CACHEKIT_HOME", home.toString(), "CACHEKIT_AOT", "true")::get);
		DevStack stack = new DevStack(settings);
		PrintStream console = System.out;
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		// the applications' output goes to System.out as the stack starts them: keep a copy
		System.setOut(new PrintStream(new TeeOutputStream(console, output), true, StandardCharsets.UTF_8));
		try {
			stack.start();
			HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
			HttpResponse<String> product = client.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + settings.demoPort() + "/api/products/1"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(product.statusCode()).as(product.body()).isEqualTo(200);
			assertThat(product.body()).contains("\"id\":1");
			HttpResponse<String> worker = client.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + settings.workerPort() + "/actuator/health"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(worker.statusCode()).as(worker.body()).isEqualTo(200);
			assertThat(worker.body()).contains("UP");
			assertThat(output.toString(StandardCharsets.UTF_8))
				.contains("Starting AOT-processed DemoApplication")
				.contains("Starting AOT-processed WorkerApplication");
		}
		finally {
			stack.stop();
			System.setOut(console);
		}
	}

	/** Writes to two streams. */
	private static final class TeeOutputStream extends OutputStream {

		private final OutputStream first;

		private final OutputStream second;

		TeeOutputStream(OutputStream first, OutputStream second) {
			this.first = first;
			this.second = second;
		}

		@Override
		public synchronized void write(int b) throws IOException {
			this.first.write(b);
			this.second.write(b);
		}

		@Override
		public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
			this.first.write(bytes, offset, length);
			this.second.write(bytes, offset, length);
		}

	}

	private static String port() {
		return String.valueOf(FreePorts.find());
	}

}
