package io.cachekit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The few rules that keep the starter's architecture honest: no cycle between any two packages at any level,
 * a write-behind core that stands alone (the worker uses it without the starter), features that know nothing
 * of their auto-configuration.
 */
class ArchitectureTests {

	private final JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.cachekit");

	@Test
	void featurePackagesHaveNoCycles() {
		slices().matching("io.cachekit.(*)..").should().beFreeOfCycles().allowEmptyShould(true).check(this.classes);
	}

	@Test
	void noPackageAtAnyLevelIsPartOfACycle() {
		slices().matching("io.cachekit.(**)").should().beFreeOfCycles().check(this.classes);
	}

	@Test
	void theWriteBehindCoreNeedsNothingOfTheStarter() {
		noClasses().that()
			.resideInAnyPackage("io.cachekit.keys..", "io.cachekit.redis..", "io.cachekit.writebehind.envelope..",
					"io.cachekit.writebehind.pending..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.cachekit.cache..", "io.cachekit.lock..", "io.cachekit.ratelimit..",
					"io.cachekit.web..", "io.cachekit.resilience..", "io.cachekit.autoconfigure..",
					"io.cachekit.support..", "io.cachekit.writebehind")
			.check(this.classes);
	}

	@Test
	void featuresDoNotDependOnAutoConfiguration() {
		noClasses().that()
			.resideOutsideOfPackage("io.cachekit.autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.cachekit.autoconfigure..")
			.allowEmptyShould(true)
			.check(this.classes);
	}

	@Test
	void autoConfigurationsExposeNoPublicBeanMethods() {
		methods().that()
			.areAnnotatedWith(Bean.class)
			.and()
			.areDeclaredInClassesThat()
			.resideInAPackage("io.cachekit.autoconfigure..")
			.should()
			.notBePublic()
			.allowEmptyShould(true)
			.check(this.classes);
	}

	@Test
	void autoConfigurationsLiveInTheAutoconfigurePackage() {
		noClasses().that()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.resideOutsideOfPackage("io.cachekit.autoconfigure..")
			.allowEmptyShould(true)
			.check(this.classes);
	}

}
