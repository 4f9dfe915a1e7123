package io.cachekit.demo.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Web settings of the demo, under {@code demo.web}.
 */
@ConfigurationProperties("demo.web")
public class DemoWebProperties {

	/**
	 * Largest request body accepted; larger bodies get 413.
	 */
	private DataSize maxRequestSize = DataSize.ofKilobytes(64);

	public DataSize getMaxRequestSize() {
		return this.maxRequestSize;
	}

	public void setMaxRequestSize(DataSize maxRequestSize) {
		this.maxRequestSize = maxRequestSize;
	}

}
