package io.cachekit.demo.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class CacheStatusUnitTests {

	@BeforeEach
	void bindRequest() {
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
	}

	@AfterEach
	void unbindRequest() {
		RequestContextHolder.resetRequestAttributes();
	}

	@Test
	void hitWhenNoLoaderRan() {
		assertThat(CacheStatus.current()).isEqualTo("HIT");
	}

	@Test
	void missWhenALoaderRan() {
		CacheStatus.recordLoad();
		assertThat(CacheStatus.current()).isEqualTo("MISS");
	}

	@Test
	void bypassWinsOverALoad() {
		CacheStatus.recordBypass();
		CacheStatus.recordLoad();
		assertThat(CacheStatus.current()).isEqualTo("BYPASS");
	}

	@Test
	void outsideARequestRecordingIsIgnored() {
		RequestContextHolder.resetRequestAttributes();
		assertThatNoException().isThrownBy(CacheStatus::recordLoad);
		assertThat(CacheStatus.current()).isEqualTo("HIT");
	}

}
