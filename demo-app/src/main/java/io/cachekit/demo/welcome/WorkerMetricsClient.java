package io.cachekit.demo.welcome;

import java.net.http.HttpClient;

import tools.jackson.databind.JsonNode;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Reads the worker's {@code cachekit.worker.lag} timer and {@code cachekit.worker.records.persisted} counter
 * from its Actuator metrics endpoint.
 */
class WorkerMetricsClient {

	private final RestClient restClient;

	private final String url;

	WorkerMetricsClient(WorkerProperties properties) {
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(properties.getTimeout()).build());
		requestFactory.setReadTimeout(properties.getTimeout());
		this.url = properties.getUrl().toString();
		this.restClient = RestClient.builder().baseUrl(properties.getUrl().toString()).requestFactory(requestFactory).build();
	}

	WriteBehindLag lag() {
		try {
			JsonNode lag = this.restClient.get().uri("/actuator/metrics/cachekit.worker.lag").retrieve().body(JsonNode.class);
			JsonNode persisted = this.restClient.get()
				.uri("/actuator/metrics/cachekit.worker.records.persisted")
				.retrieve()
				.body(JsonNode.class);
			double count = statistic(lag, "COUNT");
			double totalSeconds = statistic(lag, "TOTAL_TIME");
			double mean = (count > 0) ? totalSeconds * 1000 / count : 0;
			return new WriteBehindLag(true, (long) statistic(persisted, "COUNT"), mean, statistic(lag, "MAX") * 1000,
					null);
		}
		catch (RestClientException ex) {
			return WriteBehindLag.unavailable("Worker metrics unavailable at " + this.url + ": " + reason(ex));
		}
	}

	/** Why, in words for the page: no exception names or stack details in a public answer. */
	private static String reason(RestClientException ex) {
		if (ex instanceof RestClientResponseException response) {
			return "it answered " + response.getStatusCode().value();
		}
		if (ex instanceof ResourceAccessException) {
			return "it does not answer";
		}
		return "its answer could not be read";
	}

	private static double statistic(JsonNode metric, String name) {
		if (metric != null) {
			for (JsonNode measurement : metric.path("measurements")) {
				if (name.equals(measurement.path("statistic").asString())) {
					return measurement.path("value").asDouble();
				}
			}
		}
		return 0;
	}

}
