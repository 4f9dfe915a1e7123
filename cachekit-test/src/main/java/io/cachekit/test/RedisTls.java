package io.cachekit.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away certificate authority and a server certificate for {@code 127.0.0.1} and {@code localhost}, made
 * with the {@code openssl} command, for a Redis that speaks TLS only
 * ({@link EmbeddedRedisServer#startTlsWithUsers}). Clients trust the CA ({@link #caCertificate()}, PEM), as an
 * application trusts its company CA through a Spring Boot SSL bundle.
 */
public final class RedisTls {

	private final Path directory;

	private volatile SSLSocketFactory socketFactory;

	private RedisTls(Path directory) {
		this.directory = directory;
	}

	/**
	 * Makes a CA and a server certificate signed by it, valid for two days.
	 * @return the files
	 * @throws DevServiceException if {@code openssl} is missing or fails
	 */
	public static RedisTls generate() {
		try {
			Path directory = TempDirectories.create("cachekit-redis-tls");
			openssl(directory, "req", "-x509", "-new", "-nodes", "-newkey", "rsa:2048", "-keyout", "ca.key", "-out",
					"ca.crt", "-days", "2", "-subj", "/CN=cachekit test CA");
			openssl(directory, "req", "-new", "-nodes", "-newkey", "rsa:2048", "-keyout", "redis.key", "-out",
					"redis.csr", "-subj", "/CN=127.0.0.1");
			Files.writeString(directory.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
			openssl(directory, "x509", "-req", "-in", "redis.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
					"-CAcreateserial", "-out", "redis.crt", "-days", "2", "-extfile", "san.ext");
			return new RedisTls(directory);
		}
		catch (IOException ex) {
			throw new DevServiceException("Could not make TLS certificates for Redis", ex);
		}
	}

	/**
	 * Whether the {@code openssl} command can be run here.
	 * @return whether certificates can be made
	 */
	public static boolean opensslAvailable() {
		try {
			Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void openssl(Path directory, String... arguments) throws IOException {
		List<String> command = new ArrayList<>(List.of("openssl"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
		try {
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new DevServiceException("openssl " + arguments[0] + " failed: " + output);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DevServiceException("Interrupted while running openssl", ex);
		}
	}

	/** The CA certificate (PEM) that clients trust. */
	public Path caCertificate() {
		return this.directory.resolve("ca.crt");
	}

	/** The server's certificate (PEM), for 127.0.0.1 and localhost. */
	public Path certificate() {
		return this.directory.resolve("redis.crt");
	}

	/** The server's private key (PEM). */
	public Path key() {
		return this.directory.resolve("redis.key");
	}

	/**
	 * Sockets that trust only this CA, for the test support's own commands.
	 * @return the factory
	 */
	SSLSocketFactory socketFactory() {
		if (this.socketFactory == null) {
			this.socketFactory = trustingThisCa();
		}
		return this.socketFactory;
	}

	private SSLSocketFactory trustingThisCa() {
		try (InputStream in = Files.newInputStream(caCertificate())) {
			Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
			KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
			trusted.load(null, null);
			trusted.setCertificateEntry("cachekit-test-ca", ca);
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(trusted);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.getTrustManagers(), null);
			return context.getSocketFactory();
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new DevServiceException("Could not trust the test CA", ex);
		}
	}

}
