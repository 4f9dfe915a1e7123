package io.cachekit;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md against the configuration metadata that {@code spring-boot-configuration-processor}
 * writes for the starter: every {@code cachekit.*} property must be documented, and the starter's table must
 * not document properties that no longer exist. Regenerate the file with
 * {@code python3 docs/generate-configuration.py} from the repository root.
 */
class ConfigurationDocsTests {

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	/** Surefire runs with the module directory as working directory. */
	private static final Path DOCS = Path.of("..", "docs", "configuration.md");

	private static final Pattern TABLE_ROW = Pattern.compile("^\\| `([^`]+)` \\|", Pattern.MULTILINE);

	@Test
	void everyCachekitPropertyIsDocumented() throws IOException {
		Set<String> properties = starterProperties();
		String docs = docs();
		Set<String> missing = new TreeSet<>();
		for (String property : properties) {
			if (!docs.contains("`" + property + "`")) {
				missing.add(property);
			}
		}
		assertThat(missing)
			.as("cachekit properties missing from %s; run python3 docs/generate-configuration.py", DOCS.normalize())
			.isEmpty();
	}

	@Test
	void theStarterTableDocumentsNoPropertyThatIsGone() throws IOException {
		Set<String> properties = starterProperties();
		String docs = docs();
		int starter = docs.indexOf("\n## Starter");
		assertThat(starter).as("%s has a Starter section", DOCS.normalize()).isNotNegative();
		int next = docs.indexOf("\n## ", starter + 1);
		String section = docs.substring(starter, (next < 0) ? docs.length() : next);
		Set<String> gone = new TreeSet<>();
		Matcher row = TABLE_ROW.matcher(section);
		while (row.find()) {
			String documented = row.group(1);
			if (documented.startsWith("cachekit.") && !properties.contains(documented)
					&& !isElementOfDocumentedCollection(documented, properties)) {
				gone.add(documented);
			}
		}
		assertThat(gone)
			.as("documented in %s but not in the starter's metadata; run python3 docs/generate-configuration.py",
					DOCS.normalize())
			.isEmpty();
	}

	/**
	 * A property of a map value or list element ({@code caches.<name>.ttl}, {@code rules[n].limit}), which the
	 * metadata lists only as the collection: documented from the properties class, so its collection must
	 * exist.
	 */
	private static boolean isElementOfDocumentedCollection(String documented, Set<String> properties) {
		int element = Math.max(documented.indexOf(".<name>."), documented.indexOf("[n]."));
		return element > 0 && properties.contains(documented.substring(0, element));
	}

	/**
	 * The {@code cachekit.*} properties of the metadata files that this module's build wrote (directories on
	 * the class path, not jars of other libraries).
	 */
	private static Set<String> starterProperties() throws IOException {
		List<URL> resources = Collections.list(ConfigurationDocsTests.class.getClassLoader().getResources(METADATA))
			.stream()
			.filter((url) -> "file".equals(url.getProtocol()))
			.toList();
		assertThat(resources).as("the starter's %s on the class path (build the starter first)", METADATA)
			.isNotEmpty();
		JsonMapper mapper = JsonMapper.builder().build();
		Set<String> properties = new TreeSet<>();
		for (URL resource : resources) {
			try (InputStream in = resource.openStream()) {
				for (JsonNode property : mapper.readTree(in).path("properties")) {
					String name = property.path("name").asString();
					if (name.startsWith("cachekit.")) {
						properties.add(name);
					}
				}
			}
		}
		assertThat(properties).as("cachekit properties in the starter's metadata").contains("cachekit.cache.default-ttl");
		return properties;
	}

	private static String docs() throws IOException {
		assertThat(DOCS).as("the configuration reference (working directory must be the starter module)")
			.isRegularFile();
		return Files.readString(DOCS, StandardCharsets.UTF_8);
	}

}
