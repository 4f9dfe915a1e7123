package io.cachekit.consumer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's quick start is the consumer application's code: every fenced block of that section appears, line
 * for line, in a file of {@code src/it/shop}, the application the consumer check builds against the installed
 * BOM and starter. The quick start imports the BOM, adds the starter without a version and shows the imports of
 * cachekit's annotations.
 */
class QuickStartMatchesConsumerTests {

	private static final Path README = Path.of("..", "README.md");

	private static final Path SHOP = Path.of("src", "it", "shop");

	private static final Pattern FENCED_BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

	@Test
	void everyQuickStartBlockIsAnExcerptOfTheConsumerApplication() throws IOException {
		List<String> blocks = quickStartBlocks();
		assertThat(blocks).as("fenced blocks in the quick start").hasSizeGreaterThanOrEqualTo(6);
		List<List<String>> files = consumerFiles();
		for (String block : blocks) {
			List<String> lines = significantLines(block);
			assertThat(files.stream().anyMatch((file) -> Collections.indexOfSubList(file, lines) >= 0))
				.as("README quick start block found line for line in %s:%n%s", SHOP, block)
				.isTrue();
		}
	}

	@Test
	void quickStartImportsTheBomAndAddsTheStarterWithoutAVersion() throws IOException {
		List<List<String>> blocks = quickStartBlocks().stream()
			.map(QuickStartMatchesConsumerTests::significantLines)
			.toList();
		assertThat(blocks).as("the BOM import").contains(List.of("<dependencyManagement>", "<dependencies>",
				"<dependency>", "<groupId>io.cachekit</groupId>", "<artifactId>cachekit-bom</artifactId>",
				"<version>" + cachekitVersion() + "</version>", "<type>pom</type>", "<scope>import</scope>",
				"</dependency>", "</dependencies>", "</dependencyManagement>"));
		assertThat(blocks).as("the starter, its version from the BOM")
			.contains(List.of("<dependency>", "<groupId>io.cachekit</groupId>",
					"<artifactId>cachekit-spring-boot-starter</artifactId>", "</dependency>"));
		assertThat(blocks).as("the imports of cachekit's annotations")
			.contains(List.of("import io.cachekit.cache.CacheTags;", "import io.cachekit.cache.CacheTtl;"));
	}

	private static List<String> quickStartBlocks() throws IOException {
		String readme = Files.readString(README);
		int start = readme.indexOf("## Quick start");
		assertThat(start).as("quick start section").isNotNegative();
		int end = readme.indexOf("\n## ", start + 1);
		Matcher matcher = FENCED_BLOCK.matcher(readme.substring(start, end));
		List<String> blocks = new ArrayList<>();
		while (matcher.find()) {
			blocks.add(matcher.group(2));
		}
		return blocks;
	}

	private static List<List<String>> consumerFiles() throws IOException {
		String version = cachekitVersion();
		List<List<String>> files = new ArrayList<>();
		try (Stream<Path> paths = Files.walk(SHOP)) {
			for (Path path : paths.filter(Files::isRegularFile).toList()) {
				String text = Files.readString(path).replace("@project.version@", version);
				files.add(significantLines(text));
			}
		}
		return files;
	}

	private static String cachekitVersion() {
		String version = System.getProperty("cachekit.version");
		assertThat(version).as("cachekit.version system property").isNotBlank();
		return version;
	}

	/** Lines without their indentation, blank lines left out: tabs in the code, spaces in the README. */
	private static List<String> significantLines(String text) {
		return text.lines().map(String::strip).filter((line) -> !line.isEmpty()).toList();
	}

}
