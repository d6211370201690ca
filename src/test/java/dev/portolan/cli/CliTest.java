package dev.portolan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI in-process: exit codes, messages, atomic output; never System.exit. */
class CliTest {
    static final String HEALTHY = "samples/clientmanager-manager-healthy/netstat-ano.txt";

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void versionAndHelpOnEveryCommand() {
        assertThat(run("--version").out()).startsWith("portolan ");
        for (String[] cmd : new String[][] {{"audit"}, {"catalog"}, {"catalog", "list"}, {"catalog", "lookup"}, {"catalog", "lint"},
                {"catalog", "conflicts"}, {"flows"}}) {
            String[] args = new String[cmd.length + 1];
            System.arraycopy(cmd, 0, args, 0, cmd.length);
            args[cmd.length] = "--help";
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", cmd)).isZero();
            assertThat(r.out()).contains("Usage: portolan " + String.join(" ", cmd));
            args[cmd.length] = "--version";
            assertThat(run(args).out()).as(String.join(" ", cmd)).startsWith("portolan ");
        }
        assertThat(run("audit", "--help").out()).contains("Exit codes:").contains("--fail-on");
    }

    @Test
    void usageErrorsAreExit2WithAClearMessage() {
        Run r = run("audit", "--role", "clientmanager:boss", HEALTHY);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown role 'clientmanager:boss'").contains("clientmanager:manager");
        assertThat(run("audit", "--fail-on", "sometimes", HEALTHY).err()).contains("bad --fail-on 'sometimes'");
        assertThat(run("audit", "--format", "pdf", HEALTHY).err()).contains("pdf");
        assertThat(run("audit", "--set", "noequals", HEALTHY).err()).contains("bad --set 'noequals'");
        assertThat(run("audit").code()).isEqualTo(2);
    }

    @Test
    void failOnDecidesTheExitCode() {
        String dp = "samples/desktop-patrol-unknown-listener/netstat-ano.txt";
        assertThat(run("audit", "--role", "desktop-patrol:ds", dp).code()).isZero();
        assertThat(run("audit", "--role", "desktop-patrol:ds", "--fail-on", "warning", dp).code()).isEqualTo(1);
        assertThat(run("audit", "--role", "desktop-patrol:ds", "--fail-on", "never", "--format", "json", dp).code()).isZero();
    }

    @Test
    void anUnreadableFileIsExit2ButTheOthersAreStillReported(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.bin");
        Files.write(junk, new byte[] {0, 1, 2, 3, (byte) 0xff, 0x7f, 0, 0});
        Path report = Files.createDirectories(dir.resolve("out")).resolve("report.json");
        Run r = run("audit", "--role", "clientmanager:manager", HEALTHY, junk.toString(), dir.resolve("missing.txt").toString(),
                "-o", report.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("junk.bin: not a recognised input").contains("missing.txt: no such file");
        String json = Files.readString(report, StandardCharsets.UTF_8);
        assertThat(json).contains("\"code\": \"EXPECTED\"").contains("INPUT_PROBLEM").contains("junk.bin");
        try (var s = Files.list(report.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("report.json");
        }
    }

    @Test
    void outputFormatFollowsTheExtension(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("ticket.md");
        assertThat(run("audit", "--role", "clientmanager:manager", HEALTHY, "-o", md.toString()).code()).isZero();
        assertThat(Files.readString(md)).startsWith("# portolan report");
        Path sarif = dir.resolve("scan.sarif.json");
        run("audit", "--role", "clientmanager:manager", HEALTHY, "-o", sarif.toString());
        assertThat(Files.readString(sarif)).contains("\"version\": \"2.1.0\"");
    }

    @Test
    void catalogCommands() {
        Run lookup = run("catalog", "lookup", "3000/tcp");
        assertThat(lookup.code()).isZero();
        assertThat(lookup.out()).contains("cm-06").contains("sp-03");
        assertThat(run("catalog", "lookup", "5010").out()).contains("sp-04").contains("fallback of 5005");
        assertThat(run("catalog", "lookup", "1").code()).isEqualTo(1);
        assertThat(run("catalog", "lookup", "banana").code()).isEqualTo(2);
        assertThat(run("catalog", "list", "--product", "serverprotect", "--format", "csv").out().lines().count()).isEqualTo(14);
        assertThat(run("catalog", "list", "--product", "nope").code()).isEqualTo(2);
        assertThat(run("catalog", "lint").code()).isZero();
        Run badLint = run("catalog", "lint", "--alone", "src/test/resources/catalog/bad");
        assertThat(badLint.code()).isEqualTo(1);
        assertThat(badLint.out()).contains("broken.csv:4");
        assertThat(run("catalog", "conflicts").out()).contains("tcp/3000").contains("cm-06").contains("sp-03");
    }

    @Test
    void batchModeAuditsEachFolderAsAHost(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("collected");
        Files.createDirectories(dir.resolve("mgr01"));
        Files.createDirectories(dir.resolve("ds01"));
        Files.copy(Path.of(HEALTHY), dir.resolve("mgr01/netstat.txt"));
        Files.copy(Path.of("samples/desktop-patrol-unknown-listener/netstat-ano.txt"), dir.resolve("ds01/netstat.txt"));
        Path manifest = tmp.resolve("hosts.csv");
        Files.writeString(manifest, "host,addresses,os,roles,settings\nmgr01,10.0.0.5,windows,clientmanager:manager,clientmanager.version=4.33\n"
                + "ds01,10.1.0.20,windows,desktop-patrol:ds,\n");
        Run r = run("audit", "--batch", "--hosts", manifest.toString(), "--fail-on", "warning", "--format", "jsonl", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("\"host\":\"mgr01\"").contains("\"host\":\"ds01\"");
        assertThat(r.out().lines().filter(l -> l.contains("UNKNOWN_LISTENER"))).singleElement().asString().contains("ds01").contains("8080");
    }

    @Test
    void aCaptureWithAManifestGivesEveryHostItsOwnReport() throws Exception {
        Run r = run("audit", "--hosts", "samples/deliverymanager-capture/hosts.csv", "--format", "json",
                "samples/deliverymanager-capture/deliverymanager.pcap");
        assertThat(r.code()).as(r.err()).isZero();
        var hosts = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()).get("hosts");
        java.util.Map<String, java.util.List<String>> codes = new java.util.TreeMap<>();
        hosts.forEach(h -> {
            java.util.List<String> l = new java.util.ArrayList<>();
            h.get("findings").forEach(f -> l.add(f.get("code").asText() + ":" + f.get("port").asText()));
            codes.put(h.get("host").asText(), l);
        });
        assertThat(codes.keySet()).containsExactly("dm-agent", "dm-manager");
        // each flow is reported once: by its responder's host
        assertThat(codes.get("dm-manager")).contains("EXPECTED:4091").doesNotContain("DIRECTION_MISMATCH:4091");
        assertThat(codes.get("dm-agent")).contains("EXPECTED:4093", "EXPECTED:4095", "EXPECTED:4096", "DIRECTION_MISMATCH:4091");
    }

    @Test
    void aCaptureWithInferredRolesNamesHostsByAddress() {
        Run r = run("audit", "--infer-roles", "--format", "jsonl", "samples/deliverymanager-capture/deliverymanager.pcap");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"host\":\"192.0.2.20\"").contains("\"code\":\"EXPECTED\"");
    }
}
