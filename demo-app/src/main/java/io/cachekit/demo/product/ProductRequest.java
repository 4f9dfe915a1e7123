package io.cachekit.demo.product;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/products} and {@code PUT /api/products/{id}}.
 *
 * @param name the display name
 * @param category the category slug
 * @param priceCents the price in cents
 * @param stock units in stock
 * @param description an optional description
 */
record ProductRequest(@NotBlank @Size(max = 200) String name,
		@NotNull @Pattern(regexp = "[a-z0-9-]{1,50}", message = "must be 1-50 lowercase letters, digits or dashes") String category,
		@NotNull @PositiveOrZero Long priceCents, @NotNull @PositiveOrZero Integer stock,
		@Size(max = 2000) String description) {

}
