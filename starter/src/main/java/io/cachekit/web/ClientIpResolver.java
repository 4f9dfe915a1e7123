package io.cachekit.web;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Finds the client's IP address. {@code Forwarded} and {@code X-Forwarded-For} are believed only
 * when the direct peer is a trusted proxy: then the hops are read from the right, skipping trusted
 * proxies, and the first untrusted hop is the client. Otherwise, or without trusted proxies, the
 * socket's peer address is the client, so a client cannot pick its own identity by sending a
 * header.
 */
public class ClientIpResolver {

	private final List<IpRange> trustedProxies;

	/**
	 * Creates a resolver.
	 * @param trustedProxies the proxies whose forwarding headers are believed
	 */
	public ClientIpResolver(List<IpRange> trustedProxies) {
		this.trustedProxies = List.copyOf(trustedProxies);
	}

	/**
	 * The client's address.
	 * @param request the request
	 * @return the address in canonical text form
	 */
	public String resolve(HttpServletRequest request) {
		String remote = request.getRemoteAddr();
		InetAddress peer = IpRange.parseAddress(remote);
		if (peer == null) {
			return remote;
		}
		if (!isTrusted(peer)) {
			return peer.getHostAddress();
		}
		List<String> hops = forwardedHops(request);
		InetAddress client = peer;
		for (int i = hops.size() - 1; i >= 0; i--) {
			InetAddress hop = IpRange.parseAddress(stripPort(hops.get(i)));
			if (hop == null) {
				// a trusted proxy passed on something that is not an address: stop at that proxy
				break;
			}
			client = hop;
			if (!isTrusted(hop)) {
				break;
			}
		}
		return client.getHostAddress();
	}

	private boolean isTrusted(InetAddress address) {
		for (IpRange range : this.trustedProxies) {
			if (range.contains(address)) {
				return true;
			}
		}
		return false;
	}

	private static List<String> forwardedHops(HttpServletRequest request) {
		List<String> forwarded = Collections.list(request.getHeaders("Forwarded"));
		List<String> hops = new ArrayList<>();
		if (!forwarded.isEmpty()) {
			for (String header : forwarded) {
				for (String element : header.split(",")) {
					for (String pair : element.split(";")) {
						String trimmed = pair.strip();
						if (trimmed.toLowerCase(Locale.ROOT).startsWith("for=")) {
							hops.add(unquote(trimmed.substring(4)));
						}
					}
				}
			}
			return hops;
		}
		for (String header : Collections.list(request.getHeaders("X-Forwarded-For"))) {
			for (String hop : header.split(",")) {
				if (!hop.isBlank()) {
					hops.add(hop.strip());
				}
			}
		}
		return hops;
	}

	private static String unquote(String value) {
		String result = value.strip();
		if (result.length() >= 2 && result.startsWith("\"") && result.endsWith("\"")) {
			result = result.substring(1, result.length() - 1);
		}
		return result;
	}

	private static String stripPort(String hop) {
		if (hop.startsWith("[")) {
			int end = hop.indexOf(']');
			return (end > 0) ? hop.substring(1, end) : hop;
		}
		int colon = hop.indexOf(':');
		if (colon > 0 && hop.indexOf(':', colon + 1) < 0) {
			return hop.substring(0, colon);
		}
		return hop;
	}

}
