package io.cachekit.worker;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The worker stands on the write-behind core alone: none of its classes uses the starter (the build's enforcer
 * rule keeps the starter off its compile and runtime classpath too), and its packages have no cycles.
 */
class WorkerArchitectureTests {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.cachekit.worker");

	@Test
	void theWorkerUsesNothingOfTheStarter() {
		noClasses().that()
			.resideInAPackage("io.cachekit.worker..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.cachekit.cache..", "io.cachekit.lock..", "io.cachekit.ratelimit..",
					"io.cachekit.web..", "io.cachekit.resilience..", "io.cachekit.autoconfigure..",
					"io.cachekit.support..", "io.cachekit.writebehind")
			.check(this.classes);
	}

	@Test
	void noPackageAtAnyLevelIsPartOfACycle() {
		slices().matching("io.cachekit.worker.(**)").should().beFreeOfCycles().check(this.classes);
	}

}
