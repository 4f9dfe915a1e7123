package io.cachekit.test;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where a Redis server listens, parsed from a {@code redis://[user:password@]host:port[/database]} URL, or
 * {@code rediss://…} for a server that speaks TLS.
 *
 * @param host the host
 * @param port the port
 * @param username the user name, or {@code null}
 * @param password the password, or {@code null}
 * @param database the database index
 * @param ssl whether the server speaks TLS ({@code rediss://})
 */
public record RedisEndpoint(String host, int port, String username, String password, int database, boolean ssl) {

	/**
	 * An endpoint in plain text ({@code redis://}).
	 * @param host the host
	 * @param port the port
	 * @param username the user name, or {@code null}
	 * @param password the password, or {@code null}
	 * @param database the database index
	 */
	public RedisEndpoint(String host, int port, String username, String password, int database) {
		this(host, port, username, password, database, false);
	}

	/**
	 * Parses and checks a Redis URL.
	 * @param url the URL
	 * @param setting the name of the setting the URL came from, quoted in errors
	 * @return the endpoint
	 * @throws DevServiceException if the URL is malformed
	 */
	public static RedisEndpoint parse(String url, String setting) {
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			throw invalid(url, setting, ex.getReason());
		}
		if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
			throw invalid(url, setting, "the scheme must be redis or rediss");
		}
		if (uri.getHost() == null || uri.getHost().isBlank()) {
			throw invalid(url, setting, "no host");
		}
		int port = (uri.getPort() == -1) ? 6379 : uri.getPort();
		String username = null;
		String password = null;
		if (uri.getUserInfo() != null) {
			String[] parts = uri.getUserInfo().split(":", 2);
			username = parts[0].isEmpty() ? null : parts[0];
			password = (parts.length == 2) ? parts[1] : null;
		}
		int database = 0;
		String path = uri.getPath();
		if (path != null && path.length() > 1) {
			try {
				database = Integer.parseInt(path.substring(1));
			}
			catch (NumberFormatException ex) {
				throw invalid(url, setting, "the path must be a database number");
			}
		}
		boolean ssl = "rediss".equals(uri.getScheme());
		return new RedisEndpoint(uri.getHost(), port, username, password, database, ssl);
	}

	private static DevServiceException invalid(String url, String setting, String reason) {
		return new DevServiceException(setting + " is not a valid Redis URL ('" + url + "'): " + reason
				+ ". Expected redis://[user:password@]host:port[/database] (rediss:// for TLS)");
	}

	/** The endpoint as a URL: {@code rediss://…} when it speaks TLS, else {@code redis://…}. */
	public String url() {
		String auth = (this.password != null) ? ((this.username != null ? this.username : "") + ":" + this.password + "@")
				: "";
		return (this.ssl ? "rediss://" : "redis://") + auth + this.host + ":" + this.port
				+ ((this.database != 0) ? "/" + this.database : "");
	}

}
