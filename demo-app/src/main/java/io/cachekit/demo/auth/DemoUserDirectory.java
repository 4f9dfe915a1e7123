package io.cachekit.demo.auth;

import java.util.Map;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The configured demo users for Spring Security ({@code demo.auth.users}). Every password hash is checked at
 * startup, so a plain password or an unknown encoder fails the start naming the property. Spring Security's
 * {@code DaoAuthenticationProvider} checks passwords, and hashes a dummy password for unknown names so that
 * response times do not reveal which names exist.
 */
class DemoUserDirectory implements UserDetailsService {

	private final Map<String, AuthProperties.DemoUser> users;

	DemoUserDirectory(AuthProperties properties, PasswordEncoder passwordEncoder) {
		properties.getUsers().forEach((name, user) -> validate(name, user, passwordEncoder));
		this.users = Map.copyOf(properties.getUsers());
	}

	private static void validate(String name, AuthProperties.DemoUser user, PasswordEncoder passwordEncoder) {
		String property = "demo.auth.users." + name + ".password";
		String hash = user.getPassword();
		if (hash == null || !hash.startsWith("{") || !hash.contains("}")) {
			throw new InvalidConfigurationPropertyValueException(property, hash,
					"Set a password hash with its encoder id, e.g. {bcrypt}$2a$10$..., not a plain password");
		}
		for (String role : user.getRoles()) {
			if (role == null || role.isBlank() || role.startsWith("ROLE_")) {
				throw new InvalidConfigurationPropertyValueException("demo.auth.users." + name + ".roles", role,
						"Name roles without the ROLE_ prefix, e.g. ADMIN or USER");
			}
		}
		try {
			passwordEncoder.matches("probe", hash);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, hash,
					"The hash is not understood: " + ex.getMessage());
		}
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		AuthProperties.DemoUser user = this.users.get(username);
		if (user == null) {
			throw new UsernameNotFoundException("No demo user " + username);
		}
		return User.withUsername(username)
			.password(user.getPassword())
			.roles(user.getRoles().toArray(String[]::new))
			.build();
	}

	/**
	 * The name the API shows for a user.
	 * @param username the user name
	 * @return the configured display name, or the user name
	 */
	String displayName(String username) {
		AuthProperties.DemoUser user = this.users.get(username);
		return (user != null && user.getDisplayName() != null) ? user.getDisplayName() : username;
	}

}
