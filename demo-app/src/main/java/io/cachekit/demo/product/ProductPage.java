package io.cachekit.demo.product;

import java.io.Serializable;
import java.util.List;

/**
 * One cached page of a category listing.
 *
 * @param category the category slug
 * @param page the zero-based page number
 * @param size the page size
 * @param totalElements products in the category
 * @param totalPages pages in the category
 * @param items the products on this page
 */
public record ProductPage(String category, int page, int size, long totalElements, int totalPages,
		List<Product> items) implements Serializable {

}
