package dev.portolan.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portolan.model.AuditReport;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.HostReport;
import dev.portolan.model.Severity;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.portolan.report.RendererGoldenTest.render;
import static org.assertj.core.api.Assertions.assertThat;

/** Parses each format back with an independent reader and checks fields, counts and escaping. */
class RendererStructureTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Object[]> cases() {
        return ReportFixtures.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyFormatCarriesTheSameFindings(String name, AuditReport report) throws Exception {
        int n = report.findingCount();
        int aboveInfo = 0;
        for (HostReport h : report.hosts()) for (Finding f : h.findings()) if (f.severity() != Severity.INFO) aboveInfo++;
        ReportOptions all = ReportOptions.DEFAULTS.withMinSeverity(Severity.INFO);
        // display formats list findings from the display threshold up (default notice; --show info: all) ...
        for (ReportOptions o : List.of(ReportOptions.DEFAULTS, all)) {
            int listed = o == all ? n : aboveInfo;
            assertThat(countText(render(new TextRenderer(o), report))).as("text").isEqualTo(listed);
            assertThat(countMarkdown(render(new MarkdownRenderer(o), report))).as("md").isEqualTo(listed);
            String html = render(new HtmlRenderer(o), report);
            assertThat(count(html, "<article class=\"finding ")).as("html, collapsed ones inside <details>").isEqualTo(n);
            assertThat(count(html, "<article class=\"finding sev-info")).as("html info").isEqualTo(n - aboveInfo);
            assertThat(JSON.readTree(render(new SarifRenderer(o), report)).at("/runs/0/results").size()).as("sarif").isEqualTo(listed);
            assertThat(count(render(new JunitRenderer(o), report), "<testcase classname=\"")).as("junit")
                    .isEqualTo(listed + junitSummaryCases(report, o));
            // ... data formats keep every finding whatever the display threshold
            assertThat(parseCsv(render(new CsvRenderer(o), report))).as("csv").hasSize(n);
            JsonNode json = JSON.readTree(render(new JsonRenderer(o), report));
            int jsonFindings = 0;
            for (JsonNode h : json.get("hosts")) jsonFindings += h.get("findings").size();
            assertThat(jsonFindings).as("json").isEqualTo(n);
            String jsonl = render(new JsonLinesRenderer(o), report);
            assertThat(count(jsonl, "\"code\":")).as("jsonl").isEqualTo(n).isEqualTo(count(jsonl, "\n"));
        }
    }

