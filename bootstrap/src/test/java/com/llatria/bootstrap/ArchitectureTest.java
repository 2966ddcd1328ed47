package com.llatria.bootstrap;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The dependency rule of the hexagon, checked here where every module's classes are visible. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // test fixtures shared through test-jars are test code too
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("com.llatria");

    @Test
    void the_domain_depends_on_nothing_but_the_jdk() {
        classes().that().resideInAPackage("com.llatria.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("com.llatria.domain..", "java..")
                .because("the domain must run in a unit test with no framework, database or network")
                .check(CLASSES);
    }

    @Test
    void the_application_depends_only_on_the_domain() {
        classes().that().resideInAPackage("com.llatria.application..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("com.llatria.application..", "com.llatria.domain..", "java..")
                .because("use cases drive the domain through ports and know no adapter or framework")
                .check(CLASSES);
    }

    @Test
    void no_adapter_depends_on_another_adapter() {
        SlicesRuleDefinition.slices().matching("com.llatria.adapters.(*)..")
                .should().notDependOnEachOther()
                .because("each adapter plugs one technology into the ports; only bootstrap wires them together")
                .check(CLASSES);
    }

    @Test
    void nothing_but_bootstrap_depends_on_bootstrap() {
        noClasses().that().resideOutsideOfPackage("com.llatria.bootstrap..")
                .should().dependOnClassesThat().resideInAPackage("com.llatria.bootstrap..")
                .because("bootstrap is the composition root and sees everything; nothing may see it")
                .check(CLASSES);
    }

    @Test
    void adapters_are_not_used_by_the_core() {
        noClasses().that().resideInAnyPackage("com.llatria.domain..", "com.llatria.application..")
                .should().dependOnClassesThat().resideInAPackage("com.llatria.adapters..")
                .because("the core defines ports; adapters implement them, never the other way round")
                .check(CLASSES);
    }

    @Test
    void generated_jooq_classes_stay_inside_the_persistence_adapter() {
        noClasses().that().resideOutsideOfPackage("com.llatria.adapters.persistence.postgres..")
                .should().dependOnClassesThat().resideInAPackage("com.llatria.adapters.persistence.postgres.jooq..")
                .because("the database schema is the persistence adapter's business")
                .check(CLASSES);
    }
}
