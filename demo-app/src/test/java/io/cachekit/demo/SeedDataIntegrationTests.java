package io.cachekit.demo;

import java.util.List;
import java.util.stream.IntStream;

import io.cachekit.demo.article.Article;
import io.cachekit.demo.product.Product;
import io.cachekit.demo.user.User;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the first start seeds, read from MongoDB directly and checked over HTTP at the edges of each id range.
 * The shared end-to-end context starts on a database of this run's own, so its start is a first start; other
 * tests of the context add products (never users or articles) and change some, hence "at least" for products.
 */
class SeedDataIntegrationTests extends EndToEndTestSupport {

	@Autowired
	MongoTemplate mongo;

	@Test
	void firstStartSeedsAThousandProductsInTenCategoriesAHundredUsersAndFiftyArticles() {
		assertThat(this.mongo.getDb().getName()).isEqualTo(DATABASE);
		long seededProducts = this.mongo.count(Query.query(Criteria.where("_id").gte(1).lte(1200)), Product.class);
		assertThat(seededProducts).isGreaterThanOrEqualTo(1_000);
		List<String> categories = this.mongo.findDistinct(new Query(), "category", Product.class, String.class);
		assertThat(categories).hasSizeGreaterThanOrEqualTo(10).doesNotContainNull();
		assertThat(this.mongo.count(new Query(), User.class)).isEqualTo(100);
		assertThat(this.mongo.count(new Query(), Article.class)).isEqualTo(50);
		assertThat(this.mongo.findDistinct(new Query(), "_id", User.class, String.class))
			.containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 100).mapToObj(String::valueOf).toList());
		assertThat(this.mongo.findDistinct(new Query(), "_id", Article.class, String.class))
			.containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 50).mapToObj((i) -> "article-" + i).toList());
	}

	@Test
	void seededIdRangesAreServedOverHttp() {
		assertThat(this.api.get("/api/products/1").statusCode()).isEqualTo(200);
		assertThat(this.api.get("/api/products/1200").statusCode()).isEqualTo(200);
		assertThat(this.api.get("/api/users/1").statusCode()).isEqualTo(200);
		assertThat(this.api.get("/api/users/100").statusCode()).isEqualTo(200);
		assertThat(this.api.get("/api/users/101").statusCode()).isEqualTo(404);
		assertThat(this.api.get("/api/articles/article-1").statusCode()).isEqualTo(200);
		assertThat(this.api.get("/api/articles/article-50").statusCode()).isEqualTo(200);
		assertThat(this.api.get("/api/articles/article-51").statusCode()).isEqualTo(404);
		JsonNode books = ApiClient.json(this.api.get("/api/products?category=books&page=0&size=5"));
		assertThat(books.get("items")).hasSize(5);
		assertThat(books.get("totalElements").asLong()).isGreaterThanOrEqualTo(1_000 / 12);
	}

}
