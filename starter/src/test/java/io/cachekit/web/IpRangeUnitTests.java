package io.cachekit.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Parsing and matching of {@link IpRange}.
 */
class IpRangeUnitTests {

	@Test
	void cidrBlockContainsItsAddresses() {
		IpRange range = IpRange.parse("192.168.4.0/22");
		assertThat(range.contains(IpRange.parseAddress("192.168.7.255"))).isTrue();
		assertThat(range.contains(IpRange.parseAddress("192.168.8.0"))).isFalse();
	}

	@Test
	void singleAddressContainsOnlyItself() {
		IpRange range = IpRange.parse("127.0.0.1");
		assertThat(range.contains(IpRange.parseAddress("127.0.0.1"))).isTrue();
		assertThat(range.contains(IpRange.parseAddress("127.0.0.2"))).isFalse();
	}

	@Test
	void ipv6BlockDoesNotContainIpv4() {
		IpRange range = IpRange.parse("::/0");
		assertThat(range.contains(IpRange.parseAddress("2001:db8::1"))).isTrue();
		assertThat(range.contains(IpRange.parseAddress("10.0.0.1"))).isFalse();
	}

	@Test
	void hostNameIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> IpRange.parse("proxy.internal"))
			.withMessageContaining("not an IP address or CIDR block");
	}

	@Test
	void oversizedPrefixIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> IpRange.parse("10.0.0.0/33"))
			.withMessageContaining("use 0 to 32");
	}

	@Test
	void outOfRangeOctetIsNotAnAddress() {
		assertThat(IpRange.parseAddress("300.1.1.1")).isNull();
	}

}
