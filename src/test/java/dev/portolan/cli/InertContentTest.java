package dev.portolan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile content (terminal escapes, C1 controls, bidi overrides) from inputs stays inert in every output. */
class InertContentTest {
    /** OSC window title + BEL, CSI, C1 NEL and CSI, right-to-left override, an isolate. */
    static final String HOSTILE = "\u001b]0;owned\u0007 \u001b[2J \u0085\u009b31m \u202egnp.exe \u2066x\u2069";

    @TempDir
    Path dir;

    @Test
    void everyReportFormatAndStderrCarryNoRawControlCharacter() throws Exception {
        Path dump = Files.writeString(dir.resolve("dump\u001b[31m\u202e.txt"),
                "  Proto  Local Address          Foreign Address        State\r\n"
                        + "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING\r\n"
                        + "  TCP    0.0.0.0:4444           0.0.0.0:0              LISTENING\r\n"
                        + "garbage " + HOSTILE + "\r\n");
        Path notAnInput = Files.writeString(dir.resolve("x\u001b]0;t\u0007\u202e.bin"), "\u0000\u0001\u0002 binary");
        for (String format : List.of("text", "md", "csv", "json", "jsonl", "html", "sarif", "junit")) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new PrintWriter(out), new PrintWriter(err), "audit", dump.toString(), notAnInput.toString(),
                    "--os", "windows", "--host", "quail" + HOSTILE, "--fail-on", "never", "--format", format);
            assertThat(code).as(format + ": " + err).isEqualTo(2); // the binary file is unreadable
            assertThat(rawControls(out.toString())).as(format).isEmpty();
            assertThat(rawControls(err.toString())).as(format + " stderr").isEmpty();
            assertThat(out.toString()).as(format).contains("owned");
            if (format.equals("junit")) {
                // XML 1.0 forbids most C0 characters: the report must still parse
                javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(new ByteArrayInputStream(out.toString().getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    @Test
    void catalogListAndLookupShowOverlayTextInert() throws Exception {
        Path overlay = Files.createDirectories(dir.resolve("site"));
        Files.writeString(overlay.resolve("site.csv"), "id,product,role,port,protocol,initiator,source_port,conditions,fallback,"
                + "configurable,firewall_exception,required,purpose,source,notes\n"
                + "s1,sitex,server,40001,tcp,any,ephemeral,,,no,yes,yes,purpose " + HOSTILE + ",source " + HOSTILE + ",\n");
        for (String[] args : List.of(new String[] {"catalog", "list", "--catalog", overlay.toString(), "--product", "sitex"},
                new String[] {"catalog", "lookup", "--catalog", overlay.toString(), "40001"})) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            Main.run(new PrintWriter(out), new PrintWriter(err), args);
            assertThat(out.toString()).as(args[1]).contains("purpose \\x1b]0;owned\\x07 \\x1b[2J \\x85\\x9b31m \\u202egnp.exe");
            assertThat(rawControls(out.toString())).as(args[1]).isEmpty();
            assertThat(rawControls(err.toString())).as(args[1]).isEmpty();
        }
    }

    @Test
    void oneHugeTokenDoesNotAmplifyTheTextReport() throws Exception {
        StringBuilder sb = new StringBuilder("  Proto  Local Address          Foreign Address        State\r\n");
        for (int port = 20000; sb.length() < 248_000 - 100_000; port++) {
            sb.append("  TCP    0.0.0.0:").append(port).append("          0.0.0.0:0              LISTENING\r\n");
            if (port == 20100) sb.append("  TCP    ").append("a".repeat(100_000)).append(":8080   0.0.0.0:0   LISTENING\r\n");
        }
        Path dump = Files.writeString(dir.resolve("big-token.txt"), sb);
        StringWriter out = new StringWriter();
        Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "audit", dump.toString(), "--os", "linux",
                "--fail-on", "never");
        // every listener is a finding with an evidence line; the token is shown once, cut, and widens nothing
        assertThat(out.toString()).contains("a".repeat(40) + "…").doesNotContain("a".repeat(400));
        assertThat((double) out.toString().length() / sb.length()).isLessThan(3.0);
        // JSON keeps the full value
        StringWriter json = new StringWriter();
        Main.run(new PrintWriter(json), new PrintWriter(new StringWriter()), "audit", dump.toString(), "--os", "linux",
                "--fail-on", "never", "--format", "json");
        assertThat(json.toString()).contains("a".repeat(100_000));
    }

    /** Characters a terminal or viewer acts on: C0 except tab/LF/CR, DEL, C1, bidi embeddings/overrides/isolates. */
    static List<String> rawControls(String s) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F)
                    || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
                found.add(String.format("U+%04X at %d", (int) c, i));
            }
        }
        return found;
    }
}
