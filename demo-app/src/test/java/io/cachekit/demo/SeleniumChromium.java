package io.cachekit.demo;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's Chromium driven through Selenium WebDriver and Debian's {@code chromedriver}
 * ({@code apt-get install chromium chromium-driver}), headless, one page per test. Both are found on the
 * {@code PATH} or under {@code /usr/bin}; Selenium Manager is never asked to download anything.
 */
final class SeleniumChromium implements AutoCloseable {

	private static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome");

	private static final JsonMapper json = JsonMapper.builder().build();

	private final ChromeDriver driver;

	private SeleniumChromium(ChromeDriver driver) {
		this.driver = driver;
	}

	/**
	 * Finds a Chromium and its driver.
	 * @return both, or empty if either is missing
	 */
	static Optional<Installation> find() {
		Optional<Path> browser = BROWSERS.stream().map(SeleniumChromium::executable).flatMap(Optional::stream).findFirst();
		Optional<Path> driver = executable("chromedriver");
		return (browser.isPresent() && driver.isPresent())
				? Optional.of(new Installation(browser.get(), driver.get())) : Optional.empty();
	}

	private static Optional<Path> executable(String name) {
		String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
		for (String directory : path.split(File.pathSeparator)) {
			Path candidate = Path.of(directory, name);
			if (!directory.isEmpty() && Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	/**
	 * Starts a headless browser.
	 * @param installation the browser and its driver
	 * @return the browser
	 */
	static SeleniumChromium start(Installation installation) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(installation.browser().toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--no-first-run", "--disable-extensions");
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(installation.driver().toFile())
			.usingAnyFreePort()
			.build();
		return new SeleniumChromium(new ChromeDriver(service, options));
	}

	/**
	 * Opens a page and waits for it to load.
	 * @param url the page
	 * @return the page
	 */
	Page open(String url) {
		this.driver.get(url);
		return new Page();
	}

	@Override
	public void close() {
		this.driver.quit();
	}

	/**
	 * Waits.
	 * @param duration how long
	 */
	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Where the browser and its driver are.
	 *
	 * @param browser the Chromium executable
	 * @param driver the chromedriver executable
	 */
	record Installation(Path browser, Path driver) {
	}

	/** The open page. */
	final class Page {

		/**
		 * Evaluates a JavaScript expression in the page.
		 * @param expression the expression
		 * @return its value as JSON
		 */
		JsonNode evaluate(String expression) {
			Object value = ((JavascriptExecutor) SeleniumChromium.this.driver).executeScript("return " + expression);
			return json.valueToTree(value);
		}

		/**
		 * Waits until a JavaScript expression is true.
		 * @param expression the expression
		 * @param timeout how long at most
		 */
		void awaitTrue(String expression, Duration timeout) {
			new WebDriverWait(SeleniumChromium.this.driver, timeout).pollingEvery(Duration.ofMillis(100))
				.until((driver) -> Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript("return " + expression)));
		}

		/**
		 * The errors the page's scripts raised or logged: uncaught exceptions and {@code console.error} calls,
		 * not failed loads of resources (a missing favicon).
		 * @return the errors since the last call
		 */
		List<String> scriptErrors() {
			return SeleniumChromium.this.driver.manage()
				.logs()
				.get(LogType.BROWSER)
				.getAll()
				.stream()
				.filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
				.map(LogEntry::getMessage)
				.filter((message) -> !message.contains("Failed to load resource"))
				.toList();
		}

	}

}
