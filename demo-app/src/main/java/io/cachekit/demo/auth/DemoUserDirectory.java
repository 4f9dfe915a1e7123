package io.cachekit.demo.auth;

import java.util.Map;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Checks user names and passwords against the configured demo users. Unknown users cost the same hashing
 * work as known ones, so response times do not reveal which names exist.
 */
class DemoUserDirectory {

	private final Map<String, AuthProperties.DemoUser> users;

	private final PasswordEncoder passwordEncoder;

	private final String dummyHash;

	DemoUserDirectory(AuthProperties properties, PasswordEncoder passwordEncoder) {
		properties.getUsers().forEach((name, user) -> validate(name, user, passwordEncoder));
		this.users = Map.copyOf(properties.getUsers());
		this.passwordEncoder = passwordEncoder;
		this.dummyHash = passwordEncoder.encode("not-a-real-password");
	}

	private static void validate(String name, AuthProperties.DemoUser user, PasswordEncoder passwordEncoder) {
		String property = "demo.auth.users." + name + ".password";
		String hash = user.getPassword();
		if (hash == null || !hash.startsWith("{") || !hash.contains("}")) {
			throw new InvalidConfigurationPropertyValueException(property, hash,
					"Set a password hash with its encoder id, e.g. {bcrypt}$2a$10$..., not a plain password");
		}
		try {
			passwordEncoder.matches("probe", hash);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, hash,
					"The hash is not understood: " + ex.getMessage());
		}
	}

	/**
	 * Checks credentials.
	 * @param username the user name
	 * @param password the password
	 * @return the display name of the user
	 * @throws InvalidCredentialsException if the name is unknown or the password wrong
	 */
	String authenticate(String username, String password) {
		AuthProperties.DemoUser user = this.users.get(username);
		String hash = (user != null) ? user.getPassword() : this.dummyHash;
		boolean matches = this.passwordEncoder.matches(password, hash);
		if (user == null || !matches) {
			throw InvalidCredentialsException.badLogin();
		}
		return (user.getDisplayName() != null) ? user.getDisplayName() : username;
	}

}
