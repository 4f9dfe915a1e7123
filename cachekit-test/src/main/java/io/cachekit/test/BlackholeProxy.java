package io.cachekit.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 that forwards to a server until it is told to {@link #blackhole()}: from then on
 * it stops forwarding in both directions and never closes a connection, the way a network path that drops
 * packets without a reset looks to a client (no answer, no error). Bytes sent meanwhile wait in the socket
 * buffers, as TCP keeps retransmitting them on a real network, and arrive in order after {@link #restore()}.
 * New connections are accepted and held too.
 */
public final class BlackholeProxy implements AutoCloseable {

	private final ServerSocket server;

	private final InetSocketAddress target;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile boolean forwarding = true;

	private volatile boolean closed;

	private BlackholeProxy(ServerSocket server, InetSocketAddress target) {
		this.server = server;
		this.target = target;
	}

	/**
	 * Starts a proxy on a free port.
	 * @param host the server's host
	 * @param port the server's port
	 * @return the running proxy
	 */
	public static BlackholeProxy start(String host, int port) {
		try {
			ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			BlackholeProxy proxy = new BlackholeProxy(server, new InetSocketAddress(host, port));
			daemon(proxy::accept, "blackhole-proxy-accept").start();
			return proxy;
		}
		catch (IOException ex) {
			throw new DevServiceException("Could not start a proxy to " + host + ":" + port, ex);
		}
	}

	/**
	 * The port clients connect to.
	 * @return the port
	 */
	public int port() {
		return this.server.getLocalPort();
	}

	/**
	 * A {@code redis://} URL through this proxy.
	 * @return the URL
	 */
	public String redisUrl() {
		return "redis://127.0.0.1:" + port();
	}

	/** Stops forwarding: bytes in both directions are held, connections stay open. */
	public void blackhole() {
		this.forwarding = false;
	}

	/** Forwards again, the held bytes first. */
	public void restore() {
		this.forwarding = true;
	}

	/**
	 * Whether the proxy forwards.
	 * @return {@code false} while it holds everything
	 */
	public boolean isForwarding() {
		return this.forwarding;
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.server.accept();
				this.sockets.add(client);
				daemon(() -> connect(client), "blackhole-proxy-connect").start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void connect(Socket client) {
		while (!this.forwarding && !this.closed) {
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		Socket upstream = new Socket();
		try {
			upstream.connect(this.target, 5000);
			this.sockets.add(upstream);
			daemon(() -> pump(client, upstream), "blackhole-proxy-up").start();
			daemon(() -> pump(upstream, client), "blackhole-proxy-down").start();
		}
		catch (IOException ex) {
			closeQuietly(client);
			closeQuietly(upstream);
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream()) {
			OutputStream out = to.getOutputStream();
			int read;
			while (true) {
				while (!this.forwarding && !this.closed) {
					Thread.sleep(5);
				}
				if ((read = in.read(buffer)) < 0) {
					break;
				}
				while (!this.forwarding && !this.closed) {
					Thread.sleep(5);
				}
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// one side closed
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
		}
	}

	@Override
	public void close() {
		this.closed = true;
		closeQuietly(this.server);
		this.sockets.forEach(BlackholeProxy::closeQuietly);
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// already closed
		}
	}

	private static Thread daemon(Runnable task, String name) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

}
