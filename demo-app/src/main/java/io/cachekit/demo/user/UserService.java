package io.cachekit.demo.user;


import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import io.cachekit.demo.web.CacheStatus;
import io.cachekit.demo.web.NotFoundException;
import io.cachekit.writebehind.WriteBehindTemplate;

/**
 * Users, written behind (or through, for comparison: {@link UserProperties}). A save is versioned, made durable in Kafka and pinned in the write-behind cache
 * before it returns; the worker then persists it to MongoDB. Reads have one path, the {@value #USERS} cache:
 * the save dropped its cached copy, and a miss is answered with the pinned save (cachekit looks up pending
 * saves of caches declared in {@code cachekit.write-behind.caches}) until the worker has persisted it, then
 * loaded from MongoDB.
 */
@Service
public class UserService {

	/** Cache of users loaded from MongoDB, keyed by id; also the write-behind type and the collection. */
	public static final String USERS = "users";

	private final UserRepository repository;

	private final WriteBehindTemplate writeBehind;

	private final UserCache cache;

	private final ApplicationEventPublisher events;

	private final UserWriteThrough writeThrough;

	private final boolean writingThrough;

	UserService(UserRepository repository, WriteBehindTemplate writeBehind, UserCache cache,
			ApplicationEventPublisher events, UserWriteThrough writeThrough, UserProperties properties) {
		this.repository = repository;
		this.writeBehind = writeBehind;
		this.cache = cache;
		this.events = events;
		this.writeThrough = writeThrough;
		this.writingThrough = properties.getWriteMode() == UserProperties.WriteMode.THROUGH;
	}

	/**
	 * A user through the cache: the newest acknowledged save, even before the worker persisted it.
	 * @param id the user id
	 * @return the user
	 * @throws NotFoundException if there is no such user
	 */
	public User find(String id) {
		return this.cache.load(id);
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

	/**
	 * Whether updates are written through to MongoDB in the request instead of behind.
	 * @return {@code true} with {@code demo.users.write-mode=through}
	 */
	public boolean writesThrough() {
		return this.writingThrough;
	}

	/**
	 * Saves a user write-behind, or through to MongoDB when {@code demo.users.write-mode=through}.
	 * @param id the user id
	 * @param update the new state
	 * @return the version assigned
	 * @throws io.cachekit.writebehind.WriteBehindUnavailableException if Kafka did not acknowledge
	 */
	public long save(String id, UserUpdate update) {
		// saved as the document the worker stores, which sets its version and time: reads see one shape
		long version = this.writingThrough ? this.writeThrough.save(id, update)
				: this.writeBehind.save(USERS, id, new User(id, update.name(), update.email(), 0, null));
		this.events.publishEvent(new UserChangedEvent(id));
		return version;
	}

}
