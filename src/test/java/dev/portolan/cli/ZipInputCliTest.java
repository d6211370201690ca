package dev.portolan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static dev.portolan.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** A zip given as an input is read as a folder: the audit of one host, a batch of hosts, the flows command. */
class ZipInputCliTest {
    private static final String SAMPLE = "samples/desktop-patrol-unknown-listener/netstat-ano.txt";

    @TempDir
    Path dir;

    /** A zip of {@code files} (paths on disk) under the names given before each, plus notes no reader takes. */
    static void zip(Path out, Object... namesAndFiles) throws IOException {
        try (OutputStream o = Files.newOutputStream(out); ZipOutputStream z = new ZipOutputStream(o)) {
            for (int i = 0; i < namesAndFiles.length; i += 2) {
                z.putNextEntry(new ZipEntry((String) namesAndFiles[i]));
                Object f = namesAndFiles[i + 1];
                z.write(f instanceof Path p ? Files.readAllBytes(p) : ((String) f).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
    }

    private static List<JsonNode> lines(String jsonl) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        ObjectMapper m = new ObjectMapper();
        for (String l : jsonl.split("\n")) if (!l.isBlank()) out.add(m.readTree(l));
        return out;
    }

    @Test
    void aZippedDumpAuditsAsTheDumpItselfWithItsPlaceInTheArchiveAsEvidence() throws Exception {
        Path z = dir.resolve("support.zip");
        zip(z, "collected/netstat-ano.txt", Path.of(SAMPLE), "collected/notes.txt", "collected on Monday\n",
                "__MACOSX/collected/._netstat-ano.txt", "x");
        CliTest.Run plain = run("audit", "--role", "desktop-patrol:ds", "--fail-on", "warning", "--format", "jsonl", SAMPLE);
        CliTest.Run zipped = run("audit", "--role", "desktop-patrol:ds", "--fail-on", "warning", "--format", "jsonl", z.toString());
        assertThat(zipped.code()).isEqualTo(plain.code()).isEqualTo(1);
        List<JsonNode> f = lines(zipped.out());
        JsonNode unknown = f.stream().filter(n -> "UNKNOWN_LISTENER".equals(n.path("code").asText())).findFirst().orElseThrow();
        assertThat(unknown.get("port").asInt()).isEqualTo(8080);
        assertThat(unknown.get("evidence").get(0).get("file").asText()).isEqualTo(z + "!/collected/netstat-ano.txt");
        // named as a folder names a host: its folder in the archive, else the archive itself
        assertThat(unknown.get("host").asText()).isEqualTo("collected");
        Path flat = dir.resolve("ws-17.zip");
        zip(flat, "netstat-ano.txt", Path.of(SAMPLE));
        assertThat(lines(run("audit", "--role", "desktop-patrol:ds", "--format", "jsonl", flat.toString()).out()))
                .filteredOn(n -> "UNKNOWN_LISTENER".equals(n.path("code").asText()))
                .extracting(n -> n.get("host").asText()).containsExactly("ws-17");
        // the notes are passed over as a folder's would be (a notice), the resource fork is not read at all
        List<JsonNode> skips = f.stream().filter(n -> "INPUT_PROBLEM".equals(n.path("code").asText())
                && n.get("message").asText().startsWith("skipped while reading its folder: not a recognised input")).toList();
        assertThat(skips).hasSize(1);
        assertThat(skips.get(0).get("evidence").get(0).get("file").asText()).isEqualTo(z + "!/collected/notes.txt");
        assertThat(f).extracting(n -> n.toString()).noneMatch(m -> m.contains("__MACOSX"));
        assertThat(lines(plain.out()).stream().filter(n -> n.path("code").asText().equals("EXPECTED")).count())
                .isEqualTo(f.stream().filter(n -> n.path("code").asText().equals("EXPECTED")).count());
    }

    @Test
    void inABatchAZipIsAHostAsAFolderIs() throws Exception {
        Path collected = Files.createDirectories(dir.resolve("collected"));
        zip(collected.resolve("ws-01.zip"), "netstat-ano.txt", Path.of(SAMPLE));
        Files.createDirectories(collected.resolve("ws-02"));
        Files.copy(Path.of(SAMPLE), collected.resolve("ws-02/netstat-ano.txt"));
        CliTest.Run r = run("audit", "--batch", "--role", "desktop-patrol:ds", "--fail-on", "never", "--format", "jsonl",
                collected.toString());
        assertThat(r.code()).isZero();
        assertThat(lines(r.out())).filteredOn(n -> "UNKNOWN_LISTENER".equals(n.path("code").asText()))
                .extracting(n -> n.get("host").asText()).containsExactlyInAnyOrder("ws-01", "ws-02");
    }

    @Test
    void flowsReadsTheCapturesInAZipAndSaysWhatItPassedOver() throws Exception {
        Path cap = Path.of("../shared/corpus/pcap/tcpdump-dns_tcp.pcap");
        Path z = dir.resolve("captures.zip");
        zip(z, "a/dns.pcap", cap, "a/readme.txt", "captured on eth0\n");
        CliTest.Run r = run("flows", "--format", "csv", z.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains(z + "!/a/dns.pcap,tcp,192.168.1.11,33779,209.87.249.18,53,handshake");
        assertThat(r.err()).contains("portolan flows: warning: skipped: " + z + "!/a/readme.txt: not a recognised input");
        // a folder's files as the audit walks them; its other files are one warning per reason
        Path folder = java.nio.file.Files.createDirectories(dir.resolve("caps"));
        java.nio.file.Files.copy(cap, folder.resolve("dns.pcap"));
        for (String n : new String[] {"a.txt", "b.txt", "c.txt", "d.txt"}) java.nio.file.Files.writeString(folder.resolve(n), "notes\n");
        CliTest.Run f = run("flows", "--format", "csv", folder.toString());
        assertThat(f.code()).isZero();
        assertThat(f.out()).contains(folder.resolve("dns.pcap") + ",tcp,192.168.1.11,33779,209.87.249.18,53,handshake");
        assertThat(f.err()).isEqualTo("portolan flows: warning: 4 files skipped: not a recognised input (expected a netstat/ss dump,"
                + " a Windows Firewall log (pfirewall.log) or a pcap/pcapng capture; gzip is fine): " + folder.resolve("a.txt") + ", "
                + folder.resolve("b.txt") + ", " + folder.resolve("c.txt") + " and 1 more\n");
        // a file given by its path that is no input is an error, as before
        assertThat(run("flows", folder.resolve("a.txt").toString()).code()).isEqualTo(2);
        Path empty = dir.resolve("empty.zip");
        zip(empty);
        assertThat(run("flows", empty.toString()).code()).isEqualTo(2);
    }
}
