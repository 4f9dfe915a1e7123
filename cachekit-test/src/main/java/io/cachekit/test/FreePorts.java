package io.cachekit.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Finds TCP ports that are free on 127.0.0.1 right now. Callers that bind later must retry on a
 * clash, since another process may take the port in between.
 */
public final class FreePorts {

	private FreePorts() {
	}

	/**
	 * Returns a port that is free on the loopback address.
	 * @return a free port
	 */
	public static int find() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port on 127.0.0.1", ex);
		}
	}

	/**
	 * Whether nothing listens on the given loopback port.
	 * @param port the port
	 * @return {@code true} if the port can be bound
	 */
	public static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
