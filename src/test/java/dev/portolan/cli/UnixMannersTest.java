package dev.portolan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static dev.portolan.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** '-' and pipes as inputs, -o by extension (repeatable, '-' = stdout), errors that say why and suggest. */
class UnixMannersTest {
    static final String HEALTHY = CliTest.HEALTHY;
    static final String CAPTURE = "samples/deliverymanager-capture/deliverymanager.pcap";
    static final String FW_DIR = "samples/desktop-patrol-cs-firewall-drop/";

    static CliTest.Run withStdin(byte[] stdin, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin));
        try {
            return run(args);
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void dashReadsStandardInput() throws Exception {
        CliTest.Run r = withStdin(Files.readAllBytes(Path.of(HEALTHY)), "audit", "--role", "clientmanager:manager", "--format", "json", "-");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"host\": \"stdin\"")
                .contains("\"file\": \"stdin\",\n          \"format\": \"netstat\",\n          \"variant\": \"windows-netstat\",\n"
                        + "          \"records\": 40,\n          \"listeners\": 32,\n          \"connections\": 4,");
        CliTest.Run file = run("audit", "--role", "clientmanager:manager", "--format", "json", HEALTHY);
        assertThat(r.out().replaceAll("\"generated\": \"[^\"]*\"", "").replace("\"stdin\"", "\"F\""))
                .isEqualTo(file.out().replaceAll("\"generated\": \"[^\"]*\"", "").replace("\"" + HEALTHY + "\"", "\"F\"").replace("\"" + HEALTHY + ":", "\"stdin:")
                        .replace("\"clientmanager-manager-healthy\"", "\"F\""));
    }

    @Test
    void aGzippedCaptureOnStandardInputIsReadWithoutSeeking() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(gz)) {
            z.write(Files.readAllBytes(Path.of(CAPTURE)));
        }
        CliTest.Run r = withStdin(gz.toByteArray(), "flows", "--format", "csv", "-");
        assertThat(r.code()).isZero();
        assertThat(r.out().lines().skip(1).findFirst().orElseThrow()).isEqualTo(
                "stdin,tcp,192.0.2.20,49801,192.0.2.10,4091,handshake,2024-04-01T09:00:00.000000Z,2024-04-01T09:00:00.013500Z,0.013500,6,262,4,167,SF,1 2 3 4 5");
        assertThat(r.out().lines().count()).isEqualTo(run("flows", "--format", "csv", CAPTURE).out().lines().count());
    }

    @Test
    void aFifoFirewallLogIsReadSequentiallyEvenWithThreads(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("pfirewall.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        byte[] log = Files.readAllBytes(Path.of(FW_DIR + "pfirewall.log"));
        Thread writer = new Thread(() -> {
            try (OutputStream o = Files.newOutputStream(fifo)) {
                o.write(log);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        CliTest.Run r = run("audit", "--role", "desktop-patrol:cs", "--host", "10.1.0.10", "--threads", "2", "--format", "csv", fifo.toString());
        writer.join(10_000);
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("10.1.0.10,error,BLOCKED_EXPECTED,tcp,2856,10.1.0.10,10.1.0.20 10.1.0.21,desktop-patrol");
    }

    @Test
    void oneAuditRendersToEveryOutputByItsExtension(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("r.html");
        Path sarif = dir.resolve("r.sarif");
        Path json = dir.resolve("r.json");
        CliTest.Run r = run("audit", "--role", "clientmanager:manager", HEALTHY, "-o", html.toString(), "-o", sarif.toString(),
                "-o", json.toString(), "-o", "-");
        assertThat(r.code()).isZero();
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>");
        assertThat(Files.readString(sarif)).contains("\"version\": \"2.1.0\"").contains("\"name\": \"portolan\"");
        assertThat(Files.readString(json)).contains("\"tool\": \"portolan\"").contains("\"code\": \"EXPECTED\"");
        String alone = run("audit", "--role", "clientmanager:manager", HEALTHY).out();
        assertThat(r.out().replaceAll("20\\d\\d-\\d\\d-\\d\\dT[0-9:.]+Z", "T")).isEqualTo(alone.replaceAll("20\\d\\d-\\d\\d-\\d\\dT[0-9:.]+Z", "T"));
        assertThat(r.err()).isEqualTo("portolan: wrote " + html + " (24 finding(s))\nportolan: wrote " + sarif
                + " (24 finding(s))\nportolan: wrote " + json + " (24 finding(s))\n");
    }

    @Test
    void flowsPicksTheFormatFromTheExtension(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("x.csv");
        Path jsonl = dir.resolve("x.jsonl");
        assertThat(run("flows", CAPTURE, "-o", csv.toString(), "-o", jsonl.toString()).code()).isZero();
        assertThat(Files.readAllLines(csv).get(0)).startsWith("file,proto,orig_h,orig_p,resp_h,resp_p,initiator");
        assertThat(Files.readAllLines(jsonl).get(0)).startsWith("{\"file\":");
    }

    @Test
    void outputMistakesAreUsageErrorsBeforeAnyWork(@TempDir Path dir) {
        CliTest.Run pdf = run("audit", "--role", "clientmanager:manager", HEALTHY, "-o", dir.resolve("r.pdf").toString());
        assertThat(pdf.code()).isEqualTo(2);
        assertThat(pdf.err()).startsWith("portolan: -o " + dir.resolve("r.pdf") + ": the extension names no format (use .csv, .html, "
                + ".json, .jsonl, .xml, .md, .sarif.json, .txt), or give --format\n");
        CliTest.Run flowsPdf = run("flows", CAPTURE, "-o", dir.resolve("x.pdf").toString());
        assertThat(flowsPdf.code()).isEqualTo(2);
        assertThat(flowsPdf.err()).startsWith("portolan: -o " + dir.resolve("x.pdf") + ": the extension names no format (use .txt, .csv, .json, .jsonl)");
        CliTest.Run missing = run("audit", "--role", "clientmanager:manager", HEALTHY, "-o", dir.resolve("no/r.md").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).startsWith("portolan: -o " + dir.resolve("no/r.md") + ": the folder " + dir.resolve("no")
                + " does not exist (create it first)\n");
        assertThat(run("audit", "--role", "clientmanager:manager", HEALTHY, "-o", dir.toString()).err())
                .startsWith("portolan: -o " + dir + ": is a directory (give a file name inside it)\n");
        assertThat(run("audit", "--role", "clientmanager:manager", HEALTHY, "-o", dir.resolve("r.html").toString(), "--format", "md").err())
                .startsWith("portolan: -o " + dir.resolve("r.html") + " names the format html but --format says md");
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void badNumbersAreRefused() {
        CliTest.Run threads = run("audit", "--role", "clientmanager:manager", "--threads", "0", HEALTHY);
        assertThat(threads.code()).isEqualTo(2);
        assertThat(threads.err()).startsWith("portolan: bad --threads 0 (expected 1 or more)\n");
        CliTest.Run eph = run("audit", "--role", "clientmanager:manager", "--ephemeral", "5000", HEALTHY);
        assertThat(eph.code()).isEqualTo(2);
        assertThat(eph.err()).startsWith("portolan: bad --ephemeral '5000' (expected LOW-HIGH within 1024-65535, e.g. 49152-65535)\n");
        assertThat(run("audit", "--role", "clientmanager:manager", "--ephemeral", "60000-50000", HEALTHY).code()).isEqualTo(2);
        assertThat(run("audit", "--role", "clientmanager:manager", "--ephemeral", "49152-65535", HEALTHY).code()).isZero();
    }

    @Test
    void errorsSayWhyAndSuggest(@TempDir Path dir) {
        CliTest.Run rol = run("audit", "--rol", "clientmanager:manager", HEALTHY);
        assertThat(rol.code()).isEqualTo(2);
        assertThat(rol.err()).startsWith("portolan: Unknown option: '--rol'\nPossible solutions: --role\n");
        CliTest.Run hosts = run("audit", "--hosts", dir.resolve("hosts.csv").toString(), HEALTHY);
        assertThat(hosts.code()).isEqualTo(2);
        assertThat(hosts.err()).isEqualTo("portolan: " + dir.resolve("hosts.csv") + ": no such file\n");
        CliTest.Run input = run("audit", "--role", "clientmanager:manager", HEALTHY, dir.resolve("gone.txt").toString());
        assertThat(input.code()).isEqualTo(2);
        assertThat(input.err()).isEqualTo("portolan: " + dir.resolve("gone.txt") + ": no such file\n");
        CliTest.Run flowsDir = run("flows", dir.toString());
        assertThat(flowsDir.code()).isEqualTo(2);
        assertThat(flowsDir.err()).isEqualTo("portolan flows: " + dir + ": a folder with no file in it\n");
    }
}
