package io.cachekit.demo.product;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.context.ApplicationContext;

import io.cachekit.cache.warming.CacheWarmingRunner;

/**
 * What tests see of a demo instance's {@link ProductWarmer}.
 */
public final class ProductWarmerProbe {

	private ProductWarmerProbe() {
	}

	/**
	 * How often the instance loaded each product while warming.
	 * @param context the instance
	 * @return loads by product id
	 */
	public static Map<Long, Integer> loads(ApplicationContext context) {
		Map<Long, Integer> loads = new TreeMap<>();
		context.getBean(ProductWarmer.class).loads().forEach((id, count) -> loads.put(id, count.get()));
		return loads;
	}

	/**
	 * Runs the instance's warmers now, as its schedule would.
	 * @param context the instance
	 */
	public static void warmNow(ApplicationContext context) {
		context.getBean(CacheWarmingRunner.class).runAll();
	}

}
