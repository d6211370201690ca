package dev.portolan.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portolan.batch.FleetSummary;
import dev.portolan.batch.HostResult;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Protocol;
import dev.portolan.model.Severity;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet page and ticket built host by host: counts and groups, the embedded host table, the size bounds
 * (details beyond them go to side pages / an attachment), and the page's script in real headless Chromium.
 */
class FleetReportTest {
    static final int HOSTS = 2500;

    /** Host i: 30 EXPECTED; every 7th an error (MISSING_LISTENER tcp/31300); every 17th an UNKNOWN_LISTENER tcp/4444. */
    static HostResult host(int i) {
        List<Finding> f = new ArrayList<>();
        for (int k = 0; k < 30; k++) {
            f.add(Finding.of(FindingCode.EXPECTED).proto(Protocol.TCP).port(1000 + k).address("0.0.0.0").product("os-windows").role("host")
                    .message("OS baseline").evidence(Evidence.ofLine("n.txt", k + 5, "  TCP    0.0.0.0:" + (1000 + k))).build());
        }
        if (i % 7 == 0) {
            f.add(Finding.of(FindingCode.MISSING_LISTENER).proto(Protocol.TCP).port(31300).product("clientmanager").role("manager")
                    .message("expected listener tcp/31300 is absent <script>alert(1)</script>").build());
        }
        if (i % 17 == 0) {
            f.add(Finding.of(FindingCode.UNKNOWN_LISTENER).proto(Protocol.TCP).port(4444).address("0.0.0.0").message("unknown")
                    .evidence(Evidence.ofLine("n.txt", 44, "  TCP    0.0.0.0:4444  LISTENING  6666")).build());
        }
        return new HostResult(String.format("h%05d", i), i % 4 == 3 ? "linux" : "windows", null,
                i % 4 == 3 ? List.of() : List.of("clientmanager:manager"), f, List.of(), List.of(), false);
    }

