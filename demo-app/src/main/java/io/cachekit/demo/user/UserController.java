package io.cachekit.demo.user;

import io.cachekit.demo.web.ReportsCacheStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/users}: write-behind updates (202 with the assigned version; 200 when written through), cached
 * reads, and
 * {@code ?consistency=db} to read MongoDB directly and watch the worker catch up.
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

	@PutMapping("/{id}")
	ResponseEntity<UserSaved> update(@PathVariable @Positive long id, @Valid @RequestBody UserUpdate update) {
		String key = String.valueOf(id);
		long version = this.users.save(key, update);
		return ResponseEntity.status(this.users.writesThrough() ? HttpStatus.OK : HttpStatus.ACCEPTED)
			.body(new UserSaved(key, version));
	}

}
