package io.cachekit.demo.user;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Component;

import io.cachekit.demo.web.CacheStatus;
import io.cachekit.demo.web.NotFoundException;

/**
 * The {@value UserService#USERS} cache of users loaded from MongoDB, in a bean of its own so that
 * {@link UserService} calls it through the caching proxy.
 */
@Component
class UserCache {

	private final UserRepository repository;

	UserCache(UserRepository repository) {
		this.repository = repository;
	}

	@Cacheable(cacheNames = UserService.USERS, key = "#id", sync = true)
	public User load(String id) {
		CacheStatus.recordLoad();
		return this.repository.findById(id).orElseThrow(() -> new NotFoundException("User", id));
	}

}
