package dev.portolan.report;

import dev.portolan.model.AuditReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every renderer × every fixture report against a reviewed golden file in
 * {@code src/test/resources/golden/report/<case>.<extension>}. The test never writes the expectation: on a
 * mismatch or a missing file it saves the actual output under {@code target/golden-actual/} for review.
 */
class RendererGoldenTest {

    static List<Arguments> formatsAndCases() {
        List<Arguments> args = new ArrayList<>();
        for (String format : Renderers.names()) {
            for (Object[] c : ReportFixtures.cases()) args.add(Arguments.of(format, c[0], c[1]));
        }
        return args;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("formatsAndCases")
    void matchesGoldenFile(String format, String caseName, AuditReport report) throws IOException {
        Renderer renderer = Renderers.forName(format);
        String file = caseName + "." + renderer.extension();
        String actual = render(renderer, report);
        String expected = golden(file);
        if (expected == null || !expected.equals(actual)) {
            Path dir = Path.of(System.getProperty("golden.actual.dir", "target/golden-actual"), "report");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(file), actual, StandardCharsets.UTF_8);
            if (expected == null) fail("no golden file golden/report/" + file + "; actual output saved to " + dir.resolve(file));
        }
        assertThat(actual).as("golden/report/%s", file).isEqualTo(expected);
    }

    static String render(Renderer renderer, AuditReport report) throws IOException {
        StringWriter w = new StringWriter();
        renderer.render(report, w);
        return w.toString();
    }

    private static String golden(String file) throws IOException {
        try (InputStream in = RendererGoldenTest.class.getResourceAsStream("/golden/report/" + file)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
