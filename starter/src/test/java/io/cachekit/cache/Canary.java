package io.cachekit.cache;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A class no cache should ever instantiate from stored bytes: it counts its instances, whether made by a
 * constructor (Jackson) or by Java deserialization (which runs no constructor of a serializable class, so
 * {@link #readObject} counts those).
 */
public class Canary implements Serializable {

	static final AtomicInteger instances = new AtomicInteger();

	private String name = "canary";

	public Canary() {
		instances.incrementAndGet();
	}

	private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
		in.defaultReadObject();
		instances.incrementAndGet();
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

}
