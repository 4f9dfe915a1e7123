package io.cachekit.test;

/**
 * The least-privilege Redis ACL rule of an application's cachekit user, as docs/security.md gives it: its
 * namespace's keys (<code>&lt;ns&gt;:*</code>, <code>&#123;&lt;ns&gt;:*</code> and the two names Redisson's unlock
 * script declares as keys), its namespace's channels and Redisson's lock channels, data, scripting, pub/sub and connection commands,
 * and nothing dangerous.
 */
public final class CachekitAcl {

	private CachekitAcl() {
	}

	/**
	 * The rule, ready for {@code --user} or {@code ACL SETUSER}.
	 * @param user the user name
	 * @param password its password
	 * @param namespace {@code cachekit.namespace}
	 * @return the rule
	 */
	public static String rule(String user, String password, String namespace) {
		return user + " on >" + password + " resetkeys ~" + namespace + ":* ~{" + namespace + ":*"
				+ " ~redisson_lock__channel:{" + namespace + ":* ~redisson_unlock_latch:{" + namespace + ":*"
				+ " resetchannels &" + namespace + ":* &redisson_lock__channel:{" + namespace + ":*"
				+ " -@all +@read +@write +@scripting +@pubsub +@connection +@fast -@dangerous";
	}

}
