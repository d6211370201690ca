package dev.portolan.report;

import dev.portolan.model.Severity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RenderersTest {

    @Test
    void namesAreSortedAndEachResolvesToItself() {
        assertThat(Renderers.names()).containsExactly("csv", "html", "json", "jsonl", "junit", "md", "sarif", "text");
        for (String name : Renderers.names()) assertThat(Renderers.forName(name).name()).isEqualTo(name);
        assertThat(Renderers.forName(" JSON ").name()).isEqualTo("json");
        assertThat(Renderers.defaultRenderer().name()).isEqualTo("text");
    }

    @Test
    void unknownNameListsTheValidOnes() {
        assertThatThrownBy(() -> Renderers.forName("xlsx"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown report format 'xlsx' (expected one of: csv, html, json, jsonl, junit, md, sarif, text)");
        assertThatThrownBy(() -> Renderers.forName(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void junitTakesTheFailOnThreshold() {
        assertThat(((JunitRenderer) Renderers.forName("junit")).failOn()).isEqualTo(Severity.ERROR);
        assertThat(((JunitRenderer) Renderers.forName("junit", Severity.WARNING)).failOn()).isEqualTo(Severity.WARNING);
        assertThat(((JunitRenderer) Renderers.forName("junit", (Severity) null)).failOn()).isNull();
    }

    @Test
    void extensionPicksTheFormat() {
        assertThat(Renderers.forExtension("report.md")).get().extracting(Renderer::name).isEqualTo("md");
        assertThat(Renderers.forExtension("out/scan.sarif.json")).get().extracting(Renderer::name).isEqualTo("sarif");
        assertThat(Renderers.forExtension("scan.SARIF")).get().extracting(Renderer::name).isEqualTo("sarif");
        assertThat(Renderers.forExtension("x.json")).get().extracting(Renderer::name).isEqualTo("json");
        assertThat(Renderers.forExtension("x.jsonl")).get().extracting(Renderer::name).isEqualTo("jsonl");
        assertThat(Renderers.forExtension("fleet.htm")).get().extracting(Renderer::name).isEqualTo("html");
        assertThat(Renderers.forExtension("tests.xml")).get().extracting(Renderer::name).isEqualTo("junit");
        assertThat(Renderers.forExtension("r.txt")).get().extracting(Renderer::name).isEqualTo("text");
        assertThat(Renderers.forExtension("r.csv")).get().extracting(Renderer::name).isEqualTo("csv");
        assertThat(Renderers.forExtension("report")).isEmpty();
        assertThat(Renderers.forExtension("report.pdf")).isEmpty();
        assertThat(Renderers.forExtension("json")).isEmpty();
    }
}
