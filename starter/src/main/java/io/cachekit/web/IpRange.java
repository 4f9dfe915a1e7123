package io.cachekit.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address or CIDR block, e.g. {@code 10.0.0.0/8}, {@code 192.0.2.7} or
 * {@code fd00::/8}. Parses literals only: never resolves host names.
 */
public final class IpRange {

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

	private final byte[] network;

	private final int prefixLength;

	private final String text;

	private IpRange(byte[] network, int prefixLength, String text) {
		this.network = network;
		this.prefixLength = prefixLength;
		this.text = text;
	}

	/**
	 * Parses an address or CIDR block.
	 * @param text the text
	 * @return the range
	 * @throws IllegalArgumentException if the text is not an IP literal or CIDR block
	 */
	public static IpRange parse(String text) {
		String value = (text != null) ? text.strip() : "";
		int slash = value.indexOf('/');
		String address = (slash >= 0) ? value.substring(0, slash) : value;
		InetAddress parsed = parseAddress(address);
		if (parsed == null) {
			throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block (e.g. 10.0.0.0/8)");
		}
		int maxPrefix = parsed.getAddress().length * 8;
		int prefix = maxPrefix;
		if (slash >= 0) {
			try {
				prefix = Integer.parseInt(value.substring(slash + 1));
			}
			catch (NumberFormatException ex) {
				prefix = -1;
			}
			if (prefix < 0 || prefix > maxPrefix) {
				throw new IllegalArgumentException(
						"'" + text + "' has an invalid prefix length; use 0 to " + maxPrefix);
			}
		}
		return new IpRange(parsed.getAddress(), prefix, value);
	}

	/**
	 * Parses an IP literal without any name lookup.
	 * @param text the text, e.g. {@code 203.0.113.7} or {@code 2001:db8::1}
	 * @return the address, or {@code null} if the text is not an IP literal
	 */
	public static InetAddress parseAddress(String text) {
		if (text == null) {
			return null;
		}
		String value = text.strip();
		if (value.startsWith("[") && value.endsWith("]")) {
			value = value.substring(1, value.length() - 1);
		}
		boolean ipv4 = IPV4.matcher(value).matches();
		if (!ipv4 && !IPV6.matcher(value).matches()) {
			return null;
		}
		if (ipv4) {
			for (String part : value.split("\\.")) {
				if (Integer.parseInt(part) > 255) {
					return null;
				}
			}
		}
		try {
			return InetAddress.getByName(value);
		}
		catch (UnknownHostException | IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * Whether the address lies in this range.
	 * @param address the address
	 * @return {@code true} if it does
	 */
	public boolean contains(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (bytes.length != this.network.length) {
			return false;
		}
		int fullBytes = this.prefixLength / 8;
		for (int i = 0; i < fullBytes; i++) {
			if (bytes[i] != this.network[i]) {
				return false;
			}
		}
		int remainingBits = this.prefixLength % 8;
		if (remainingBits == 0) {
			return true;
		}
		int mask = (0xFF << (8 - remainingBits)) & 0xFF;
		return (bytes[fullBytes] & mask) == (this.network[fullBytes] & mask);
	}

	@Override
	public String toString() {
		return this.text;
	}

}
