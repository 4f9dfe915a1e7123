package io.cachekit.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.ConcurrentModificationException;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for end-to-end tests: real requests to the application's port, with a cookie jar of
 * its own (one client is one browser). Like a single-page app's HTTP library, {@link #post}, {@link #put} and
 * {@link #delete} send the {@code XSRF-TOKEN} cookie's value back in the {@code X-XSRF-TOKEN} header, loading
 * the page once first if the jar has no token yet; {@link #send} sends a request exactly as built.
 */
final class ApiClient {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String baseUrl;

	private final HttpClient http;

	private final CookieManager cookies = new CookieManager();

	ApiClient(int port) {
		this.baseUrl = "http://127.0.0.1:" + port;
		this.http = HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.connectTimeout(Duration.ofSeconds(5))
			.version(HttpClient.Version.HTTP_1_1)
			.build();
	}

	HttpResponse<String> get(String path, String... headers) {
		return send(request(path, headers).GET().build());
	}

	HttpResponse<String> post(String path, String body, String... headers) {
		return send(withCsrfToken(request(path, headers)).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	HttpResponse<String> put(String path, String body, String... headers) {
		return send(withCsrfToken(request(path, headers)).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	HttpResponse<String> delete(String path, String... headers) {
		return send(withCsrfToken(request(path, headers)).DELETE().build());
	}

	/** The CSRF token in this client's jar, after loading the page once if there is none yet. */
	String csrfToken() {
		Optional<String> token = cookie("XSRF-TOKEN");
		if (token.isEmpty()) {
			get("/");
			token = cookie("XSRF-TOKEN");
		}
		return token.orElseThrow(() -> new IllegalStateException("The application set no XSRF-TOKEN cookie"));
	}

	Optional<String> cookie(String name) {
		// the JDK's cookie store hands out a view of its live list: a response on another thread may add to it
		while (true) {
			try {
				return this.cookies.getCookieStore()
					.getCookies()
					.stream()
					.filter((cookie) -> cookie.getName().equals(name))
					.map(HttpCookie::getValue)
					.findFirst();
			}
			catch (ConcurrentModificationException ex) {
				Thread.onSpinWait();
			}
		}
	}

	private HttpRequest.Builder withCsrfToken(HttpRequest.Builder request) {
		return request.header("X-XSRF-TOKEN", csrfToken());
	}

	HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	HttpRequest.Builder request(String path, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(30));
		for (int i = 0; i + 1 < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		return builder;
	}

	/** An {@code Authorization} header value for HTTP Basic. */
	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	static JsonNode json(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

}
