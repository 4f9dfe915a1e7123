package io.cachekit.benchmarks;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cachekit.test.DevServices;
import io.cachekit.test.FreePorts;

/**
 * {@code PUT /api/users/{id}} over HTTP against the demo app, written behind (the default) and written through
 * ({@code demo.users.write-mode=through}), with every MongoDB round trip of the demo and of the worker going
 * through a {@link DelayingProxy} (the durable-write model of {@link DurableWriteBenchmark}). Both cases run in
 * one run on the same servers: the demo jar is started once per case, the worker once.
 * <p>
 * Each case is measured twice: with wrk (closed loop: {@code --connections} connections, each sending its next
 * request when the last is answered) and at a fixed offered load from this JVM ({@code --rate} requests/s
 * from {@code --connections} callers, latency from each request's due instant, as in {@link OfferedLoadRun}).
 * Needs {@code wrk} on the PATH and the demo and worker jars built
 * ({@code ./mvnw -q -DskipTests package -pl demo-app,worker,benchmarks -am}).
 * <p>
 * Arguments: {@code --model 10ms}, {@code --connections 32}, {@code --rate 500}, {@code --seconds 30},
 * {@code --warmup 60} (wrk's warm-up of each freshly started demo, long enough for the JIT compiler to finish on
 * two cores; the fixed-rate run then warms up for 5 s more), {@code --worker during} (the worker process runs
 * and persists during the measurement, on the same cores) or {@code --worker none} (no worker runs: the saves
 * wait in Kafka, durable, as while a worker on machines of its own is busy or restarting), {@code --out FILE}.
 */
public final class HttpWriteRun {

	private static final int USERS = 1000;

