package io.cachekit.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script kept as a {@code .lua} resource beside the class that runs it, with its SHA-1 for
 * {@code EVALSHA}.
 *
 * @param name the resource name, for messages
 * @param source the script
 * @param sha1 the script's SHA-1 in hex, as Redis names it
 */
public record LuaScript(String name, String source, String sha1) {

	/**
	 * Loads a script from the classpath, relative to a class.
	 * @param owner the class whose package holds the resource
	 * @param resource the file name, e.g. {@code claim_load.lua}
	 * @return the script
	 * @throws IllegalStateException if the resource is missing
	 */
	public static LuaScript load(Class<?> owner, String resource) {
		try (InputStream in = owner.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("Missing Lua script " + resource + " beside " + owner.getName());
			}
			String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			return new LuaScript(resource, source, sha1(source));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not read Lua script " + resource, ex);
		}
	}

	private static String sha1(String source) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is not available", ex);
		}
	}

}
