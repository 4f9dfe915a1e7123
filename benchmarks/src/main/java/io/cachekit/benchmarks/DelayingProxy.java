package io.cachekit.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy on 127.0.0.1 that models a durable database in front of one that answers from memory: every
 * answer is held back by a fixed delay before it is forwarded (for a request-response protocol such as
 * MongoDB's, with one request per connection at a time, that is the delay added to each round trip), and
 * optionally at most N requests are let through at once (a saturated server). It is a cost model, not a
 * replica set: it adds latency and a concurrency limit, nothing else.
 */
final class DelayingProxy implements AutoCloseable {

	private final ServerSocket server;

	private final InetSocketAddress target;

	private final Duration delay;

	private final Semaphore inFlight;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final AtomicBoolean closed = new AtomicBoolean();

	/**
	 * Starts a proxy.
	 * @param targetHost the server's host
	 * @param targetPort the server's port
	 * @param delay added to every answer
	 * @param maxInFlight the most requests let through at once, 0 for no limit
	 * @throws IOException if it cannot listen
	 */
	DelayingProxy(String targetHost, int targetPort, Duration delay, int maxInFlight) throws IOException {
		this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
		this.target = new InetSocketAddress(targetHost, targetPort);
		this.delay = delay;
		this.inFlight = (maxInFlight > 0) ? new Semaphore(maxInFlight, true) : null;
		Thread acceptor = new Thread(this::accept, "delaying-proxy-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/** @return the port the proxy listens on */
	int port() {
		return this.server.getLocalPort();
	}

	private void accept() {
		while (!this.closed.get()) {
			try {
				Socket client = this.server.accept();
				client.setTcpNoDelay(true);
				Socket upstream = new Socket();
				upstream.setTcpNoDelay(true);
				upstream.connect(this.target, 5_000);
				this.sockets.add(client);
				this.sockets.add(upstream);
				Connection connection = new Connection();
				start(() -> pump(client, upstream, connection, true), "delaying-proxy-requests");
				start(() -> pump(upstream, client, connection, false), "delaying-proxy-answers");
			}
			catch (IOException ex) {
				if (!this.closed.get()) {
					System.err.println("Delaying proxy: " + ex);
				}
			}
		}
	}

	private static void start(Runnable pump, String name) {
		Thread thread = new Thread(pump, name);
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Copies one direction. Requests take a slot of the in-flight limit when their connection becomes busy;
	 * answers are delayed, then forwarded, then give the slot back.
	 */
	private void pump(Socket from, Socket to, Connection connection, boolean requests) {
		byte[] buffer = new byte[64 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) >= 0) {
				if (requests) {
					connection.busy(this.inFlight);
				}
				else if (!this.delay.isZero()) {
					Thread.sleep(this.delay.toMillis(), (int) (this.delay.toNanos() % 1_000_000));
				}
				out.write(buffer, 0, read);
				out.flush();
				if (!requests) {
					connection.idle(this.inFlight);
				}
			}
		}
		catch (IOException ex) {
			// the other side closed
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			connection.idle(this.inFlight);
			close(from);
			close(to);
		}
	}

	private static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	@Override
	public void close() throws IOException {
		this.closed.set(true);
		this.server.close();
		this.sockets.forEach(DelayingProxy::close);
	}

	/** Whether a connection holds a slot of the in-flight limit. */
	private static final class Connection {

		private boolean holding;

		synchronized void busy(Semaphore inFlight) throws InterruptedException {
			if (inFlight != null && !this.holding) {
				inFlight.acquire();
				this.holding = true;
			}
		}

		synchronized void idle(Semaphore inFlight) {
			if (inFlight != null && this.holding) {
				this.holding = false;
				inFlight.release();
			}
		}

	}

}
