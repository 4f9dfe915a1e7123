package io.cachekit.demo.auth;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The demo users as Spring Security sees them: passwords checked by {@link DaoAuthenticationProvider} over the
 * directory, roles granted, bad hashes refused at startup.
 */
class DemoUserDirectoryUnitTests {

	private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	@Test
	void rightPasswordAuthenticatesWithTheUsersRoles() {
		DaoAuthenticationProvider provider = provider(properties("dora", this.encoder.encode("explorer")));
		Authentication authentication = provider
			.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("dora", "explorer"));
		assertThat(authentication.isAuthenticated()).isTrue();
		assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.contains("ROLE_USER")
			.doesNotContain("ROLE_ADMIN");
	}

	@Test
	void configuredRolesAreGranted() {
		AuthProperties properties = properties("dora", this.encoder.encode("explorer"));
		properties.getUsers().get("dora").setRoles(List.of("ADMIN"));
		assertThat(new DemoUserDirectory(properties, this.encoder).loadUserByUsername("dora").getAuthorities())
			.extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_ADMIN");
	}

	@Test
	void wrongPasswordIsRejected() {
		DaoAuthenticationProvider provider = provider(properties("dora", this.encoder.encode("explorer")));
		assertThatExceptionOfType(BadCredentialsException.class).isThrownBy(
				() -> provider.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("dora", "guess")));
	}

	@Test
	void unknownUserIsRejectedLikeAWrongPassword() {
		DaoAuthenticationProvider provider = provider(properties("dora", this.encoder.encode("explorer")));
		assertThatExceptionOfType(BadCredentialsException.class).isThrownBy(
				() -> provider.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("boots", "explorer")));
	}

	@Test
	void displayNameFallsBackToTheUserName() {
		AuthProperties properties = properties("dora", this.encoder.encode("explorer"));
		DemoUserDirectory directory = new DemoUserDirectory(properties, this.encoder);
		assertThat(directory.displayName("dora")).isEqualTo("Dora");
		assertThat(directory.displayName("boots")).isEqualTo("boots");
	}

	@Test
	void aRoleWithThePrefixFailsStartupNamingTheProperty() {
		AuthProperties properties = properties("dora", this.encoder.encode("explorer"));
		properties.getUsers().get("dora").setRoles(List.of("ROLE_ADMIN"));
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> new DemoUserDirectory(properties, this.encoder))
			.withMessageContaining("demo.auth.users.dora.roles");
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

	private DaoAuthenticationProvider provider(AuthProperties properties) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(new DemoUserDirectory(properties, this.encoder));
		provider.setPasswordEncoder(this.encoder);
		return provider;
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
