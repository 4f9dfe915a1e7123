package io.cachekit.demo.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Demo users, under {@code demo.auth}.
 */
@ConfigurationProperties("demo.auth")
public class AuthProperties {

	/**
	 * Demo users by user name.
	 */
	private final Map<String, DemoUser> users = new LinkedHashMap<>();

	public Map<String, DemoUser> getUsers() {
		return this.users;
	}

	/**
	 * One demo user.
	 */
	public static class DemoUser {

		/**
		 * Password hash with its encoder id, e.g. {bcrypt}$2a$10$...; never the password itself.
		 */
		private String password;

		/**
		 * Name shown by the API.
		 */
		private String displayName;

		/**
		 * Roles, without the ROLE_ prefix; ADMIN may use the management endpoints.
		 */
		private List<String> roles = new ArrayList<>(List.of("USER"));

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		public String getDisplayName() {
			return this.displayName;
		}

		public void setDisplayName(String displayName) {
			this.displayName = displayName;
		}

		public List<String> getRoles() {
			return this.roles;
		}

		public void setRoles(List<String> roles) {
			this.roles = roles;
		}

	}

}
