package io.cachekit.web;

import java.util.Map;

import io.cachekit.CachekitException;
import io.cachekit.lock.DistributedLock;
import io.cachekit.ratelimit.RateLimited;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small web application for the web tests: a few endpoints behind the rate-limit rules, one
 * rate-limited and one locked service method, and an endpoint that throws a feature exception.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(WebTestApplication.TestController.class)
class WebTestApplication {

	@Bean
	Service service() {
		return new Service();
	}

	@RestController
	static class TestController {

		private final Service service;

		TestController(Service service) {
			this.service = service;
		}

		@GetMapping({ "/api/hello", "/baseline/hello", "/spoof/hello", "/keyed/hello", "/tenant/hello",
				"/open/hello", "/closed/hello", "/fallback/hello", "/other/hello", "/user/hello" })
		String hello() {
			return "hello";
		}

		@GetMapping("/quota/{id}")
		String quota(@PathVariable String id) {
			return this.service.limited(id);
		}

		@GetMapping("/locked/{id}")
		String locked(@PathVariable String id) {
			return this.service.locked(id);
		}

		@GetMapping("/unavailable")
		String unavailable() {
			throw new StoreUnavailableException();
		}

	}

	static class Service {

		@RateLimited(name = "quota", key = "#id", limit = 1, window = "1h")
		public String limited(String id) {
			return "quota " + id;
		}

		@DistributedLock(key = "'web:' + #id", waitTime = "0s")
		public String locked(String id) {
			return "locked " + id;
		}

	}

	/**
	 * Stands for another feature's exception, e.g. write-behind refusing writes.
	 */
	static class StoreUnavailableException extends CachekitException {

		StoreUnavailableException() {
			super("The write queue is unavailable; nothing was written");
		}

		@Override
		public int httpStatus() {
			return 503;
		}

		@Override
		public String title() {
			return "Writes unavailable";
		}

		@Override
		public Map<String, String> httpHeaders() {
			return Map.of("Retry-After", "7");
		}

	}

}
