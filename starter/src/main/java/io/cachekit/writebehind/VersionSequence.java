package io.cachekit.writebehind;

/**
 * Hands out the versions of write-behind updates: strictly increasing per key, across every instance of
 * the application.
 */
@FunctionalInterface
public interface VersionSequence {

	/**
	 * Reserves the next version of a key.
	 * @param type the entity type
	 * @param id the entity id
	 * @return a version greater than every version handed out before for the key
	 */
	long next(String type, String id);

}
