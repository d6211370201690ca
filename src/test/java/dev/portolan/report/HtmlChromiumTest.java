package dev.portolan.report;

import dev.portolan.cli.Main;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real sample reports rendered to HTML and loaded in headless Chromium: the banner and counts as a browser
 * shows them ({@code --dump-dom}), no token broken across lines and no evidence line wrapped on screen (measured
 * in the page by a harness script, {@code chromium/layout-check.js}, run on a copy of the report), the print
 * layout (the print CSS applied to a copy, and a real {@code --print-to-pdf} whose text must hold every evidence
 * token whole). Screenshots and PDFs are kept under {@code target/screenshots/} for people to look at. Skipped,
 * with the reason, where Chromium is not installed ({@code apt-get install chromium}); the PDF text check also
 * needs {@code pdftotext} (poppler-utils).
 */
class HtmlChromiumTest {
    private static final Path OUT = Path.of("target", "screenshots");
    private static String chromium;
    /** One fresh profile for the class: a new one per run costs seconds of start-up each. */
    private static Path profile;

    @BeforeAll
    static void findChromium() throws IOException {
        chromium = onPath("chromium", "chromium-browser", "google-chrome");
        Files.createDirectories(OUT);
        profile = Files.createTempDirectory("portolan-chromium");
    }

    @Test
    void failingHostShowsTheRedBannerTheProblemFirstAndWholeEvidenceLines() throws Exception {
        assumeChromium();
        Path html = audit("dp-drop", "--role", "desktop-patrol:cs", "--host", "10.1.0.10",
                "samples/desktop-patrol-cs-firewall-drop/netstat-ano.txt", "samples/desktop-patrol-cs-firewall-drop/pfirewall.log");
        Layout screen = checkLayout(html, "dp-drop", false);
        String dom = screen.dom();
        assertThat(text(first(dom, "<div class=\"banner fail\">(.*?)</div>")))
                .isEqualTo("FAIL (fail-on error) 1 error, 0 warning, 6 notice, 22 info");
        assertThat(text(first(dom, "<ol class=\"todo\">\\s*(<li>.*?</li>)")))
                .isEqualTo("BLOCKED_EXPECTED tcp/2856: add an inbound firewall exception for tcp/2856 on 10.1.0.10: the catalog says it needs one (firewall_exception: yes)");
        // the host's six RPC listeners tcp/49664-49669 differ only in their port: one step for the six problems
        assertThat(count(first(dom, "<ol class=\"todo\">(.*?)</ol>"), "<li>")).isEqualTo(2);
        assertThat(text(first(dom, "<ol class=\"todo\">\\s*<li>.*?</li>\\s*(<li>.*?</li>)")))
                .isEqualTo("EPHEMERAL_LISTENER (2-7) on 6 ports (tcp/49664 tcp/49665 tcp/49666 tcp/49667 tcp/49668 …): confirm the"
                        + " process on each of them with netstat -anob; nothing to do if it is the service named");
        // verdict, then what to do, then the problem, then expected behaviour collapsed, then the host's facts
        assertInOrder(dom, "class=\"banner fail\"", "<ol class=\"todo\">", "id=\"host-1-1\"",
                "<details class=\"collapsed\"><summary>Expected behaviour: 22 findings (EXPECTED 20, NOT_OBSERVED 2)</summary>",
                "<h3>Host</h3>");
        assertThat(screen.brokenTokens()).isEmpty();
        assertThat(screen.evidenceLines()).isEqualTo(listedEvidence(dom)).isGreaterThanOrEqualTo(6);
        assertThat(screen.wrappedEvidence()).isEmpty();
        screenshot(html, "dp-drop");

        Layout print = checkLayout(html, "dp-drop", true);
        assertThat(print.brokenTokens()).isEmpty();
        // A4 is narrower than the firewall lines: in print they wrap (at spaces) instead of being cut off
        assertThat(print.wrappedEvidence()).contains(
                "samples/desktop-patrol-cs-firewall-drop/pfirewall.log:14  2026-11-20 09:00:35 DROP TCP 10.1.0.21 10.1.0.10 61021 2856 52 S 1093455 0 64240 - - - RECEIVE 4");
        pdfHoldsEveryEvidenceToken(html, "dp-drop", List.of(
                "samples/desktop-patrol-cs-firewall-drop/pfirewall.log:14  2026-11-20 09:00:35 DROP TCP 10.1.0.21 10.1.0.10 61021 2856 52 S 1093455 0 64240 - - - RECEIVE 4",
                "samples/desktop-patrol-cs-firewall-drop/netstat-ano.txt:18    TCP    0.0.0.0:2856           0.0.0.0:0              LISTENING       2712"));
    }

