package io.cachekit.test;

import java.net.InetSocketAddress;

import de.bwaldvogel.mongo.MongoServer;

/**
 * An in-memory server that speaks the MongoDB wire protocol ({@code mongo-java-server}), bound to
 * 127.0.0.1. It is not a real {@code mongod}: it has no transactions, change streams or {@code $text}
 * search, and cachekit's designs do not need them. It finds a document by its exact {@code _id} through the
 * {@code _id} index even when the query has further conditions, as {@code mongod} does
 * ({@link IdIndexedMemoryBackend}).
 * <p>
 * {@link #stop()} and {@link #restart()} simulate an outage: the data survives and the server comes back on
 * the same port.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

	private final RetainingMemoryBackend backend;

	private final int port;

	private MongoServer server;

	private EmbeddedMongoServer(RetainingMemoryBackend backend, MongoServer server, int port) {
		this.backend = backend;
		this.server = server;
		this.port = port;
	}

	/**
	 * Starts a server on the given port, or on a free port if {@code port} is 0.
	 * @param port the port, or 0 for any free port
	 * @return the running server
	 */
	public static EmbeddedMongoServer start(int port) {
		RetainingMemoryBackend backend = new RetainingMemoryBackend();
		MongoServer server = bind(backend, port);
		return new EmbeddedMongoServer(backend, server, server.getLocalAddress().getPort());
	}

	private static MongoServer bind(RetainingMemoryBackend backend, int port) {
		MongoServer server = new MongoServer(backend);
		try {
			server.bind(new InetSocketAddress("127.0.0.1", port));
		}
		catch (RuntimeException ex) {
			server.shutdownNow();
			throw new DevServiceException("Could not bind the embedded MongoDB server to 127.0.0.1:" + port, ex);
		}
		return server;
	}

	/**
	 * Stops listening and drops every client connection, keeping the data: an outage.
	 */
	public synchronized void stop() {
		if (this.server != null) {
			this.server.shutdownNow();
			this.server = null;
		}
	}

	/**
	 * Starts listening again on the same port, with the data held before {@link #stop()}.
	 */
	public synchronized void restart() {
		if (this.server == null) {
			this.server = bind(this.backend, this.port);
		}
	}

	/** @return how many queries found their documents through the {@code _id} index instead of a scan */
	long idLookups() {
		return this.backend.idLookups();
	}

	public int port() {
		return this.port;
	}

	/** The connection string, e.g. {@code mongodb://127.0.0.1:27017}. */
	public String uri() {
		return "mongodb://127.0.0.1:" + this.port;
	}

	@Override
	public synchronized void close() {
		stop();
		this.backend.discard();
	}

	/**
	 * A memory backend whose data outlives a server shutdown until it is discarded.
	 */
	private static final class RetainingMemoryBackend extends IdIndexedMemoryBackend {

		@Override
		public void close() {
			// kept for restart(); discard() releases the data
		}

		void discard() {
			super.close();
		}

	}

}
