package io.cachekit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile that docker-compose builds the demo and the worker with copies every module of the reactor:
 * every module's POM (Maven reads the whole reactor) and the sources of every module that has any, except the
 * two that the image never builds. No Docker engine runs here, so this is what keeps the file in step with
 * the build when a module is added.
 */
class DockerfileTests {

	private static final Path ROOT = Path.of("..");

	private static final List<String> NOT_IN_THE_IMAGE = List.of("dev-stack", "benchmarks", "consumer-check");

	@Test
	void everyModuleIsCopiedIntoTheBuildStage() throws IOException {
		String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
		List<String> modules = modules();
		assertThat(modules).contains("starter", "worker", "demo-app", "write-behind-core");
		for (String module : modules) {
			assertThat(dockerfile).as("the POM of %s", module).contains("COPY " + module + "/pom.xml " + module + "/");
			boolean hasSources = Files.isDirectory(ROOT.resolve(module).resolve("src"));
			if (hasSources && !NOT_IN_THE_IMAGE.contains(module)) {
				assertThat(dockerfile).as("the sources of %s", module)
					.contains("COPY " + module + "/src " + module + "/src");
			}
		}
	}

	private static List<String> modules() throws IOException {
		Matcher matcher = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
		List<String> modules = new ArrayList<>();
		while (matcher.find()) {
			modules.add(matcher.group(1));
		}
		return modules;
	}

}
