package io.cachekit.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link ClientIpResolver} picks the client address from the peer and forwarding headers.
 */
class ClientIpResolverUnitTests {

	private final ClientIpResolver untrusting = new ClientIpResolver(List.of());

	private final ClientIpResolver trusting = new ClientIpResolver(
			List.of(IpRange.parse("10.0.0.0/8"), IpRange.parse("2001:db8:ffff::/48")));

	@Test
	void withoutTrustedProxiesTheSocketPeerIsTheClient() {
		MockHttpServletRequest request = request("127.0.0.1", "203.0.113.9");
		assertThat(this.untrusting.resolve(request)).isEqualTo("127.0.0.1");
	}

	@Test
	void untrustedPeerIsTheClientEvenWithHeaders() {
		assertThat(this.trusting.resolve(request("198.51.100.1", "203.0.113.9"))).isEqualTo("198.51.100.1");
	}

	@Test
	void rightMostUntrustedHopIsTheClient() {
		assertThat(this.trusting.resolve(request("10.0.0.1", "1.1.1.1, 203.0.113.9, 10.2.3.4")))
			.isEqualTo("203.0.113.9");
	}

	@Test
	void hopsAcrossSeveralHeaderLinesAreReadInOrder() {
		MockHttpServletRequest request = request("10.0.0.1", "1.1.1.1");
		request.addHeader("X-Forwarded-For", "203.0.113.9");
		assertThat(this.trusting.resolve(request)).isEqualTo("203.0.113.9");
	}

	@Test
	void allTrustedHopsYieldTheLeftMost() {
		assertThat(this.trusting.resolve(request("10.0.0.1", "10.9.9.9, 10.2.3.4"))).isEqualTo("10.9.9.9");
	}

	@Test
	void garbageHopStopsAtTheLastTrustedProxy() {
		assertThat(this.trusting.resolve(request("10.0.0.1", "203.0.113.9, not-an-ip, 10.2.3.4")))
			.isEqualTo("10.2.3.4");
	}

	@Test
	void hostNamesAreNeverResolved() {
		assertThat(this.trusting.resolve(request("10.0.0.1", "localhost"))).isEqualTo("10.0.0.1");
	}

	@Test
	void forwardedHeaderWithPortsAndIpv6IsParsed() {
		MockHttpServletRequest request = request("10.0.0.1", null);
		request.addHeader("Forwarded", "for=1.1.1.1, for=\"[2001:db8:cafe::17]:4711\";proto=https;by=10.0.0.1");
		assertThat(this.trusting.resolve(request)).isEqualTo("2001:db8:cafe:0:0:0:0:17");
	}

	@Test
	void forwardedHeaderWinsOverXForwardedFor() {
		MockHttpServletRequest request = request("10.0.0.1", "198.51.100.200");
		request.addHeader("Forwarded", "for=203.0.113.60");
		assertThat(this.trusting.resolve(request)).isEqualTo("203.0.113.60");
	}

	@Test
	void ipv4HopWithPortIsAccepted() {
		assertThat(this.trusting.resolve(request("10.0.0.1", "203.0.113.9:5123"))).isEqualTo("203.0.113.9");
	}

	@Test
	void trustedIpv6ProxyIsRecognised() {
		assertThat(this.trusting.resolve(request("2001:db8:ffff::1", "203.0.113.9"))).isEqualTo("203.0.113.9");
	}

	private static MockHttpServletRequest request(String peer, String forwardedFor) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api");
		request.setRemoteAddr(peer);
		if (forwardedFor != null) {
			request.addHeader("X-Forwarded-For", forwardedFor);
		}
		return request;
	}

}