    /** Per host one passing case for the collapsed findings, or for "no findings". */
    private static int junitSummaryCases(AuditReport report, ReportOptions o) {
        int n = 0;
        for (HostReport h : report.hosts()) {
            if (h.findings().isEmpty() || o.collapsedCount(h.findings()) > 0) n++;
        }
        return n;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void jsonHasTheDocumentedFields(String name, AuditReport report) throws Exception {
        JsonNode root = JSON.readTree(render(new JsonRenderer(), report));
        assertThat(root.get("tool").asText()).isEqualTo("portolan");
        assertThat(root.get("version").asText()).isEqualTo(report.toolVersion());
        assertThat(root.get("generated").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(root.get("summary").isObject()).isTrue();
        assertThat(root.get("hosts").size()).isEqualTo(report.hosts().size());
        for (int i = 0; i < report.hosts().size(); i++) {
            HostReport hr = report.hosts().get(i);
            JsonNode h = root.get("hosts").get(i);
            assertThat(h.get("host").asText()).isEqualTo(hr.host().name());
            for (String field : List.of("os", "addresses", "roles", "settings", "summary", "findings", "listeners",
                    "services", "inputs")) {
                assertThat(h.has(field)).as(field).isTrue();
            }
            // raw flows only when they were asked for
            assertThat(h.has("flows")).isEqualTo(!hr.flows().isEmpty());
            assertThat(h.get("services").size()).isEqualTo(hr.services().size());
            for (int j = 0; j < hr.findings().size(); j++) {
                Finding f = hr.findings().get(j);
                JsonNode jf = h.get("findings").get(j);
                assertThat(jf.get("code").asText()).isEqualTo(f.code().name());
                assertThat(jf.get("severity").asText()).isEqualTo(f.severity().label());
                assertThat(jf.get("message").asText()).isEqualTo(f.message());
                assertThat(jf.get("port").isNull()).isEqualTo(f.port() < 0);
                assertThat(jf.get("evidence").size()).isEqualTo(f.evidence().size());
                for (int k = 0; k < f.evidence().size(); k++) {
                    Evidence e = f.evidence().get(k);
                    JsonNode je = jf.get("evidence").get(k);
                    assertThat(je.get("file").asText()).isEqualTo(e.file());
                    assertThat(je.get("text").asText()).isEqualTo(e.text());
                    assertThat(je.has("line")).isEqualTo(e.line() > 0);
                    assertThat(je.has("packet")).isEqualTo(e.packet() > 0);
                }
            }
        }
    }

    @Test
    void jsonServicesUseZeekNamesAndIsoTimes() throws Exception {
        JsonNode services = JSON.readTree(render(new JsonRenderer(), ReportFixtures.fixture())).at("/hosts/1/services");
        assertThat(services.size()).isEqualTo(2);
        JsonNode dropped = services.get(0);
        assertThat(dropped.get("orig_h").asText()).isEqualTo("192.168.10.21");
        assertThat(dropped.get("orig_p").asText()).isEqualTo("49152-60999");
        assertThat(dropped.get("resp_p").asInt()).isEqualTo(2856);
        assertThat(dropped.get("first_ts").asText()).isEqualTo("2024-05-01T09:31:02.000000Z");
        assertThat(dropped.at("/actions/DROP").asInt()).isEqualTo(2);
        assertThat(dropped.get("dropped").asBoolean()).isTrue();
        assertThat(dropped.get("flows").asInt()).isEqualTo(1);
        assertThat(dropped.get("packets").asInt()).isEqualTo(2);
        JsonNode captured = services.get(1);
        assertThat(captured.has("actions")).isFalse();
        assertThat(captured.get("orig_p").asInt()).isEqualTo(2921);
        assertThat(captured.get("last_ts").asText()).isEqualTo("2024-05-01T09:32:10.252000Z");
        assertThat(captured.get("answered").asBoolean()).isTrue();
    }

    @Test
    void jsonLinesAreOneObjectPerFindingWithHost() throws Exception {
        String out = render(new JsonLinesRenderer(), ReportFixtures.hostile());
        List<String> hosts = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (String line : out.split("\n")) {
            JsonNode o = JSON.readTree(line);
            hosts.add(o.get("host").asText());
            kinds.add(o.get("code").asText() + " " + o.get("host_verdict").asText() + " " + o.get("fails").asBoolean());
        }
        String evil = "<script>alert(1)</script>";
        assertThat(hosts).containsExactly(evil, evil, "=cmd|' /C calc'!A0");
        assertThat(kinds).containsExactly("INPUT_PROBLEM FAIL true", "UNKNOWN_LISTENER FAIL false", "EXPECTED PASS false");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sarifHasRulesResultsAndLocations(String name, AuditReport report) throws Exception {
        ReportOptions showAll = ReportOptions.DEFAULTS.withMinSeverity(Severity.INFO);
        JsonNode root = JSON.readTree(render(new SarifRenderer(showAll), report));
        assertThat(root.get("version").asText()).isEqualTo("2.1.0");
        assertThat(root.get("$schema").asText()).contains("sarif-2.1.0");
        JsonNode run = root.at("/runs/0");
        assertThat(run.at("/tool/driver/name").asText()).isEqualTo("portolan");
        assertThat(run.at("/tool/driver/version").asText()).isEqualTo(report.toolVersion());
        JsonNode rules = run.at("/tool/driver/rules");
        // a rule per finding code, in code order, so a result's ruleIndex is known before the hosts are seen
        assertThat(rules.size()).isEqualTo(dev.portolan.model.FindingCode.values().length);
        for (dev.portolan.model.FindingCode c : dev.portolan.model.FindingCode.values()) {
            assertThat(rules.get(c.ordinal()).get("id").asText()).isEqualTo(c.name());
        }
        for (JsonNode rule : rules) {
            assertThat(rule.at("/shortDescription/text").asText()).isNotEmpty();
            assertThat(rule.at("/defaultConfiguration/level").asText()).isIn("error", "warning", "note");
            assertThat(rule.at("/help/text").asText()).startsWith("What to do: ").doesNotContain("{");
        }
        List<Finding> all = new ArrayList<>();
        for (HostReport h : report.hosts()) all.addAll(Labels.ordered(h.findings()));
        JsonNode results = run.get("results");
        for (int i = 0; i < all.size(); i++) {
            Finding f = all.get(i);
            JsonNode r = results.get(i);
            assertThat(r.get("ruleId").asText()).isEqualTo(f.code().name());
            assertThat(rules.get(r.get("ruleIndex").asInt()).get("id").asText()).isEqualTo(f.code().name());
            assertThat(r.get("level").asText()).isEqualTo(SarifRenderer.level(f.severity()));
            assertThat(r.at("/message/text").asText()).endsWith("\nWhat to do: " + Advice.whatToDo(f));
            assertThat(r.at("/properties/host").isTextual()).isTrue();
            for (int k = 0; k < f.evidence().size(); k++) {
                Evidence e = f.evidence().get(k);
                JsonNode loc = r.get("locations").get(k);
                assertThat(loc.at("/physicalLocation/artifactLocation/uri").asText()).doesNotContain(" ", "\\", "<");
                if (e.line() > 0) assertThat(loc.at("/physicalLocation/region/startLine").asLong()).isEqualTo(e.line());
                if (e.packet() > 0) assertThat(loc.at("/properties/packet").asLong()).isEqualTo(e.packet());
            }
        }
    }

    @Test
    void sarifUrisAreUriReferences() {
        assertThat(SarifRenderer.uri("dumps/quail.txt")).isEqualTo("dumps/quail.txt");
        assertThat(SarifRenderer.uri("C:\\dumps\\my host.txt")).isEqualTo("file:///C:/dumps/my%20host.txt");
        assertThat(SarifRenderer.uri("/var/log/pf.log")).isEqualTo("file:///var/log/pf.log");
        assertThat(SarifRenderer.uri("logs/日 1.txt")).isEqualTo("logs/%E6%97%A5%201.txt");
        // a colon in a relative path would read as a URI scheme
        assertThat(SarifRenderer.uri("host:x/dump.txt")).isEqualTo("host%3Ax/dump.txt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void junitParsesAndItsCountsMatch(String name, AuditReport report) throws Exception {
        for (Severity failOn : new Severity[] {Severity.ERROR, Severity.WARNING, Severity.INFO, null}) {
            Document doc = xml(render(new JunitRenderer(failOn), report));
            Element root = doc.getDocumentElement();
            assertThat(root.getTagName()).isEqualTo("testsuites");
            int expectedFailures = 0;
            for (HostReport h : report.hosts())
                for (Finding f : h.findings()) {
                    // failures are listed findings (notice and up by default) at or above fail-on
                    if (failOn != null && f.severity().atLeast(failOn) && f.severity() != Severity.INFO) expectedFailures++;
                }
            assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(expectedFailures);
            NodeList suites = doc.getElementsByTagName("testsuite");
            // streamed host by host: the totals are the suites' (the root has none), and they add up
            int tests = 0;
            int failures = 0;
            for (int i = 0; i < suites.getLength(); i++) {
                tests += Integer.parseInt(((Element) suites.item(i)).getAttribute("tests"));
                failures += Integer.parseInt(((Element) suites.item(i)).getAttribute("failures"));
            }
            assertThat(tests).isEqualTo(count(render(new JunitRenderer(failOn), report), "<testcase "));
            assertThat(failures).isEqualTo(expectedFailures);
            assertThat(suites.getLength()).isEqualTo(report.hosts().size());
            for (int i = 0; i < suites.getLength(); i++) {
                Element suite = (Element) suites.item(i);
                HostReport h = report.hosts().get(i);
                assertThat(suite.getAttribute("name")).isEqualTo(h.host().name().replace("\u0000", ""));
                int listed = ReportOptions.DEFAULTS.problems(h.findings()).size();
                assertThat(suite.getElementsByTagName("testcase").getLength())
                        .isEqualTo(listed + (listed < h.findings().size() || h.findings().isEmpty() ? 1 : 0))
                        .isEqualTo(Integer.parseInt(suite.getAttribute("tests")));
                assertThat(suite.getElementsByTagName("failure").getLength())
                        .isEqualTo(Integer.parseInt(suite.getAttribute("failures")));
            }
        }
    }

    @Test
    void htmlHasNoMarkupFromInputs() throws IOException {
        String html = render(new HtmlRenderer(), ReportFixtures.hostile());
        // exactly one script element: the page's own filter script, after all content
        assertThat(count(html, "<script")).isEqualTo(1);
        assertThat(html.indexOf("<script>")).isGreaterThan(html.lastIndexOf("</section>"));
        // the advice names the hostile address: escaped like everything else
        assertThat(html).contains("find the process listening on tcp/4444 at -1+2");
        assertThat(html).doesNotContain("<img", "<i>", "alert(2)</script>", "\u0000", "\u001b")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "x:&lt;img src=x onerror=alert(3)&gt;");
        // self-contained: no external resources, only in-page links
        assertThat(html).doesNotContain("<link", "src=\"", "url(", "@import");
        assertThat(count(html, "href=\"")).isEqualTo(count(html, "href=\"#host-"));
    }

    /** What CSV cells show for the hostile fixture's control characters (line breaks and tabs stay in quoted cells). */
    private static String visibleControls(String s) {
        return s.replace("\u0000", "\\x00").replace("\u001b", "\\x1b").replace("\u0007", "\\x07");
    }

    @Test
    void csvCellsAreNeutralisedAndRoundTrip() throws IOException {
        AuditReport report = ReportFixtures.hostile();
        List<CSVRecord> records = parseCsv(render(new CsvRenderer(), report));
        List<Finding> all = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (HostReport h : report.hosts()) for (Finding f : Labels.ordered(h.findings())) { all.add(f); hosts.add(h.host().name()); }
        assertThat(records).hasSize(all.size());
        for (int i = 0; i < records.size(); i++) {
            CSVRecord r = records.get(i);
            for (String cell : r) {
                assertThat(cell).as("neutralised cell").doesNotStartWith("=").doesNotStartWith("+")
                        .doesNotStartWith("-").doesNotStartWith("@").doesNotStartWith("\t").doesNotStartWith("\r");
            }
            Finding f = all.get(i);
            assertThat(unquote(r.get("host"))).isEqualTo(hosts.get(i));
            assertThat(unquote(r.get("message"))).isEqualTo(visibleControls(f.message()));
            assertThat(unquote(r.get("address"))).isEqualTo(f.address() == null ? "" : f.address());
            assertThat(r.get("port")).isEqualTo(f.port() < 0 ? "" : Integer.toString(f.port()));
            assertThat(unquote(r.get("evidence_text"))).isEqualTo(f.evidence().isEmpty() ? "" : visibleControls(f.evidence().get(0).text()));
            assertThat(unquote(r.get("entry_id"))).isEqualTo(f.entryId() == null ? "" : f.entryId());
        }
        assertThat(records.get(1).get("evidence")).isEqualTo("C:\\dumps\\<b>&\"x\" y.txt:3; cap|`x`.pcap#1");
        assertThat(records.get(2).get("host")).isEqualTo("'=cmd|' /C calc'!A0");
    }

    @Test
    void textCollapsesExpectedBehaviourToCountsUnlessAsked() throws IOException {
        String text = render(new TextRenderer(), ReportFixtures.manyExpected(25));
        assertThat(text).contains("Expected behaviour, not listed (25 findings; --show info lists them):\n  EXPECTED 25");
        String all = render(new TextRenderer(ReportOptions.DEFAULTS.withMinSeverity(Severity.INFO)), ReportFixtures.manyExpected(25));
        assertThat(all).doesNotContain("not listed").contains("INFO (25)");
    }

    @Test
    void renderersNeverCloseTheCallersWriter() throws IOException {
        for (String name : Renderers.names()) {
            boolean[] closed = {false};
            StringWriter target = new StringWriter();
            FilterWriter w = new FilterWriter(target) {
                @Override
                public void close() {
                    closed[0] = true;
                }
            };
            Renderers.forName(name).render(ReportFixtures.fixture(), w);
            w.flush();
            assertThat(closed[0]).as(name).isFalse();
            assertThat(target.toString()).as(name).isNotEmpty();
        }
    }

    private static String unquote(String cell) {
        return cell.startsWith("'") ? cell.substring(1) : cell;
    }

    private static List<CSVRecord> parseCsv(String csv) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
        try (CSVParser p = CSVParser.parse(new StringReader(csv), format)) {
            assertThat(p.getHeaderNames()).containsExactlyElementsOf(CsvRenderer.COLUMNS);
            return p.getRecords();
        }
    }

    private static Document xml(String text) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Numbered finding headers of the text format ("  3. UNKNOWN_LISTENER …"), outside the "What to do:" lists. */
    static int countText(String text) {
        String withoutTodo = text.replaceAll("(?ms)^What to do:\n.*?\n\n", "");
        return count(withoutTodo, Pattern.compile("(?m)^  \\d+\\. [A-Z_]{6,}"));
    }

    /** Numbered, bold finding headers of the Markdown format ("**3. UNKNOWN_LISTENER tcp/5024**"). */
    static int countMarkdown(String md) {
        return count(md, Pattern.compile("(?m)^\\*\\*\\d+\\. [A-Z_]{6,}"));
    }

    private static int count(String s, String needle) {
        return count(s, Pattern.compile(Pattern.quote(needle)));
    }

    private static int count(String s, Pattern p) {
        Matcher m = p.matcher(s);
        int n = 0;
        while (m.find()) n++;
        return n;
    }
}
