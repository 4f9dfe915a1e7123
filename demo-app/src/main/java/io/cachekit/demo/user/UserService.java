package io.cachekit.demo.user;

import io.cachekit.demo.web.CacheStatus;
import io.cachekit.demo.web.NotFoundException;
import io.cachekit.writebehind.WriteBehindCache;
import io.cachekit.writebehind.WriteBehindTemplate;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Users, written behind. A save is versioned, made durable in Kafka and pinned in the write-behind cache
 * before it returns; the worker then persists it to MongoDB. Reads look at the write-behind entry first (it
 * holds the newest acknowledged version), then at the {@value #USERS} cache, loaded from MongoDB on a miss.
 */
@Service
public class UserService {

	/** Cache of users loaded from MongoDB, keyed by id; also the write-behind type and the collection. */
	public static final String USERS = "users";

	private final UserRepository repository;

	private final WriteBehindTemplate writeBehind;

	private final WriteBehindCache writeBehindCache;

	private final JsonMapper jsonMapper;

	private final UserCache cache;

	private final ApplicationEventPublisher events;

	UserService(UserRepository repository, WriteBehindTemplate writeBehind, WriteBehindCache writeBehindCache,
			JsonMapper jsonMapper, UserCache cache, ApplicationEventPublisher events) {
		this.repository = repository;
		this.writeBehind = writeBehind;
		this.writeBehindCache = writeBehindCache;
		this.jsonMapper = jsonMapper;
		this.cache = cache;
		this.events = events;
	}

	/**
	 * A user, from the write-behind entry or the cache when present.
	 * @param id the user id
	 * @return the user
	 * @throws NotFoundException if there is no such user
	 */
	public User find(String id) {
		WriteBehindCache.Entry entry = this.writeBehindCache.get(USERS, id);
		if (entry != null) {
			UserUpdate update = this.jsonMapper.readValue(entry.json(), UserUpdate.class);
			return new User(id, update.name(), update.email(), entry.version(), null);
		}
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
	 * Saves a user write-behind.
	 * @param id the user id
	 * @param update the new state
	 * @return the version assigned
	 * @throws io.cachekit.writebehind.WriteBehindUnavailableException if Kafka did not acknowledge
	 */
	public long save(String id, UserUpdate update) {
		long version = this.writeBehind.save(USERS, id, update);
		this.cache.evict(id);
		this.events.publishEvent(new UserChangedEvent(id));
		return version;
	}

}
