package io.cachekit.demo.welcome;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the welcome page finds the write-behind worker, under {@code demo.worker}.
 */
@ConfigurationProperties("demo.worker")
public class WorkerProperties {

	/**
	 * Base URL of the worker's HTTP port (its Actuator lives under /actuator).
	 */
	private URI url = URI.create("http://127.0.0.1:8081");

	/**
	 * How long to wait for the worker before reporting it unavailable.
	 */
	private Duration timeout = Duration.ofSeconds(1);

	public URI getUrl() {
		return this.url;
	}

	public void setUrl(URI url) {
		this.url = url;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

}
