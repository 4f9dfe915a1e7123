package io.cachekit.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol with the JDK's own HTTP and WebSocket clients:
 * just enough to open a page, evaluate JavaScript in it and collect its script errors. The browser gets a
 * fresh profile in a temporary directory (its crash handler's files too) and listens for DevTools on a free
 * port of 127.0.0.1; {@link #close()} ends every process it started and deletes the directory.
 */
final class HeadlessChromium implements AutoCloseable {

	private static final List<String> COMMANDS = List.of("chromium", "chromium-browser", "google-chrome");

	private static final List<Path> FALLBACKS = List.of(Path.of("/usr/bin/chromium"));

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(15);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Process process;

	private final Path directory;

	private final int devToolsPort;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final List<Page> pages = new CopyOnWriteArrayList<>();

	private HeadlessChromium(Process process, Path directory, int devToolsPort) {
		this.process = process;
		this.directory = directory;
		this.devToolsPort = devToolsPort;
	}

	/**
	 * The Chromium executable: the first of {@code chromium}, {@code chromium-browser} and {@code google-chrome}
	 * on the {@code PATH}, else a well-known install location.
	 * @return the executable, or empty when there is none
	 */
	static Optional<Path> find() {
		String path = System.getenv("PATH");
		List<Path> candidates = new ArrayList<>();
		for (String command : COMMANDS) {
			if (path != null) {
				for (String dir : path.split(java.io.File.pathSeparator)) {
					if (!dir.isBlank()) {
						candidates.add(Path.of(dir, command));
					}
				}
			}
		}
		candidates.addAll(FALLBACKS);
		return candidates.stream().filter((candidate) -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
			.findFirst();
	}

	/**
	 * Starts a headless browser and waits until its DevTools endpoint answers.
	 * @param executable the Chromium executable
	 * @return the running browser
	 */
	static HeadlessChromium start(Path executable) {
		Path directory;
		try {
			directory = Files.createTempDirectory("cachekit-chromium");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Path profile = directory.resolve("profile");
		ProcessBuilder builder = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("chromium.log").toFile());
		// Keeps the crash handler's database (and its command line) inside the directory, not in the home folder.
		builder.environment().put("XDG_CONFIG_HOME", directory.resolve("config").toString());
		builder.environment().put("XDG_CACHE_HOME", directory.resolve("cache").toString());
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			deleteRecursively(directory);
			throw new UncheckedIOException("Could not start " + executable, ex);
		}
		try {
			return new HeadlessChromium(process, directory, awaitDevToolsPort(process, profile, directory));
		}
		catch (RuntimeException ex) {
			new HeadlessChromium(process, directory, 0).close();
			throw ex;
		}
	}

	private static int awaitDevToolsPort(Process process, Path profile, Path directory) {
		Path portFile = profile.resolve("DevToolsActivePort");
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("Chromium exited with " + process.exitValue() + ": " + log(directory));
			}
			try {
				List<String> lines = Files.exists(portFile) ? Files.readAllLines(portFile) : List.of();
				if (lines.size() >= 2 && !lines.get(0).isBlank()) {
					return Integer.parseInt(lines.get(0).strip());
				}
				Thread.sleep(50);
			}
			catch (IOException ex) {
				// written as we read: try again
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new IllegalStateException("Chromium wrote no DevToolsActivePort within " + STARTUP_TIMEOUT + ": "
				+ log(directory));
	}

	/**
	 * Opens a new tab on {@code about:blank}, enables the runtime events (script errors) and navigates it to
	 * {@code url}; returns once the document has loaded.
	 * @param url the page to open
	 * @return the page
	 */
	Page open(String url) {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.devToolsPort + "/json/new?"
					+ URLEncoder.encode("about:blank", StandardCharsets.UTF_8)))
			.timeout(COMMAND_TIMEOUT)
			.PUT(HttpRequest.BodyPublishers.noBody())
			.build();
		JsonNode target;
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("DevTools answered " + response.statusCode() + " to /json/new: "
						+ response.body());
			}
			target = json.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		Page page = new Page(target.get("id").asString(), target.get("webSocketDebuggerUrl").asString(), this.http);
		this.pages.add(page);
		page.send("Runtime.enable", Map.of());
		page.send("Page.navigate", Map.of("url", url));
		page.awaitTrue("document.readyState === 'complete' && location.href === " + json.writeValueAsString(url),
				COMMAND_TIMEOUT);
		return page;
	}

	/**
	 * Ends the browser and every process it started, then deletes its directory.
	 */
	@Override
	public void close() {
		this.pages.forEach(Page::close);
		List<ProcessHandle> descendants = this.process.descendants().toList();
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
		// The crash handler detaches from the browser; its command line names this directory.
		String marker = this.directory.toString();
		ProcessHandle.allProcesses()
			.filter((handle) -> handle.info().commandLine().map((line) -> line.contains(marker)).orElse(false))
			.forEach(ProcessHandle::destroyForcibly);
		deleteRecursively(this.directory);
	}

	private static String log(Path directory) {
		try {
			String log = Files.readString(directory.resolve("chromium.log"));
			return (log.length() > 2000) ? log.substring(log.length() - 2000) : log;
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

	private static void deleteRecursively(Path directory) {
		for (int attempt = 0; attempt < 5 && Files.exists(directory); attempt++) {
			try (Stream<Path> paths = Files.walk(directory)) {
				paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
			catch (IOException | UncheckedIOException ex) {
				// a file vanished while walking: walk again
			}
		}
	}

	/**
	 * One tab, over its own DevTools WebSocket: commands await the reply with the same id; events of interest
	 * (uncaught exceptions, {@code console.error}) are collected.
	 */
	static final class Page implements WebSocket.Listener {

		private final String targetId;

		private final WebSocket socket;

		private final AtomicInteger ids = new AtomicInteger();

		private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();

		private final List<String> scriptErrors = new CopyOnWriteArrayList<>();

		private final StringBuilder partial = new StringBuilder();

		private Page(String targetId, String webSocketUrl, HttpClient http) {
			this.targetId = targetId;
			try {
				this.socket = http.newWebSocketBuilder()
					.connectTimeout(Duration.ofSeconds(5))
					.buildAsync(URI.create(webSocketUrl), this)
					.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			}
			catch (ExecutionException | TimeoutException ex) {
				throw new IllegalStateException("Could not connect to " + webSocketUrl, ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		/**
		 * Sends a command and waits for its result.
		 * @param method the DevTools method
		 * @param params its parameters
		 * @return the {@code result} of the reply
		 */
		JsonNode send(String method, Map<String, Object> params) {
			int id = this.ids.incrementAndGet();
			CompletableFuture<JsonNode> reply = new CompletableFuture<>();
			this.replies.put(id, reply);
			ObjectNode message = json.createObjectNode();
			message.put("id", id);
			message.put("method", method);
			message.set("params", json.valueToTree(params));
			try {
				this.socket.sendText(json.writeValueAsString(message), true)
					.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				JsonNode response = reply.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				if (response.has("error")) {
					throw new IllegalStateException(method + " failed: " + response.get("error"));
				}
				return response.path("result");
			}
			catch (ExecutionException | TimeoutException ex) {
				throw new IllegalStateException(method + " got no reply within " + COMMAND_TIMEOUT, ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			finally {
				this.replies.remove(id);
			}
		}

		/**
		 * Evaluates an expression in the page, awaiting a promise it returns.
		 * @param expression the JavaScript expression
		 * @return its value, as JSON
		 */
		JsonNode evaluate(String expression) {
			JsonNode result = send("Runtime.evaluate",
					Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
			if (result.has("exceptionDetails")) {
				throw new IllegalStateException("'" + expression + "' threw: " + result.get("exceptionDetails"));
			}
			return result.path("result").path("value");
		}

		/**
		 * Polls a boolean expression until it is true.
		 * @param expression the JavaScript expression
		 * @param timeout how long to poll
		 */
		void awaitTrue(String expression, Duration timeout) {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (!evaluate(expression).asBoolean(false)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Still false after " + timeout + ": " + expression);
				}
				sleep(Duration.ofMillis(100));
			}
		}

		/**
		 * Uncaught exceptions and {@code console.error} calls seen since the page was opened.
		 * @return their descriptions
		 */
		List<String> scriptErrors() {
			return List.copyOf(this.scriptErrors);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				String text = this.partial.toString();
				this.partial.setLength(0);
				receive(json.readTree(text));
			}
			webSocket.request(1);
			return null;
		}

		private void receive(JsonNode message) {
			if (message.has("id")) {
				CompletableFuture<JsonNode> reply = this.replies.get(message.get("id").asInt());
				if (reply != null) {
					reply.complete(message);
				}
				return;
			}
			String method = message.path("method").asString();
			JsonNode params = message.path("params");
			if ("Runtime.exceptionThrown".equals(method)) {
				JsonNode details = params.path("exceptionDetails");
				this.scriptErrors.add("exception: " + details.path("exception").path("description").asString(
						details.path("text").asString()));
			}
			else if ("Runtime.consoleAPICalled".equals(method)
					&& ("error".equals(params.path("type").asString())
							|| "assert".equals(params.path("type").asString()))) {
				this.scriptErrors.add("console." + params.path("type").asString() + ": " + params.path("args"));
			}
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.replies.values().forEach((reply) -> reply.completeExceptionally(error));
		}

		private void close() {
			try {
				send("Page.close", Map.of());
			}
			catch (RuntimeException ex) {
				// the browser may be gone already
			}
			this.socket.abort();
		}

		@Override
		public String toString() {
			return "page " + this.targetId;
		}

	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
