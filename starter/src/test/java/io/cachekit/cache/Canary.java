package io.cachekit.cache;

import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A class no cache should ever instantiate from stored bytes: it counts its instances.
 */
public class Canary implements Serializable {

	static final AtomicInteger instances = new AtomicInteger();

	private String name = "canary";

	public Canary() {
		instances.incrementAndGet();
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

}
