package io.cachekit.demo.user;

import io.cachekit.demo.web.ReportsCacheStatus;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/users}: cached reads, and {@code ?consistency=db} to read MongoDB directly.
 */
@RestController
@RequestMapping("/api/users")
class UserController {

	private final UserService users;

	UserController(UserService users) {
		this.users = users;
	}

	@GetMapping("/{id}")
	@ReportsCacheStatus
	User user(@PathVariable @Positive long id,
			@RequestParam(defaultValue = "cache") @Pattern(regexp = "cache|db",
					message = "must be 'cache' or 'db'") String consistency) {
		String key = String.valueOf(id);
		return "db".equals(consistency) ? this.users.findInDatabase(key) : this.users.find(key);
	}

}