    @Test
    void passingJapaneseDumpWithEverythingListedShowsTheGreenBanner() throws Exception {
        assumeChromium();
        Path html = audit("ja-show-info", "--infer-roles", "--show", "info", "samples/japanese-cp932/netstat-ano-ja.txt");
        Layout screen = checkLayout(html, "ja-show-info", false);
        String dom = screen.dom();
        assertThat(text(first(dom, "<div class=\"banner pass\">(.*?)</div>")))
                .isEqualTo("PASS (fail-on error) 0 error, 0 warning, 6 notice, 18 info");
        assertThat(dom).doesNotContain("<details class=\"collapsed\"").doesNotContain("banner fail");
        assertThat(count(dom, "<article class=\"finding sev-info\"")).isEqualTo(18);
        assertThat(count(dom, "<article class=\"finding sev-notice\"")).isEqualTo(6);
        assertThat(screen.brokenTokens()).isEmpty();
        assertThat(screen.evidenceLines()).isEqualTo(listedEvidence(dom)).isGreaterThanOrEqualTo(24);
        assertThat(screen.wrappedEvidence()).isEmpty();
        screenshot(html, "ja-show-info");
    }

    @Test
    void fleetPageLeadsWithTheRunVerdict() throws Exception {
        assumeChromium();
        Path html = OUT.resolve("fleet-fixture.html");
        Files.writeString(html, RendererGoldenTest.render(new HtmlRenderer(), ReportFixtures.fixture()), StandardCharsets.UTF_8);
        Layout screen = checkLayout(html, "fleet-fixture", false);
        String dom = screen.dom();
        assertThat(text(first(dom, "<div class=\"banner fail\" id=\"verdict\">(.*?)</div>")))
                .isEqualTo("FAIL 2 hosts, 2 failing (fail-on error): 3 error, 4 warning, 0 notice, 7 info");
        assertInOrder(dom, "id=\"verdict\"", "<table class=\"fleet\">", "id=\"host-1\"", "id=\"host-2\"");
        assertThat(screen.brokenTokens()).isEmpty();
        assertThat(screen.wrappedEvidence()).isEmpty();
        screenshot(html, "fleet-fixture");
    }

    // ---- helpers

    private static void assumeChromium() {
        Assumptions.assumeTrue(chromium != null,
                "headless Chromium checks skipped: no chromium on PATH (Debian: apt-get install chromium)");
    }

