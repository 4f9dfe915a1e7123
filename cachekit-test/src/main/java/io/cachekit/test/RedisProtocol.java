package io.cachekit.test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.SocketFactory;

/**
 * Sends one command to a Redis server on 127.0.0.1 over a fresh socket, outside any client, and reads a
 * simple, integer or bulk reply as text (an array as its elements, one per line). Enough to start and configure embedded servers.
 */
final class RedisProtocol {

	private RedisProtocol() {
	}

	/**
	 * Runs a command.
	 * @param port the server's port
	 * @param timeoutMillis the connect and read timeout
	 * @param arguments the command and its arguments
	 * @return the reply, or {@code null} for a null bulk reply
	 * @throws IOException if the server cannot be reached or answers with an error
	 */
	static String command(int port, int timeoutMillis, String... arguments) throws IOException {
		return command(SocketFactory.getDefault(), port, timeoutMillis, arguments);
	}

	/**
	 * Runs a command over sockets of a factory, e.g. TLS ones.
	 * @param sockets the socket factory
	 * @param port the server's port
	 * @param timeoutMillis the connect and read timeout
	 * @param arguments the command and its arguments
	 * @return the reply, or {@code null} for a null bulk reply
	 * @throws IOException if the server cannot be reached or answers with an error
	 */
	static String command(SocketFactory sockets, int port, int timeoutMillis, String... arguments) throws IOException {
		try (Socket socket = sockets.createSocket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
			socket.setSoTimeout(timeoutMillis);
			OutputStream out = socket.getOutputStream();
			out.write(encode(arguments));
			out.flush();
			return readReply(new BufferedInputStream(socket.getInputStream()));
		}
	}

	/**
	 * Runs a command as an ACL user: {@code AUTH user password}, then the command, on one connection.
	 * @param sockets the socket factory
	 * @param port the server's port
	 * @param timeoutMillis the connect and read timeout
	 * @param user the ACL user
	 * @param password its password
	 * @param arguments the command and its arguments
	 * @return the reply, or {@code null} for a null bulk reply
	 * @throws IOException if the server cannot be reached, refuses the login or answers with an error
	 */
	static String commandAs(SocketFactory sockets, int port, int timeoutMillis, String user, String password,
			String... arguments) throws IOException {
		try (Socket socket = sockets.createSocket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
			socket.setSoTimeout(timeoutMillis);
			OutputStream out = socket.getOutputStream();
			BufferedInputStream in = new BufferedInputStream(socket.getInputStream());
			out.write(encode("AUTH", user, password));
			out.flush();
			readReply(in);
			out.write(encode(arguments));
			out.flush();
			return readReply(in);
		}
	}

	private static byte[] encode(String... arguments) {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes(("*" + arguments.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
		for (String argument : arguments) {
			byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
			request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
			request.writeBytes(bytes);
			request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		return request.toByteArray();
	}

	private static String readReply(InputStream in) throws IOException {
		String line = readLine(in);
		if (line.isEmpty()) {
			throw new IOException("Empty reply");
		}
		switch (line.charAt(0)) {
			case '+':
			case ':':
				return line.substring(1);
			case '-':
				throw new IOException("Redis answered " + line.substring(1));
			case '$':
				int length = Integer.parseInt(line.substring(1));
				if (length < 0) {
					return null;
				}
				byte[] bulk = in.readNBytes(length + 2);
				if (bulk.length != length + 2) {
					throw new IOException("Connection closed in the middle of a reply");
				}
				return new String(bulk, 0, length, StandardCharsets.UTF_8);
			case '*':
				int count = Integer.parseInt(line.substring(1));
				if (count < 0) {
					return null;
				}
				StringBuilder elements = new StringBuilder();
				for (int i = 0; i < count; i++) {
					String element = readReply(in);
					elements.append((i > 0) ? "\n" : "").append((element != null) ? element : "");
				}
				return elements.toString();
			default:
				throw new IOException("Unexpected reply " + line);
		}
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		int current;
		while ((current = in.read()) != -1) {
			if (previous == '\r' && current == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
			}
			line.write(current);
			previous = current;
		}
		throw new IOException("Connection closed before a reply");
	}

}
