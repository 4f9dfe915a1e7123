package io.cachekit.test;

import java.io.IOException;

/**
 * Asks a Redis port on 127.0.0.1 for {@code PING} over a fresh connection, outside any client: how a fault
 * test proves that its fault landed (a frozen server or a proxy that drops everything does not answer).
 */
public final class RedisProbe {

	private RedisProbe() {
	}

	/**
	 * Whether a {@code PING} on the port is answered in time.
	 * @param port the port
	 * @param timeoutMillis the longest wait
	 * @return {@code true} if it answered {@code PONG}
	 */
	public static boolean answers(int port, int timeoutMillis) {
		try {
			return "PONG".equals(RedisProtocol.command(port, timeoutMillis, "PING"));
		}
		catch (IOException ex) {
			return false;
		}
	}

}
