package io.cachekit.demo.auth;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DemoUserDirectoryUnitTests {

	private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	@Test
	void rightPasswordReturnsTheDisplayName() {
		DemoUserDirectory directory = new DemoUserDirectory(properties("dora", this.encoder.encode("explorer")),
				this.encoder);
		assertThat(directory.authenticate("dora", "explorer")).isEqualTo("Dora");
	}

	@Test
	void wrongPasswordIsRejected() {
		DemoUserDirectory directory = new DemoUserDirectory(properties("dora", this.encoder.encode("explorer")),
				this.encoder);
		assertThatExceptionOfType(InvalidCredentialsException.class)
			.isThrownBy(() -> directory.authenticate("dora", "guess"));
	}

	@Test
	void unknownUserIsRejected() {
		DemoUserDirectory directory = new DemoUserDirectory(properties("dora", this.encoder.encode("explorer")),
				this.encoder);
		assertThatExceptionOfType(InvalidCredentialsException.class)
			.isThrownBy(() -> directory.authenticate("boots", "explorer"));
	}

	@Test
	void plainPasswordInConfigurationFailsNamingTheProperty() {
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> new DemoUserDirectory(properties("dora", "explorer"), this.encoder))
			.withMessageContaining("demo.auth.users.dora.password")
			.withMessageContaining("not a plain password");
	}

	@Test
	void unknownEncoderIdFailsNamingTheProperty() {
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> new DemoUserDirectory(properties("dora", "{rot13}rkcyberre"), this.encoder))
			.withMessageContaining("demo.auth.users.dora.password");
	}

	private static AuthProperties properties(String name, String hash) {
		AuthProperties properties = new AuthProperties();
		AuthProperties.DemoUser user = new AuthProperties.DemoUser();
		user.setPassword(hash);
		user.setDisplayName("Dora");
		properties.getUsers().put(name, user);
		return properties;
	}

}
