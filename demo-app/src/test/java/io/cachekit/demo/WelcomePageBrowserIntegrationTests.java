package io.cachekit.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.cachekit.test.ImportDevServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The welcome page at {@code /} in a real headless Chromium driven by Selenium WebDriver ({@link SeleniumChromium},
 * skipped when Chromium or its driver is not installed): the demo on a random port, with its rate limits on, and the real worker serving its Actuator
 * on a free port so that the page has a write-behind lag to show. The tests read what the page rendered (the
 * DOM text, after its JavaScript ran) and, after traffic over HTTP, watch the same page, never reloaded, show
 * the new numbers at its next refresh.
 * <p>
 * The page polls {@code /api/ops/write-behind} from 127.0.0.1; traffic comes from other clients
 * ({@code X-Forwarded-For}, 127.0.0.1 being a trusted proxy), so the page itself is never rate limited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ImportDevServices
@DirtiesContext
class WelcomePageBrowserIntegrationTests {

	private static final String NAME = "demo-browser-" + EndToEndTestSupport.RUN;

	/** The page refreshes every 2 s ({@code REFRESH_MS} in welcome.js): a few refreshes, worker lag included. */
	private static final Duration LIVE_TIMEOUT = Duration.ofSeconds(15);

	/** The rendered text of the numbers the page shows, read in one evaluation. */
	private static final String DASHBOARD = """
			(() => {
			  const text = (id) => document.getElementById(id).textContent.trim();
			  return {
			    marker: window.cachekitTestMarker || '',
			    refreshed: Number(document.body.dataset.refreshed || 0),
			    interval: text('interval'),
			    health: text('health'),
			    caches: Array.from(document.querySelectorAll('#caches tbody tr'))
			      .map((row) => Array.from(row.cells).map((cell) => cell.textContent.trim())),
			    lag: text('lag'),
			    lagDetail: text('lag-detail'),
			    rejections: text('rejections'),
			    hotProducts: Array.from(document.querySelectorAll('#hot-products li')).map((li) => li.textContent.trim()),
			    consistency: text('consistency'),
			    consistencyDetail: text('consistency-detail')
			  };
			})()""";

	private static final Pattern LAG = Pattern.compile("(\\d+) ms mean");

	private static final Pattern LAG_DETAIL = Pattern.compile("max (\\d+) ms, (\\d+) updates persisted");

	private static final Pattern RATIO = Pattern.compile("\\d{1,3}\\.\\d %|n/a");

	private static final Pattern HOT_PRODUCT = Pattern.compile("#(\\d+) \\((\\d+) reads\\)");

	private static final Pattern CONSISTENCY_DETAIL = Pattern
		.compile("(\\d+) sampled writes checked, (\\d+) disagreed with MongoDB 5 s after the write");

	private static ConfigurableApplicationContext worker;

	private static SeleniumChromium browser;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void isolate(DynamicPropertyRegistry registry) {
		EndToEndTestSupport.isolateAs(registry, NAME);
		registry.add("cachekit.rate-limit.trusted-proxies", () -> "127.0.0.1");
		registry.add("demo.worker.url", () -> "http://127.0.0.1:" + DemoWorker.port(worker));
		EndToEndTestSupport.admin(registry);
	}

	@BeforeAll
	static void startBrowserAndWorker() {
		Optional<SeleniumChromium.Installation> chromium = SeleniumChromium.find();
		Assumptions.assumeTrue(chromium.isPresent(),
				"No Chromium with its driver found (chromium and chromedriver on the PATH): the welcome page "
						+ "browser test is skipped; .ci/run installs Debian's chromium and chromium-driver");
		browser = SeleniumChromium.start(chromium.get());
		worker = DemoWorker.start(NAME, NAME + ".write-behind", NAME, NAME + "-worker", true);
	}

	@AfterAll
	static void stopBrowserAndWorker() {
		try {
			if (browser != null) {
				browser.close();
			}
		}
		finally {
			if (worker != null) {
				worker.close();
			}
		}
	}