	private HttpWriteRun() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = RunReport.options(args);
		String model = options.getOrDefault("model", "10ms");
		int connections = Integer.parseInt(options.getOrDefault("connections", "32"));
		int rate = Integer.parseInt(options.getOrDefault("rate", "500"));
		int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "60"));
		boolean workerDuring = !"none".equals(options.getOrDefault("worker", "during"));
		Path out = Path.of(options.getOrDefault("out", "docs/benchmarks/http-write.md"));
		Path script = Files.createTempFile("cachekit-put-users", ".lua");
		Files.writeString(script, """
				local n = 0
				request = function()
				  n = n + 1
				  local id = math.random(1, %d)
				  local body = '{"name":"user ' .. n .. '","email":"u' .. id .. '@example.com"}'
				  return wrk.format("PUT", "/api/users/" .. id, {["Content-Type"] = "application/json"}, body)
				end
				""".formatted(USERS));
		String namespace = "httpbench-" + ProcessHandle.current().pid();
		DevServices servers = DevServices.shared();
		List<String> rows = new ArrayList<>();
		try (DelayingProxy proxy = DurableWriteBenchmark.proxy(model)) {
			Map<String, String> environment = Map.of("REDIS_URL", servers.redis().url(), "KAFKA_BOOTSTRAP_SERVERS",
					servers.kafkaBootstrapServers(), "MONGODB_URI",
					"mongodb://127.0.0.1:" + proxy.port() + "/" + namespace, "CACHEKIT_NAMESPACE", namespace);
			int workerPort = FreePorts.find();
			Process worker = workerDuring ? start("worker/target/cachekit-worker-exec.jar", environment,
					Map.of("WORKER_PORT", String.valueOf(workerPort)), List.of()) : null;
			try {
				if (worker != null) {
					awaitHealthy(workerPort, worker);
				}
				for (String mode : List.of("behind", "through")) {
					int port = FreePorts.find();
					Process demo = start("demo-app/target/cachekit-demo-app.jar", environment,
							Map.of("PORT", String.valueOf(port)),
							List.of("--cachekit.namespace=" + namespace, "--cachekit.rate-limit.enabled=false",
									"--demo.users.write-mode=" + mode, "--logging.level.root=WARN"));
					try {
						awaitHealthy(port, demo);
						String url = "http://127.0.0.1:" + port;
						wrk(script, url, connections, warmup);
						Wrk closed = wrk(script, url, connections, seconds);
						String label = "write-" + mode + ("behind".equals(mode) && !workerDuring ? ", no worker running" : "");
						rows.add(String.format("| %s | %s | wrk, %d connections (closed loop) | %,.0f | %.2f | %.2f "
								+ "| %.2f | %d |", model, label, connections, closed.requestsPerSecond, closed.p50,
								closed.p90, closed.p99, closed.errors));
						OfferedLoadRun.Result open = offered(url, rate, connections, seconds, 5);
						rows.add(String.format("| %s | %s | %,d requests/s offered from %d callers | %,.0f | %.2f "
								+ "| %.2f | %.2f | %d |", model, label, rate, connections, open.achieved(),
								open.millis(0.5), open.millis(0.9), open.millis(0.99), open.failures()));
						write(out, options, rows);
					}
					finally {
						stop(demo);
					}
				}
			}
			finally {
				if (worker != null) {
					stop(worker);
				}
			}
		}
		finally {
			write(out, options, rows);
			servers.close();
			System.exit(0);
		}
	}

	private static OfferedLoadRun.Result offered(String url, int rate, int callers, int seconds, int warmup)
			throws Exception {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		AtomicLong n = new AtomicLong();
		return OfferedLoadRun.offer("PUT " + url + "/api/users/{id}", rate, callers, seconds, warmup, () -> {
			int id = ThreadLocalRandom.current().nextInt(1, USERS + 1);
			String body = "{\"name\":\"user " + n.incrementAndGet() + "\",\"email\":\"u" + id + "@example.com\"}";
			try {
				HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url + "/api/users/" + id))
					.header("Content-Type", "application/json")
					.PUT(HttpRequest.BodyPublishers.ofString(body))
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() >= 300) {
					throw new IllegalStateException("PUT answered " + response.statusCode());
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		});
	}

	private static Process start(String jar, Map<String, String> environment, Map<String, String> more,
			List<String> arguments) throws IOException {
		File file = new File(jar);
		if (!file.isFile()) {
			throw new IllegalStateException("Build it first (" + file.getAbsolutePath()
					+ " is missing): ./mvnw -q -DskipTests package -pl demo-app,worker,benchmarks -am");
		}
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
				"-Xmx512m", "-jar", file.getAbsolutePath()));
		command.addAll(arguments);
		Path log = Files.createTempFile("cachekit-http-" + file.getName(), ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		builder.environment().putAll(more);
		System.out.println("Started " + file.getName() + ", log " + log);
		return builder.start();
	}

	private static void awaitHealthy(int port, Process process) throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("The process on port " + port + " exited");
			}
			try {
				HttpResponse<String> health = client.send(
						HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
							.timeout(Duration.ofSeconds(5))
							.build(),
						HttpResponse.BodyHandlers.ofString());
				if (health.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(500);
		}
		throw new IllegalStateException("Port " + port + " did not become healthy");
	}

	private static void stop(Process process) throws InterruptedException {
		process.destroy();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor();
		}
	}

	private static Wrk wrk(Path script, String url, int connections, int seconds) throws Exception {
		Process process = new ProcessBuilder("wrk", "-t", "2", "-c", String.valueOf(connections), "-d", seconds + "s",
				"--latency", "--timeout", "10s", "-s", script.toString(), url).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		System.out.println(output);
		long socketErrors = 0;
		Matcher errors = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
			.matcher(output);
		if (errors.find()) {
			for (int group = 1; group <= 4; group++) {
				socketErrors += Long.parseLong(errors.group(group));
			}
		}
		return new Wrk(number(output, "Requests/sec:\\s+([\\d.]+)"), latency(output, "50"), latency(output, "90"),
				latency(output, "99"), (long) number(output, "Non-2xx or 3xx responses: (\\d+)") + socketErrors);
	}

	private static double number(String output, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(output);
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
	}

	/** A percentile of wrk's latency distribution, in milliseconds. */
	private static double latency(String output, String percent) {
		Matcher matcher = Pattern.compile("(?m)^\\s+" + percent + "%\\s+([\\d.]+)(us|ms|s)\\s*$").matcher(output);
		if (!matcher.find()) {
			return Double.NaN;
		}
		double value = Double.parseDouble(matcher.group(1));
		return switch (matcher.group(2)) {
			case "us" -> value / 1000;
			case "s" -> value * 1000;
			default -> value;
		};
	}

	private static void write(Path out, Map<String, String> options, List<String> rows) throws IOException {
		RunReport.write(out, "HTTP write run: " + options,
				"| model | case | load | requests/s | p50 ms | p90 ms | p99 ms | errors or non-2xx |\n"
						+ "|---|---|---|---:|---:|---:|---:|---:|\n",
				rows);
	}

	/** What wrk reported: throughput, latency percentiles in milliseconds, and failed requests. */
	private record Wrk(double requestsPerSecond, double p50, double p90, double p99, long errors) {
	}

}
