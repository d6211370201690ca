package dev.portolan.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portolan.cli.Main;
import dev.portolan.model.AuditReport;
import dev.portolan.model.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static dev.portolan.report.RendererGoldenTest.render;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Problem first, in every format: the verdict, then what to do, then the problems most severe first, then the
 * expected behaviour as counts, then the host's facts. The text format fits 80 columns on every sample, and
 * carries ANSI codes only when colour is on.
 */
class ReportOrderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AuditReport FIXTURE = ReportFixtures.fixture();

    @Test
    void textLeadsWithTheVerdict() throws IOException {
        String text = render(new TextRenderer(), FIXTURE);
        assertThat(text).startsWith("== quail ==\nFAIL (fail-on error): 2 error, 2 warning, 0 notice, 5 info\n\nWhat to do:\n"
                + "  1. MISSING_LISTENER tcp/31300: start the service of clientmanager:manager or\n");
        String quail = text.substring(0, text.indexOf("== ws-042 =="));
        assertInOrder(quail, "FAIL (fail-on error)", "What to do:", "\nERROR (2)\n", "\nWARNING (2)\n",
                "\nExpected behaviour, not listed (5 findings; --show info lists them):\n  EXPECTED 5\n", "\nos:  ");
        assertThat(text).endsWith("Fleet: FAIL (fail-on error): 2 hosts, 2 failing; 14 findings: 3 error, 4\n"
                + "  warning, 0 notice, 7 info\n  by code: EXPECTED 6, UNKNOWN_LISTENER 1, EPHEMERAL_LISTENER 1,\n"
                + "    MISSING_LISTENER 1, DIRECTION_MISMATCH 1, NOT_OBSERVED 1, BLOCKED_EXPECTED\n"
                + "    1, EXPOSED_INTERNAL 1, INPUT_PROBLEM 1\nportolan 0.1.0-test, generated 2024-05-01T10:00:00Z\n");
        // fail-on never: the same findings pass
        assertThat(render(new TextRenderer(ReportOptions.DEFAULTS.withFailOn(null)), FIXTURE))
                .startsWith("== quail ==\nPASS (fail-on never): 2 error, 2 warning, 0 notice, 5 info\n");
    }

    @Test
    void minSeverityHidesLowerProblemsButNotTheVerdict() throws IOException {
        String text = render(new TextRenderer(ReportOptions.DEFAULTS.withMinSeverity(Severity.ERROR)), FIXTURE);
        assertThat(text).contains("FAIL (fail-on error): 2 error, 2 warning, 0 notice, 5 info")
                .doesNotContain("WARNING (")
                .contains("Below error, not listed (7 findings; --show info lists all):\n  EXPECTED 5, UNKNOWN_LISTENER 1, EPHEMERAL_LISTENER 1\n");
        assertThat(RendererStructureTest.countText(text)).isEqualTo(3);
    }

    @Test
    void markdownLeadsWithTheVerdictAndHasNoHtmlOrTables() throws IOException {
        String md = render(new MarkdownRenderer(), FIXTURE);
        assertThat(md).startsWith("# portolan report\n\n**FAIL** (fail-on error): 2 hosts, 2 failing; 14 findings: 3 error, 4 warning, 0 notice, 7 info\n");
        String quail = md.substring(md.indexOf("## quail"), md.indexOf("## ws-042"));
        assertInOrder(quail, "**FAIL** (fail-on error): 2 error, 2 warning, 0 notice, 5 info", "What to do:\n\n1. MISSING_LISTENER",
                "### ERROR (2)", "**1. MISSING_LISTENER tcp/31300**", "### WARNING (2)", "### Expected behaviour\n\n5 findings, not listed",
                "### Host");
        assertThat(md).doesNotContain("<br>").doesNotContain("|---").doesNotContain("\\_").doesNotContain("\\[");
        String single = render(new MarkdownRenderer(), new AuditReport(List.of(FIXTURE.hosts().get(1)), FIXTURE.generatedAt(), "1"));
        assertThat(single).startsWith("# portolan report: ws-042\n\n**FAIL** (fail-on error): 1 error, 2 warning, 0 notice, 2 info\n");
    }

    @Test
    void htmlLeadsWithTheBanner() throws IOException {
        String html = render(new HtmlRenderer(), FIXTURE);
        String quail = html.substring(html.indexOf("<section class=\"host\" id=\"host-1\""), html.indexOf("id=\"host-2\" data-host"));
        assertInOrder(quail, "<div class=\"banner fail\"><strong>FAIL</strong> (fail-on error) 2 error, 2 warning, 0 notice, 5 info</div>",
                "<ol class=\"todo\">", "<article class=\"finding sev-error\" data-severity=\"error\" id=\"host-1-1\">",
                "<article class=\"finding sev-warning\"", "<details class=\"collapsed\"><summary>Expected behaviour: 5 findings (EXPECTED 5)</summary>",
                "<article class=\"finding sev-info\"", "</details>", "<h3>Host</h3>");
        assertInOrder(html, "<h1>portolan report</h1>", "<div class=\"banner fail\" id=\"verdict\"><strong>FAIL</strong> 2 hosts, 2 failing",
                "<table class=\"fleet\">", "id=\"host-1\"");
        // evidence never breaks inside a token: preformatted, scrolls sideways on screen, wraps only at spaces in print
        assertThat(html).doesNotContain("break-all").contains("white-space:pre;overflow-x:auto")
                .contains("@media print{").contains("pre{white-space:pre-wrap;overflow:visible;word-break:normal;overflow-wrap:normal}");
    }

    @Test
    void dataFormatsKeepEveryFindingAndCarryTheVerdict() throws IOException {
        JsonNode json = JSON.readTree(render(new JsonRenderer(), FIXTURE));
        JsonNode quail = json.get("hosts").get(0);
        Iterator<String> fields = quail.fieldNames();
        assertThat(fields.next()).isEqualTo("host");
        assertThat(fields.next()).isEqualTo("verdict");
        assertThat(quail.at("/verdict/status").asText()).isEqualTo("FAIL");
        assertThat(quail.at("/verdict/failing").asInt()).isEqualTo(2);
        assertThat(quail.at("/verdict/counts/info").asInt()).isEqualTo(5);
        assertThat(quail.get("findings")).hasSize(9);
        assertThat(severities(quail.get("findings"))).containsExactly("error", "error", "warning", "warning", "info", "info", "info", "info", "info");
        assertThat(quail.at("/findings/0/fails").asBoolean()).isTrue();
        assertThat(quail.at("/findings/2/fails").asBoolean()).isFalse();
        assertThat(quail.at("/findings/0/advice").asText()).startsWith("start the service of clientmanager:manager");
        assertThat(json.at("/verdict/status").asText()).isEqualTo("FAIL");
        assertThat(json.at("/verdict/failing_hosts").asInt()).isEqualTo(2);
        assertThat(json.at("/verdict/counts/error").asInt()).isEqualTo(3);

        List<String> csv = Arrays.asList(render(new CsvRenderer(), FIXTURE).split("\n"));
        assertThat(csv.get(0)).endsWith(",fails,host_verdict,fail_on,advice,suppressed_reason,suppressed_by");
        assertThat(csv.get(1)).startsWith("quail,error,MISSING_LISTENER,").contains(",yes,FAIL,error,start the service of clientmanager:manager");
        assertThat(csv).hasSize(1 + 14);
    }

    @Test
    void csvByteOrderMarkOnlyWhenAsked() throws IOException {
        assertThat(render(new CsvRenderer(), FIXTURE)).startsWith("host,");
        assertThat(render(new CsvRenderer(ReportOptions.DEFAULTS.withCsvBom(true)), FIXTURE)).startsWith("\uFEFFhost,");
    }

    @Test
    void sarifLeavesInfoOutAndCarriesTheVerdict() throws IOException {
        JsonNode run = JSON.readTree(render(new SarifRenderer(), FIXTURE)).at("/runs/0");
        assertThat(run.get("results")).hasSize(7);
        for (JsonNode r : run.get("results")) assertThat(r.get("level").asText()).isIn("error", "warning");
        assertThat(run.at("/properties/verdict/status").asText()).isEqualTo("FAIL");
        assertThat(run.at("/properties/notShown/EXPECTED").asInt()).isEqualTo(6);
        assertThat(run.at("/properties/notShown/NOT_OBSERVED").asInt()).isEqualTo(1);
        JsonNode all = JSON.readTree(render(new SarifRenderer(ReportOptions.DEFAULTS.withMinSeverity(Severity.INFO)), FIXTURE));
        assertThat(all.at("/runs/0/results")).hasSize(14);
    }

    @Test
    void junitHasOneCasePerProblemAndOneForExpectedBehaviour() throws IOException {
        String xml = render(new JunitRenderer(), FIXTURE);
        String quail = xml.substring(xml.indexOf("<testsuite name=\"quail\""), xml.indexOf("<testsuite name=\"ws-042\""));
        assertInOrder(quail, "<property name=\"verdict\" value=\"FAIL\"/>", "name=\"tcp/31300\"", "What to do: start the service of clientmanager",
                "name=\"tcp/5940 0.0.0.0\"", "name=\"tcp/5024 0.0.0.0\"", "name=\"tcp/50122 0.0.0.0\"",
                "<testcase classname=\"quail\" name=\"expected behaviour\">\n      <system-out>5 findings: EXPECTED 5\n</system-out>");
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"portolan\">\n  <testsuite name=\"quail\" tests=\"5\" failures=\"2\"");
    }

    // ---- the terminal

    static Stream<Object[]> sampleCommands() throws IOException {
        List<Object[]> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("samples"))) {
            for (Path dir : s.sorted().toList()) {
                Path v = dir.resolve("verdict.properties");
                if (!Files.isRegularFile(v)) continue;
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(v, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                out.add(new Object[] {dir.getFileName().toString(), p.getProperty("command").trim()});
            }
        }
        assertThat(out).hasSizeGreaterThanOrEqualTo(9);
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleCommands")
    void textFits80ColumnsOnEverySample(String sample, String command) {
        for (String show : new String[] {"", "--show=info"}) {
            String text = cli(command + " --color=never " + show);
            assertThat(text).doesNotContain("\u001b");
            assertThat(text).matches("(?s)== .*? ==\n(PASS|FAIL) \\(fail-on (error|warning)\\): .*");
            for (String line : text.split("\n")) {
                assertThat(TextLayout.width(line)).as("%s %s: %s", sample, show, line).isLessThanOrEqualTo(80);
            }
        }
        // with colour, the same layout: ANSI codes take no columns
        String coloured = cli(command + " --color=always --show=info");
        assertThat(coloured).contains("\u001b[");
        for (String line : coloured.split("\n")) {
            assertThat(TextLayout.width(line.replaceAll("\u001b\\[[0-9;]*m", ""))).as(line).isLessThanOrEqualTo(80);
        }
        // the same text but for the run's time in the last line
        assertThat(withoutTime(coloured.replaceAll("\u001b\\[[0-9;]*m", ""))).isEqualTo(withoutTime(cli(command + " --color=never --show=info")));
    }

    @Test
    void colourOnlyWhenAsked() throws IOException {
        String plain = render(new TextRenderer(), FIXTURE);
        assertThat(plain).doesNotContain("\u001b");
        String coloured = render(new TextRenderer(ReportOptions.DEFAULTS.withColor(true)), FIXTURE);
        assertThat(coloured).startsWith("== quail ==\n\u001b[1;31mFAIL\u001b[0m (fail-on error)")
                .contains("\n\u001b[1;31mERROR (2)\u001b[0m\n").contains("\n\u001b[1;33mWARNING (2)\u001b[0m\n")
                .contains("\n\u001b[1mWhat to do:\u001b[0m\n");
        assertThat(coloured.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(plain);
        // not a terminal (the tests' output is captured): auto means plain
        String command = "audit --role clientmanager:manager --set clientmanager.version=4.33 samples/clientmanager-manager-healthy/netstat-ano.txt";
        assertThat(cli(command)).doesNotContain("\u001b").startsWith("== clientmanager-manager-healthy ==\nPASS (fail-on error)");
        assertThat(cli(command + " --color=always")).contains("\u001b[1;32mPASS\u001b[0m");
    }

    @Test
    void narrowTerminalStillFits() throws IOException {
        for (AuditReport r : List.of(FIXTURE, ReportFixtures.hostile())) {
            String text = render(new TextRenderer(ReportOptions.DEFAULTS.withWidth(50).withMinSeverity(Severity.INFO)), r);
            for (String line : text.split("\n")) assertThat(TextLayout.width(line)).as(line).isLessThanOrEqualTo(50);
        }
    }

    @Test
    void wideCharactersCountTwoColumns() {
        assertThat(TextLayout.width("待ち受け")).isEqualTo(8);
        assertThat(TextLayout.width("ｱｲ")).isEqualTo(2);
        assertThat(TextLayout.wrap("TCP    0.0.0.0:135    待ち受け 912", 20, "  ", "    "))
                .containsExactly("  TCP    0.0.0.0:135", "    待ち受け 912");
        assertThat(TextLayout.wrap("abcdefghij", 6, "", "")).containsExactly("abcdef", "ghij");
    }

    private static String cli(String command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), command.trim().split("\\s+"));
        assertThat(code).as(command + ": " + err).isIn(0, 1);
        return out.toString();
    }

    private static String withoutTime(String text) {
        return text.replaceAll("generated \\S+\n$", "generated TIME\n");
    }

    private static List<String> severities(JsonNode findings) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : findings) out.add(f.get("severity").asText());
        return out;
    }

    private static void assertInOrder(String s, String... parts) {
        int at = -1;
        for (String part : parts) {
            int i = s.indexOf(part, at + 1);
            assertThat(i).as("'%s' after position %d in:\n%s", part, at, s).isGreaterThan(at);
            at = i;
        }
    }
}