	@Test
	void pageRendersHitRatioPerCacheWriteBehindLagAndRejectionsFromTheServer() {
		ApiClient api = new ApiClient(this.port);
		assertThat(api.get("/api/products/1", "X-Forwarded-For", "198.51.100.30").statusCode()).isEqualTo(200);
		assertThat(api.get("/api/products/1", "X-Forwarded-For", "198.51.100.30").statusCode()).isEqualTo(200);

		SeleniumChromium.Page page = browser.open("http://127.0.0.1:" + this.port + "/");
		page.awaitTrue("Number(document.body.dataset.refreshed || 0) > 0", LIVE_TIMEOUT);
		Dashboard dashboard = Dashboard.of(page.evaluate(DASHBOARD));

		assertThat(dashboard.interval()).isEqualTo("2");
		assertThat(dashboard.health()).isEqualTo("UP");
		assertThat(dashboard.caches()).containsKeys("products", "productPages", "articles", "users");
		dashboard.caches().values().forEach((row) -> assertThat(row.ratio()).as(row.name()).matches(RATIO));
		CacheRow products = dashboard.caches().get("products");
		// Actuator, the independent source, is for the admin only
		ApiClient admin = EndToEndTestSupport.admin(this.port);
		assertThat(products.hits()).isEqualTo(cacheGets(admin, "products", "hit")).isPositive();
		assertThat(products.misses()).isEqualTo(cacheGets(admin, "products", "miss")).isPositive();
		assertThat(products.ratio()).isEqualTo(percent(products.hits(), products.misses()));

		JsonNode lag = ApiClient.json(api.get("/api/ops/write-behind"));
		assertThat(lag.get("available").asBoolean()).as(lag.toString()).isTrue();
		assertThat(dashboard.lag()).matches(LAG);
		Matcher detail = LAG_DETAIL.matcher(dashboard.lagDetail());
		assertThat(detail.matches()).as(dashboard.lagDetail()).isTrue();
		assertThat(Long.parseLong(detail.group(2))).isEqualTo(lag.get("persisted").asLong());

		assertThat(dashboard.rejections()).matches("\\d+");
		assertThat(Long.parseLong(dashboard.rejections())).isEqualTo(rejections(admin));

		// product 1 was read: it is among the hot products shown, each as the server lists it
		JsonNode insight = ApiClient.json(api.get("/api/ops/products"));
		assertThat(dashboard.hotProducts()).isNotEmpty().allSatisfy((hot) -> assertThat(hot).matches(HOT_PRODUCT));
		assertThat(dashboard.hotProducts()).anySatisfy((hot) -> assertThat(hot).startsWith("#1 "));
		assertThat(dashboard.hotProducts()).hasSize(insight.get("hotKeys").size());
		Matcher consistency = CONSISTENCY_DETAIL.matcher(dashboard.consistencyDetail());
		assertThat(consistency.matches()).as(dashboard.consistencyDetail()).isTrue();
		assertThat(dashboard.consistency()).matches("\\d{1,3}\\.\\d{2} %|no writes yet");
		assertThat(page.scriptErrors()).isEmpty();
	}

	@Test
	void openPageShowsNewTrafficAtItsNextRefreshWithoutReloading() {
		ApiClient api = new ApiClient(this.port);
		SeleniumChromium.Page page = browser.open("http://127.0.0.1:" + this.port + "/");
		page.awaitTrue("Number(document.body.dataset.refreshed || 0) > 0", LIVE_TIMEOUT);
		// A reload would drop this variable: the page the test watches is the one it opened.
		page.evaluate("window.cachekitTestMarker = 'opened-once'");
		Dashboard before = Dashboard.of(page.evaluate(DASHBOARD));
		long persistedBefore = persisted(before);

		for (int id = 201; id <= 210; id++) {
			assertThat(api.get("/api/products/" + id, "X-Forwarded-For", "198.51.100.31").headers().firstValue("X-Cache"))
				.hasValue("MISS");
			assertThat(api.get("/api/products/" + id, "X-Forwarded-For", "198.51.100.31").headers().firstValue("X-Cache"))
				.hasValue("HIT");
		}
		assertThat(api.put("/api/users/7", "{\"name\":\"Live Dashboard\",\"email\":\"live@example.com\"}",
				"X-Forwarded-For", "198.51.100.31")
			.statusCode()).isEqualTo(202);
		int rejected = 0;
		for (int i = 1; i <= 105; i++) {
			int status = api.get("/api/leaderboard?limit=1", "X-Forwarded-For", "198.51.100.32").statusCode();
			assertThat(status).as("request %d", i).isEqualTo((i <= 100) ? 200 : 429);
			rejected += (status == 429) ? 1 : 0;
		}
		assertThat(rejected).isEqualTo(5);
		// a product write through the application: the consistency monitor checks it 5 s later
		assertThat(api.post("/api/products", "{\"name\":\"Live lamp\",\"category\":\"office\",\"priceCents\":900,"
				+ "\"stock\":1}", "X-Forwarded-For", "198.51.100.31").statusCode()).isEqualTo(201);

		long deadline = System.nanoTime() + LIVE_TIMEOUT.toNanos();
		Dashboard now = Dashboard.of(page.evaluate(DASHBOARD));
		while (!showsTraffic(before, now, persistedBefore, rejected)) {
			if (System.nanoTime() > deadline) {
				fail("Within %s the page did not show the traffic; before: %s, now: %s", LIVE_TIMEOUT, before, now);
			}
			SeleniumChromium.sleep(Duration.ofMillis(200));
			now = Dashboard.of(page.evaluate(DASHBOARD));
		}
		assertThat(now.marker()).isEqualTo("opened-once");
		assertThat(now.refreshed()).isGreaterThan(before.refreshed());
		CacheRow products = now.caches().get("products");
		assertThat(products.ratio()).isEqualTo(percent(products.hits(), products.misses()));
		assertThat(now.lag()).matches(LAG);
		assertThat(page.scriptErrors()).isEmpty();
	}