    static FleetReport.End write(FleetReport r, Path out, Severity threshold) throws IOException {
        FleetSummary s = new FleetSummary(threshold);
        for (int i = 0; i < HOSTS; i++) {
            HostResult h = host(i);
            s.add(h, 0);
            r.host(h, List.of());
        }
        FleetReport.End end = new FleetReport.End(s, null, List.of(), List.of(), List.of(), Instant.parse("2026-11-30T05:00:00Z"), "test", out);
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            r.end(end, w);
        }
        r.close();
        return end;
    }

    @Test
    void htmlPageSummarisesGroupsAndEmbedsOneCompactRowPerHost(@TempDir Path dir) throws IOException {
        Path page = dir.resolve("fleet.html");
        write(new FleetHtmlRenderer(Severity.ERROR), page, Severity.ERROR);
        String html = Files.readString(page);
        int failing = (HOSTS + 6) / 7; // i % 7 == 0 for 0..2499
        assertThat(html).contains("FAIL: " + failing + " of 2500 hosts have findings at or above error")
                .contains("<span id=\"host-count\">2500</span>")
                .contains("<td>UNKNOWN_LISTENER tcp/4444</td><td class=\"n\">" + ((HOSTS + 16) / 17) + "</td>")
                .contains("<td>MISSING_LISTENER tcp/31300 clientmanager:manager</td><td class=\"n\">" + failing + "</td>")
                .doesNotContain("<script>alert(1)")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"host-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).isTrue();
        JsonNode rows = new ObjectMapper().readTree(m.group(1));
        assertThat(rows.size()).isEqualTo(HOSTS);
        assertThat(rows.get(7).toString()).isEqualTo("[\"h00007\",\"linux\",\"\",4,1,0,0,30,0,1,\"h00007\"]");
        // details only for failing hosts; EXPECTED rows are counted, not listed
        assertThat(count(html, "<section class=\"detail\"")).isEqualTo(failing);
        assertThat(html).contains("info: 30 finding(s) collapsed (EXPECTED 30)").doesNotContain("OS baseline</td>");
        assertThat(Files.size(page)).isLessThan(3L << 20);
    }

    @Test
    void markdownTicketStaysWithinItsBoundAndNamesTheAttachment(@TempDir Path dir) throws IOException {
        Path md = dir.resolve("ticket.md");
        write(new FleetMarkdownRenderer(Severity.WARNING), md, Severity.WARNING);
        String ticket = Files.readString(md);
        assertThat(ticket.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(FleetMarkdownRenderer.MAX_BYTES);
        assertThat(ticket).startsWith("# portolan fleet report\n\n**FAIL: ");
        Path attachment = dir.resolve("ticket-details.md");
        assertThat(ticket).contains("see the attachment `ticket-details.md`");
        int failing = 0;
        for (int i = 0; i < HOSTS; i++) if (i % 7 == 0 || i % 17 == 0) failing++;
        assertThat(count(ticket, "\n### ") + count(Files.readString(attachment), "\n### ")).isEqualTo(failing);
        // failing hosts first: the errors come before the hosts that only have a warning
        assertThat(ticket).contains("### h00000").doesNotContain("### h00017");
        assertThat(Files.readString(attachment)).contains("### h00017");
    }

    @Test
    void sidePagesAndAttachmentGetTheUmaskModeAndReplaceWhatWasThere(@TempDir Path dir) throws Exception {
        java.nio.file.attribute.PosixFileAttributeView posix = Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class);
        org.junit.jupiter.api.Assumptions.assumeTrue(posix != null, "POSIX permissions");
        Path page = dir.resolve("fleet.html");
        Path side = dir.resolve("fleet-hosts");
        Files.createDirectories(side);
        Files.writeString(side.resolve("stale.html"), "from an earlier run");
        write(new FleetHtmlRenderer(Severity.ERROR, 20_000), page, Severity.ERROR);
        int failing = (HOSTS + 6) / 7;
        String html = Files.readString(page);
        int inline = count(html, "<section class=\"detail\"");
        try (var files = Files.list(side)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .hasSize(failing - inline).contains("h00357.html").doesNotContain("stale.html");
        }
        assertThat(html).contains("have their detail on a page of its own in <code>fleet-hosts/</code>");
        // the mode a plain mkdir and a plain file get here (the umask's), not the 0700 of a temporary folder
        Path probeDir = Files.createDirectory(dir.resolve("probe-dir"));
        Path probeFile = Files.writeString(dir.resolve("probe-file"), "x");
        assertThat(Files.getPosixFilePermissions(side)).isEqualTo(Files.getPosixFilePermissions(probeDir));
        assertThat(Files.getPosixFilePermissions(side.resolve("h00357.html"))).isEqualTo(Files.getPosixFilePermissions(probeFile));

        Path md = dir.resolve("ticket.md");
        write(new FleetMarkdownRenderer(Severity.WARNING), md, Severity.WARNING);
        Path attachment = dir.resolve("ticket-details.md");
        assertThat(Files.getPosixFilePermissions(attachment)).isEqualTo(Files.getPosixFilePermissions(probeFile));
        try (var files = Files.list(dir)) { // nothing half-written left beside them
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList()).isEmpty();
        }
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) n++;
        return n;
    }

    static Path chromium() {
        for (String c : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
            if (Files.isExecutable(Paths.get(c))) return Paths.get(c);
        }
        return null;
    }

    static String chrome(Path browser, Path dir, String url, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--user-data-dir=" + dir.resolve("profile"), "--virtual-time-budget=5000", "--enable-logging=stderr", "--v=0"));
        cmd.addAll(List.of(extra));
        if (extra.length == 0) cmd.add("--dump-dom");
        cmd.add(url);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        String log = Files.readString(err);
        // console messages of the page (errors, uncaught exceptions) are logged as "CONSOLE(...)"
        assertThat(log).as("console messages").doesNotContain("CONSOLE(").doesNotContain("Uncaught");
        return Files.readString(out);
    }

    @Test
    void theHostTableFiltersAndPagesInHeadlessChromium(@TempDir Path dir) throws Exception {
        Path browser = chromium();
        Assumptions.assumeTrue(browser != null, "chromium is not installed (apt-get install chromium); skipping the browser test");
        Path page = dir.resolve("fleet.html");
        write(new FleetHtmlRenderer(Severity.ERROR), page, Severity.ERROR);
        String url = page.toUri().toString();

        String dom = chrome(browser, dir, url);
        assertThat(dom).contains("data-ready=\"1\"").contains("<pre id=\"js-errors\" hidden=\"\"></pre>");
        assertThat(dom).contains("data-matching=\"2500\" data-page=\"1\">page 1 of 50 · 2500 of 2500 hosts match");
        assertThat(count(dom, "class=\"host-row")).isEqualTo(50);
        // failing hosts first
        assertThat(count(dom, "class=\"host-row sev-error\"")).isEqualTo(50);

        String filtered = chrome(browser, dir, url + "#q=h001&sev=error");
        int expected = 0;
        for (int i = 100; i < 200; i++) if (i % 7 == 0) expected++;
        assertThat(filtered).contains("data-matching=\"" + expected + "\"");
        assertThat(count(filtered, "class=\"host-row")).isEqualTo(expected);

        String paged = chrome(browser, dir, url + "#sort=host&desc=0&page=3&size=25");
        assertThat(paged).contains("page 3 of 100 · 2500 of 2500 hosts match");
        assertThat(count(paged, "class=\"host-row")).isEqualTo(25);
        assertThat(paged).contains(">h00050</").contains(">h00074</").doesNotContain(">h00075</");

        Path shots = Paths.get("target", "screenshots");
        Files.createDirectories(shots);
        chrome(browser, dir, url + "#q=h00&sev=warning", "--window-size=1300,2200",
                "--screenshot=" + shots.resolve("fleet-report.png").toAbsolutePath());
        assertThat(Files.size(shots.resolve("fleet-report.png"))).isGreaterThan(10_000);
    }
}
