package io.cachekit.demo.user;

import io.cachekit.demo.web.CacheStatus;
import io.cachekit.demo.web.NotFoundException;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Reads users from the cache first, or from MongoDB directly when asked for the database's view.
 */
@Service
public class UserService {

	/** Cache of users, keyed by id; also the write-behind type and the MongoDB collection. */
	public static final String USERS = "users";

	private final UserRepository repository;

	UserService(UserRepository repository) {
		this.repository = repository;
	}

	/**
	 * A user, from the cache when present.
	 * @param id the user id
	 * @return the user
	 * @throws NotFoundException if there is no such user
	 */
	@Cacheable(cacheNames = USERS, key = "#id", sync = true)
	public User find(String id) {
		CacheStatus.recordLoad();
		return this.repository.findById(id).orElseThrow(() -> new NotFoundException("User", id));
	}

	/**
	 * A user as MongoDB has it now, bypassing every cache.
	 * @param id the user id
	 * @return the user
	 * @throws NotFoundException if there is no such user
	 */
	public User findInDatabase(String id) {
		CacheStatus.recordBypass();
		return this.repository.findById(id).orElseThrow(() -> new NotFoundException("User", id));
	}

}
