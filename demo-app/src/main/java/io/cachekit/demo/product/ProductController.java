package io.cachekit.demo.product;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.cachekit.demo.web.NotFoundException;
import io.cachekit.demo.web.ReportsCacheStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/products}: cache-aside reads with an {@code X-Cache} header, writes through MongoDB.
 */
@RestController
@RequestMapping("/api/products")
class ProductController {

	private final ProductService products;

	ProductController(ProductService products) {
		this.products = products;
	}

	@GetMapping("/{id}")
	@ReportsCacheStatus
	Product product(@PathVariable @Positive long id) {
		Product product = this.products.find(id);
		if (product == null) {
			// cached as absent by a bulk read (GET /api/products?ids=...)
			throw new NotFoundException("Product", id);
		}
		return product;
	}

	@GetMapping("/{id}/reactive")
	Mono<Product> productReactive(@PathVariable @Positive long id) {
		return this.products.findReactive(id).switchIfEmpty(Mono.error(() -> new NotFoundException("Product", id)));
	}

	@GetMapping(params = "ids")
	List<Product> byIds(@RequestParam @NotEmpty @Size(max = 100) List<@NotNull @Positive Long> ids) {
		Map<Long, Product> found = this.products.findAll(new LinkedHashSet<>(ids));
		return ids.stream().distinct().map(found::get).filter(Objects::nonNull).toList();
	}

	@GetMapping
	@ReportsCacheStatus
	ProductPage byCategory(
			@RequestParam @Pattern(regexp = "[a-z0-9-]{1,50}",
					message = "must be 1-50 lowercase letters, digits or dashes") String category,
			@RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		return this.products.list(category, page, size);
	}

	@PostMapping
	ResponseEntity<Product> create(@Valid @RequestBody ProductRequest request) {
		Product product = this.products.create(request);
		return ResponseEntity.created(URI.create("/api/products/" + product.id())).body(product);
	}

	@PutMapping("/{id}")
	Product update(@PathVariable @Positive long id, @Valid @RequestBody ProductRequest request) {
		return this.products.update(id, request);
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable @Positive long id) {
		this.products.delete(id);
		return ResponseEntity.noContent().build();
	}

}
