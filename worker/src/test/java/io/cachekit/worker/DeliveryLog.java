package io.cachekit.worker;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.Environment;

import io.cachekit.worker.consume.BatchObserver;
import io.cachekit.writebehind.envelope.WriteBehindEnvelope;

/**
 * A {@link BatchObserver} for a worker run as a child process: appends the partition and offset of every
 * record handed to a batch write to the file named by {@code cachekit.test.delivery-log}, so that the test can
 * count redeliveries across processes (an offset logged twice was delivered again). It halts the worker when
 * the process named by {@code cachekit.test.parent-pid} (the test JVM) exits, so that no worker outlives a
 * test run, however that run ends.
 * <p>
 * Not a component: a test adds it with {@code --spring.main.sources=io.cachekit.worker.DeliveryLog}.
 */
public class DeliveryLog implements BatchObserver, DisposableBean {

	private final OutputStream out;

	/**
	 * Opens the log named in the environment and watches the parent process.
	 * @param environment the worker's environment
	 * @throws IOException if the log cannot be opened
	 */
	public DeliveryLog(Environment environment) throws IOException {
		this.out = new FileOutputStream(environment.getRequiredProperty("cachekit.test.delivery-log"), true);
		long parent = environment.getRequiredProperty("cachekit.test.parent-pid", Long.class);
		ProcessHandle.of(parent)
			.ifPresentOrElse((handle) -> handle.onExit().thenRun(() -> Runtime.getRuntime().halt(3)),
					() -> Runtime.getRuntime().halt(3));
	}

	@Override
	public void beforeWrite(List<ConsumerRecord<String, WriteBehindEnvelope>> records) {
		StringBuilder lines = new StringBuilder(records.size() * 12);
		for (ConsumerRecord<String, WriteBehindEnvelope> record : records) {
			lines.append(record.partition()).append(' ').append(record.offset()).append('\n');
		}
		try {
			// one write per batch: a SIGKILL leaves at most a torn last line, which the reader skips
			this.out.write(lines.toString().getBytes(StandardCharsets.US_ASCII));
			this.out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void destroy() throws IOException {
		this.out.close();
	}

	/**
	 * Counts the deliveries of each {@code partition offset} in the logs.
	 * @param logs the delivery logs of every worker process of a test
	 * @return deliveries per record
	 */
	static Map<String, Integer> deliveries(List<Path> logs) {
		Map<String, Integer> deliveries = new HashMap<>();
		for (Path log : logs) {
			if (!Files.exists(log)) {
				continue;
			}
			String content;
			try {
				content = Files.readString(log, StandardCharsets.US_ASCII);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			// only complete lines: a process killed mid-write may have left part of one
			content.substring(0, content.lastIndexOf('\n') + 1)
				.lines()
				.filter((line) -> line.matches("[0-9]+ [0-9]+"))
				.forEach((line) -> deliveries.merge(line, 1, Integer::sum));
		}
		return deliveries;
	}

}
