package io.cachekit.apps;

import org.bson.Document;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Outside {@code io.cachekit.worker}, so that the worker's component scan never picks it up. An application that
 * reads written-behind items through a cachekit cache named after their type, loaded
 * from MongoDB on a miss, as an application serving reads of what it writes behind does.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableCaching
public class CachingReaderTestApplication {

	/** The type (cache name and collection) the worker's tests write behind. */
	public static final String TYPE = "item";

	@Bean
	ItemReader itemReader(MongoTemplate mongo) {
		return new ItemReader(mongo);
	}

	/** Reads items through the cache. */
	public static class ItemReader {

		private final MongoTemplate mongo;

		ItemReader(MongoTemplate mongo) {
			this.mongo = mongo;
		}

		@Cacheable(TYPE)
		public Item read(String id) {
			Document document = this.mongo.findById(id, Document.class, TYPE);
			return (document != null)
					? new Item(id, ((Number) document.get("attempt")).longValue(), document.getString("padding")) : null;
		}

	}

	/**
	 * The payload the tests write: a key, the number of the save that wrote it, and bytes that make the
	 * entry large enough to put Redis under memory pressure.
	 *
	 * @param key the key
	 * @param attempt the save's number, increasing per key
	 * @param padding filler
	 */
	public record Item(String key, long attempt, String padding) {

	}

}
