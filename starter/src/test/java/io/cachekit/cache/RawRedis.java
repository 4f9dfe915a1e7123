package io.cachekit.cache;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Sends single commands to Redis over a plain socket, outside any client under test.
 */
public final class RawRedis {

	private RawRedis() {
	}

	public static String command(int port, String... args) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(5000);
			StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
			for (String arg : args) {
				request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg)
					.append("\r\n");
			}
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[256 * 1024];
			int total = 0;
			int read;
			do {
				read = in.read(buffer, total, buffer.length - total);
				total += Math.max(read, 0);
			}
			while (read > 0 && !complete(buffer, total));
			return new String(buffer, 0, total, StandardCharsets.UTF_8);
		}
	}

	private static boolean complete(byte[] buffer, int total) {
		String text = new String(buffer, 0, total, StandardCharsets.UTF_8);
		if (text.startsWith("$")) {
			int end = text.indexOf("\r\n");
			if (end < 0) {
				return false;
			}
			int length = Integer.parseInt(text.substring(1, end));
			return length < 0 || total >= end + 2 + length + 2;
		}
		return text.endsWith("\r\n");
	}

	/**
	 * Starts {@code MONITOR} on a connection of its own; the lines Redis streams are kept until closed.
	 * @param port the port
	 * @return the running monitor, already subscribed
	 */
	public static Monitor monitor(int port) throws IOException {
		return new Monitor(port);
	}

	/** A {@code MONITOR} session that keeps every line it hears. */
	public static final class Monitor implements AutoCloseable {

		private final Socket socket;

		private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

		private final Thread reader;

		private Monitor(int port) throws IOException {
			this.socket = new Socket("127.0.0.1", port);
			this.socket.getOutputStream().write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
			BufferedReader in = new BufferedReader(
					new InputStreamReader(this.socket.getInputStream(), StandardCharsets.UTF_8));
			String ok = in.readLine();
			if (!"+OK".equals(ok)) {
				throw new IOException("MONITOR answered " + ok);
			}
			this.reader = new Thread(() -> {
				try {
					String line;
					while ((line = in.readLine()) != null) {
						this.lines.add(line);
					}
				}
				catch (IOException closed) {
					// the session ends when the socket closes
				}
			}, "raw-redis-monitor");
			this.reader.setDaemon(true);
			this.reader.start();
		}

		/**
		 * The client addresses that sent one of the given commands so far.
		 * @param commands lower-case command names
		 * @return the distinct addresses
		 */
		public Set<String> clientsSending(String... commands) {
			Set<String> wanted = Set.of(commands);
			Set<String> clients = new HashSet<>();
			synchronized (this.lines) {
				for (String line : this.lines) {
					int open = line.indexOf('[');
					int close = line.indexOf(']');
					int quote = line.indexOf('"', close);
					if (open < 0 || close < 0 || quote < 0) {
						continue;
					}
					String command = line.substring(quote + 1, line.indexOf('"', quote + 1)).toLowerCase();
					if (wanted.contains(command)) {
						clients.add(line.substring(line.indexOf(' ', open) + 1, close));
					}
				}
			}
			return clients;
		}

		/**
		 * The client addresses that sent one of the given commands, once at least {@code atLeast} of them have
		 * (or after 5 s), with a moment more for lines still in transit, which could only add clients.
		 * @param atLeast how many clients to wait for
		 * @param commands lower-case command names
		 * @return the distinct addresses
		 * @throws InterruptedException if interrupted while waiting
		 */
		public Set<String> awaitClientsSending(int atLeast, String... commands) throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			while (clientsSending(commands).size() < atLeast && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			Thread.sleep(200);
			return clientsSending(commands);
		}

		/**
		 * The commands that clients sent (not those a script ran) whose line contains the given text, once there
		 * is at least one (or after 5 s), with a moment more for lines still in transit.
		 * @param text e.g. a key
		 * @return the monitor lines
		 * @throws InterruptedException if interrupted while waiting
		 */
		public List<String> awaitClientCommandsMentioning(String text) throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			while (clientCommandsMentioning(text).isEmpty() && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			Thread.sleep(200);
			return clientCommandsMentioning(text);
		}

		private List<String> clientCommandsMentioning(String text) {
			synchronized (this.lines) {
				return this.lines.stream()
					.filter((line) -> line.contains(text) && !line.contains(" lua]"))
					.toList();
			}
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

	/** Calls per command from INFO commandstats. */
	public static Map<String, Long> commandCalls(int port) throws IOException {
		Map<String, Long> calls = new HashMap<>();
		for (String line : command(port, "INFO", "commandstats").split("\r\n")) {
			if (line.startsWith("cmdstat_")) {
				String name = line.substring("cmdstat_".length(), line.indexOf(':'));
				String stats = line.substring(line.indexOf(':') + 1);
				long value = Long.parseLong(stats.substring("calls=".length(), stats.indexOf(',')));
				calls.put(name, value);
			}
		}
		return calls;
	}

}
