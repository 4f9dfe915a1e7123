package io.cachekit.demo.article;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * On a start with no articles, bulk-inserts {@value #COUNT} articles ({@code article-1..article-50}) by the
 * seeded users, with a few comments and likes each; every tenth one is long-form.
 */
@Component
@Order(30)
class ArticleSeeder implements ApplicationRunner {

	static final int COUNT = 50;

	/** Articles 10, 20, ... are long-form. */
	static final int LONG_FORM_EVERY = 10;

	private static final List<String> TOPICS = List.of("Cache-aside", "Write-behind", "Refresh-ahead",
			"Stampede protection", "Near caching", "Tag invalidation", "Fencing tokens", "Sliding windows",
			"Sorted sets", "Session stores");

	private static final Logger logger = LoggerFactory.getLogger(ArticleSeeder.class);

	private final MongoTemplate mongoTemplate;

	ArticleSeeder(MongoTemplate mongoTemplate) {
		this.mongoTemplate = mongoTemplate;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.mongoTemplate.estimatedCount(Article.class) > 0) {
			return;
		}
		Instant now = Instant.now();
		List<Article> articles = new ArrayList<>(COUNT);
		List<Comment> comments = new ArrayList<>();
		List<Like> likes = new ArrayList<>();
		for (int i = 1; i <= COUNT; i++) {
			String slug = "article-" + i;
			String topic = TOPICS.get(i % TOPICS.size());
			articles.add(new Article(slug, topic + " in practice, part " + (1 + i / TOPICS.size()),
					body(i, topic), String.valueOf(1 + (i % 100)),
					now.minus(Duration.ofDays(COUNT - i))));
			for (int c = 0; c < i % 4; c++) {
				comments.add(new Comment(null, slug, "reader-" + c, "Comment " + c + " on " + slug, now));
			}
			for (int l = 0; l < i % 7; l++) {
				String userId = String.valueOf(1 + l);
				likes.add(new Like(Like.id(slug, userId), slug, userId, now));
			}
		}
		this.mongoTemplate.insert(articles, Article.class);
		this.mongoTemplate.insert(comments, Comment.class);
		this.mongoTemplate.insert(likes, Like.class);
		logger.info("Seeded {} articles, {} comments and {} likes", COUNT, comments.size(), likes.size());
	}

	/** Every tenth article is long-form (about 16 KB, stored compressed); the others are a line. */
	static String body(int number, String topic) {
		String line = "Notes on " + topic.toLowerCase() + " with Redis and Spring.";
		if (number % LONG_FORM_EVERY != 0) {
			return line;
		}
		StringBuilder body = new StringBuilder();
		for (int section = 1; body.length() < 16 * 1024; section++) {
			body.append("Section ").append(section).append(". ").append(line)
				.append(" A cache holds copies; the database holds the truth; every copy needs a way to die.\n");
		}
		return body.toString();
	}

}
