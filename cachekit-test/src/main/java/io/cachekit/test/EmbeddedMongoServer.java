package io.cachekit.test;

import java.net.InetSocketAddress;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * An in-memory server that speaks the MongoDB wire protocol ({@code mongo-java-server}), bound to
 * 127.0.0.1. It is not a real {@code mongod}: it has no transactions, change streams or {@code $text}
 * search, and cachekit's designs do not need them.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

	private final MongoServer server;

	private final int port;

	private EmbeddedMongoServer(MongoServer server, int port) {
		this.server = server;
		this.port = port;
	}

	/**
	 * Starts a server on the given port, or on a free port if {@code port} is 0.
	 * @param port the port, or 0 for any free port
	 * @return the running server
	 */
	public static EmbeddedMongoServer start(int port) {
		MongoServer server = new MongoServer(new MemoryBackend());
		try {
			server.bind(new InetSocketAddress("127.0.0.1", port));
		}
		catch (RuntimeException ex) {
			server.shutdownNow();
			throw new DevServiceException("Could not bind the embedded MongoDB server to 127.0.0.1:" + port, ex);
		}
		return new EmbeddedMongoServer(server, server.getLocalAddress().getPort());
	}

	public int port() {
		return this.port;
	}

	/** The connection string, e.g. {@code mongodb://127.0.0.1:27017}. */
	public String uri() {
		return "mongodb://127.0.0.1:" + this.port;
	}

	@Override
	public void close() {
		this.server.shutdownNow();
	}

}
