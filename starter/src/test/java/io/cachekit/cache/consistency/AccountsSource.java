package io.cachekit.cache.consistency;

import java.util.Map;
import java.util.function.Function;

/**
 * The tests' source of truth of an {@code accounts} cache of strings, reading whatever the test gives it.
 */
public final class AccountsSource implements ConsistencySource<String> {

	private final Function<Object, String> reader;

	/**
	 * A source that reads with a function.
	 * @param reader reads a key's current value
	 */
	public AccountsSource(Function<Object, String> reader) {
		this.reader = reader;
	}

	/**
	 * A source over an application's "database": a map.
	 * @param database the map
	 * @return the source
	 */
	public static AccountsSource over(Map<String, String> database) {
		return new AccountsSource((key) -> database.get((String) key));
	}

	@Override
	public String cacheName() {
		return "accounts";
	}

	@Override
	public Class<String> valueType() {
		return String.class;
	}

	@Override
	public String read(Object key) {
		return this.reader.apply(key);
	}

}