	private static boolean showsTraffic(Dashboard before, Dashboard now, long persistedBefore, int rejected) {
		CacheRow productsBefore = before.caches().get("products");
		CacheRow products = now.caches().get("products");
		return products != null && productsBefore != null && products.hits() >= productsBefore.hits() + 10
				&& products.misses() >= productsBefore.misses() + 10
				&& now.rejections().equals(String.valueOf(Long.parseLong(before.rejections()) + rejected))
				&& persisted(now) >= persistedBefore + 1 && checked(now) >= checked(before) + 1
				&& now.consistency().equals("100.00 %");
	}

	private static long checked(Dashboard dashboard) {
		Matcher detail = CONSISTENCY_DETAIL.matcher(dashboard.consistencyDetail());
		return detail.matches() ? Long.parseLong(detail.group(1)) : -1;
	}

	private static long persisted(Dashboard dashboard) {
		Matcher detail = LAG_DETAIL.matcher(dashboard.lagDetail());
		return detail.matches() ? Long.parseLong(detail.group(2)) : -1;
	}

	/** The hit ratio as welcome.js renders it: {@code (ratio * 100).toFixed(1) + ' %'}. */
	private static String percent(long hits, long misses) {
		double ratio = (double) hits / (hits + misses);
		return new BigDecimal(ratio * 100).setScale(1, RoundingMode.HALF_UP).toPlainString() + " %";
	}

	private static long cacheGets(ApiClient api, String cache, String result) {
		HttpResponse<String> metric = api
			.get("/actuator/metrics/cache.gets?tag=cache:" + cache + "&tag=result:" + result);
		assertThat(metric.statusCode()).isEqualTo(200);
		return (long) ApiClient.json(metric).get("measurements").get(0).get("value").asDouble();
	}

	/** HTTP 429 responses so far, as the page counts them (no such meter yet means none). */
	private static long rejections(ApiClient api) {
		HttpResponse<String> metric = api.get("/actuator/metrics/http.server.requests?tag=status:429");
		if (metric.statusCode() == 404) {
			return 0;
		}
		for (JsonNode measurement : ApiClient.json(metric).get("measurements")) {
			if ("COUNT".equals(measurement.get("statistic").asString())) {
				return (long) measurement.get("value").asDouble();
			}
		}
		return 0;
	}

	/**
	 * One cache's row of the hit-ratio table.
	 *
	 * @param name the cache
	 * @param hits the hits shown
	 * @param misses the misses shown
	 * @param ratio the hit ratio shown
	 */
	record CacheRow(String name, long hits, long misses, String ratio) {

	}

	/**
	 * What the page showed at one moment.
	 *
	 * @param marker the test's marker variable, empty before it is set
	 * @param refreshed when the page last refreshed (epoch millis, 0 before its first refresh)
	 * @param interval the refresh interval shown, in seconds
	 * @param health the health status shown
	 * @param caches the rows of the hit-ratio table by cache name
	 * @param lag the write-behind lag shown
	 * @param lagDetail the line under the lag
	 * @param rejections the rate-limit rejections shown
	 * @param hotProducts the hot products listed
	 * @param consistency the consistency figure shown
	 * @param consistencyDetail the line under it
	 */
	record Dashboard(String marker, long refreshed, String interval, String health, Map<String, CacheRow> caches,
			String lag, String lagDetail, String rejections, List<String> hotProducts, String consistency,
			String consistencyDetail) {

		static Dashboard of(JsonNode page) {
			Map<String, CacheRow> caches = new LinkedHashMap<>();
			for (JsonNode row : page.get("caches")) {
				assertThat(row).as("a row of the hit-ratio table: %s", page.get("caches")).hasSize(4);
				caches.put(row.get(0).asString(), new CacheRow(row.get(0).asString(), Long.parseLong(row.get(1).asString()),
						Long.parseLong(row.get(2).asString()), row.get(3).asString()));
			}
			return new Dashboard(page.get("marker").asString(), page.get("refreshed").asLong(),
					page.get("interval").asString(), page.get("health").asString(), caches, page.get("lag").asString(),
					page.get("lagDetail").asString(), page.get("rejections").asString(),
					page.get("hotProducts").valueStream().map(JsonNode::asString).toList(),
					page.get("consistency").asString(), page.get("consistencyDetail").asString());
		}

	}

}