    /** Runs {@code portolan audit ARGS -o target/screenshots/NAME.html} in-process. */
    private static Path audit(String name, String... args) {
        Path html = OUT.resolve(name + ".html");
        List<String> all = new ArrayList<>(List.of("audit"));
        all.addAll(Arrays.asList(args));
        all.addAll(List.of("-o", html.toString()));
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), all.toArray(String[]::new));
        assertThat(code).as(err.toString()).isIn(0, 1);
        return html;
    }

    /** What the harness measured, and the DOM as the browser built it. */
    private record Layout(List<String> brokenTokens, int evidenceLines, List<String> wrappedEvidence, String dom) {
    }

    /**
     * Loads a copy of the report with the harness script appended (and, for {@code print}, its print rules applied
     * to the screen at A4 width) and reads what the script measured.
     */
    private static Layout checkLayout(Path html, String name, boolean print) throws Exception {
        String page = Files.readString(html, StandardCharsets.UTF_8);
        String script;
        try (InputStream in = HtmlChromiumTest.class.getResourceAsStream("/chromium/layout-check.js")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (print) {
            assertThat(page).contains("@media print{");
            page = page.replace("@media print{", "@media all{");
        }
        page = page.replace("</body>", "<script>\n" + script + "</script>\n</body>");
        Path copy = OUT.resolve(name + (print ? "-print-check.html" : "-check.html"));
        Files.writeString(copy, page, StandardCharsets.UTF_8);
        // 794 px = A4 at 96 dpi: the width the print layout has to fit
        String dom = run(List.of("--window-size=" + (print ? "794,2000" : "1280,2000"), "--dump-dom", uri(copy)));
        if (print) run(List.of("--window-size=794,2000", "--screenshot=" + OUT.resolve(name + "-print.png").toAbsolutePath(), uri(copy)));
        Matcher body = Pattern.compile("<body ([^>]*)>").matcher(dom);
        assertThat(body.find()).as("body in dumped DOM").isTrue();
        String attrs = body.group(1);
        return new Layout(jsonStrings(attr(attrs, "data-broken-tokens")), Integer.parseInt(attr(attrs, "data-evidence-lines")),
                jsonStrings(attr(attrs, "data-wrapped-evidence")), dom);
    }

    private static void screenshot(Path html, String name) throws Exception {
        Path png = OUT.resolve(name + ".png").toAbsolutePath();
        Files.deleteIfExists(png);
        run(List.of("--window-size=1280,2000", "--screenshot=" + png, uri(html)));
        assertThat(png).exists();
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }

    /** Prints to PDF; where pdftotext exists, every token of each given evidence line must be in the PDF's text, whole. */
    private static void pdfHoldsEveryEvidenceToken(Path html, String name, List<String> evidenceLines) throws Exception {
        Path pdf = OUT.resolve(name + ".pdf").toAbsolutePath();
        Files.deleteIfExists(pdf);
        run(List.of("--no-pdf-header-footer", "--print-to-pdf=" + pdf, uri(html)));
        byte[] head = Arrays.copyOf(Files.readAllBytes(pdf), 5);
        assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        String pdftotext = onPath("pdftotext");
        Assumptions.assumeTrue(pdftotext != null, "PDF text check skipped: no pdftotext (Debian: apt-get install poppler-utils)");
        Process p = new ProcessBuilder(pdftotext, pdf.toString(), "-").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Set<String> tokens = new HashSet<>(Arrays.asList(text.split("\\s+")));
        for (String line : evidenceLines) {
            for (String token : line.trim().split("\\s+")) assertThat(tokens).as("PDF token of: " + line).contains(token);
        }
    }

    private static String run(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as("chromium exit code for " + args).isZero();
        return out;
    }

    private static String uri(Path p) {
        return p.toAbsolutePath().toUri().toString();
    }

    private static String onPath(String... names) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String n : names) {
                File f = new File(dir, n);
                if (f.isFile() && f.canExecute()) return f.getPath();
            }
        }
        return null;
    }

    private static String first(String s, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(s);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }

    /** Text content of an HTML fragment: tags dropped, the few entities we write decoded, whitespace collapsed. */
    private static String text(String fragment) {
        return unescape(fragment.replaceAll("<[^>]*>", "")).replaceAll("\\s+", " ").trim();
    }

    private static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'").replace("&amp;", "&");
    }

    private static String attr(String attrs, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(attrs);
        assertThat(m.find()).as(name).isTrue();
        return unescape(m.group(1));
    }

    /** A JSON array of strings as written by the harness (no escapes needed for report tokens but quotes). */
    private static List<String> jsonStrings(String json) throws IOException {
        List<String> out = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode n : new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)) {
            out.add(n.asText());
        }
        return out;
    }

    private static void assertInOrder(String s, String... parts) {
        int at = -1;
        for (String part : parts) {
            int i = s.indexOf(part, at + 1);
            assertThat(i).as("'%s' after position %d", part, at).isGreaterThan(at);
            at = i;
        }
    }

    /** Evidence lines outside closed {@code <details>} (the harness measures only what is laid out). */
    private static int listedEvidence(String dom) {
        return count(dom.replaceAll("(?s)<details class=\"collapsed\">.*?</details>", ""), "<span class=\"ev\">");
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) n++;
        return n;
    }
}
