package io.cachekit.demo;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/articles} over HTTP: a cached view of derived data that is fresh after each comment or like.
 * Each test uses its own seeded article.
 */
class ArticleApiIntegrationTests extends EndToEndTestSupport {

	@Test
	void articleShowsAuthorAndCountsAndIsCached() {
		HttpResponse<String> first = this.api.get("/api/articles/article-11");
		HttpResponse<String> second = this.api.get("/api/articles/article-11");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("X-Cache")).hasValue("MISS");
		assertThat(second.headers().firstValue("X-Cache")).hasValue("HIT");
		JsonNode article = ApiClient.json(second);
		assertThat(article.get("author").get("id").asString()).isEqualTo("12");
		assertThat(article.get("author").get("name").asString()).isNotBlank();
		assertThat(article.get("commentCount").asLong()).isEqualTo(11 % 4);
		assertThat(article.get("likeCount").asLong()).isEqualTo(11 % 7);
	}

	@Test
	void commentMakesTheCountFreshOnNextRead() {
		long before = ApiClient.json(this.api.get("/api/articles/article-21")).get("commentCount").asLong();
		HttpResponse<String> created = this.api.post("/api/articles/article-21/comments",
				"{\"author\":\"tester\",\"text\":\"Nice\"}");
		assertThat(created.statusCode()).isEqualTo(201);
		HttpResponse<String> after = this.api.get("/api/articles/article-21");
		assertThat(after.headers().firstValue("X-Cache")).hasValue("MISS");
		assertThat(ApiClient.json(after).get("commentCount").asLong()).isEqualTo(before + 1);
	}

	@Test
	void likeMakesTheCountFreshOnNextReadAndCountsOncePerUser() {
		long before = ApiClient.json(this.api.get("/api/articles/article-31")).get("likeCount").asLong();
		assertThat(this.api.post("/api/articles/article-31/likes", "{\"userId\":\"fan-" + RUN + "\"}").statusCode())
			.isEqualTo(201);
		assertThat(this.api.post("/api/articles/article-31/likes", "{\"userId\":\"fan-" + RUN + "\"}").statusCode())
			.isEqualTo(200);
		assertThat(ApiClient.json(this.api.get("/api/articles/article-31")).get("likeCount").asLong())
			.isEqualTo(before + 1);
	}

	@Test
	void authorRenameMakesTheirArticlesFresh() {
		// article-41 is written by user 42 (1 + 41 % 100).
		this.api.get("/api/articles/article-41");
		assertThat(this.api.put("/api/users/42", "{\"name\":\"Renamed Author\",\"email\":\"r@example.com\"}")
			.statusCode()).isEqualTo(202);
		HttpResponse<String> after = this.api.get("/api/articles/article-41");
		assertThat(after.headers().firstValue("X-Cache")).hasValue("MISS");
		assertThat(ApiClient.json(after).get("author").get("name").asString()).isEqualTo("Renamed Author");
	}

	@Test
	void commentsAreListedNewestFirstInPages() throws InterruptedException {
		// article-23 was seeded with 23 % 4 = 3 comments.
		String first = "First " + RUN;
		String second = "Second " + RUN;
		assertThat(this.api.post("/api/articles/article-23/comments", "{\"author\":\"ann\",\"text\":\"" + first + "\"}")
			.statusCode()).isEqualTo(201);
		Thread.sleep(5); // distinct creation times (MongoDB keeps milliseconds)
		assertThat(this.api.post("/api/articles/article-23/comments", "{\"author\":\"bob\",\"text\":\"" + second + "\"}")
			.statusCode()).isEqualTo(201);

		HttpResponse<String> newest = this.api.get("/api/articles/article-23/comments?page=0&size=2");
		assertThat(newest.statusCode()).isEqualTo(200);
		assertThat(ApiClient.json(newest)).extracting((comment) -> comment.get("text").asString())
			.containsExactly(second, first);
		assertThat(ApiClient.json(newest)).extracting((comment) -> comment.get("author").asString())
			.containsExactly("bob", "ann");
		JsonNode older = ApiClient.json(this.api.get("/api/articles/article-23/comments?page=1&size=2"));
		assertThat(older).hasSize(2)
			.allSatisfy((comment) -> assertThat(comment.get("text").asString()).startsWith("Comment "));
		JsonNode all = ApiClient.json(this.api.get("/api/articles/article-23/comments?size=100"));
		assertThat(all).hasSize(5)
			.allSatisfy((comment) -> assertThat(comment.get("articleSlug").asString()).isEqualTo("article-23"));
		assertThat(ApiClient.json(this.api.get("/api/articles/article-23/comments?page=3&size=2"))).isEmpty();
		assertThat(ApiClient.json(this.api.get("/api/articles/article-23")).get("commentCount").asLong()).isEqualTo(5);
	}

	@Test
	void commentsOfUnknownArticleAre404() {
		HttpResponse<String> response = this.api.get("/api/articles/no-such-article/comments");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(ApiClient.json(response).get("detail").asString()).contains("no-such-article");
	}

	@Test
	void commentsPageLargerThan100Is400() {
		HttpResponse<String> response = this.api.get("/api/articles/article-23/comments?size=101");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(ApiClient.json(response).get("detail").asString()).contains("size");
	}

	@Test
	void unknownArticleIs404() {
		HttpResponse<String> response = this.api.get("/api/articles/no-such-article");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(ApiClient.json(response).get("detail").asString()).contains("no-such-article");
	}

	@Test
	void invalidSlugIs400() {
		HttpResponse<String> response = this.api.get("/api/articles/Not_A_Slug");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(ApiClient.json(response).get("detail").asString()).contains("slug");
	}

	@Test
	void commentOnUnknownArticleIs404() {
		HttpResponse<String> response = this.api.post("/api/articles/no-such-article/comments",
				"{\"author\":\"a\",\"text\":\"b\"}");
		assertThat(response.statusCode()).isEqualTo(404);
	}

}
