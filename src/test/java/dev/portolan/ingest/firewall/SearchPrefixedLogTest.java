package dev.portolan.ingest.firewall;

import dev.portolan.model.FirewallAction;
import dev.portolan.model.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.portolan.ingest.firewall.FirewallTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A firewall log as a search printed it — Select-String -Path (a Windows path and the line number before every line),
 * findstr /n, grep -n, grep -H over pfirewall.log and pfirewall.log.old — was "not a recognised input". Read now with the
 * same flows as the lines without their prefixes, in one piece or in chunks.
 */
class SearchPrefixedLogTest {
    @TempDir
    Path dir;

    private static List<String> flows(FirewallLog log) {
        List<String> out = new ArrayList<>();
        for (Flow f : log.result().flows()) {
            StringBuilder sb = new StringBuilder(f.describe()).append(' ').append(f.direction()).append(' ').append(f.firstMicros())
                    .append('-').append(f.lastMicros()).append(" bytes=").append(f.bytes());
            for (FirewallAction a : FirewallAction.values()) sb.append(' ').append(f.actionCount(a));
            f.evidence().forEach(e -> sb.append(" @").append(e.line()));
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void selectStringAndGrepOutputReadsAsTheLinesItMatched() throws Exception {
        List<String> lines = Files.readAllLines(corpus("BetaHydri-ParseFirewallLog-pfirewall.log"), StandardCharsets.ISO_8859_1);
        // the header and the DROP lines, as 'Select-String -Pattern "^#|DROP"' matches them, with and without the prefix
        StringBuilder plain = new StringBuilder();
        StringBuilder selectString = new StringBuilder("\n");
        StringBuilder findstr = new StringBuilder();
        StringBuilder catN = new StringBuilder();
        int kept = 0;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.startsWith("#") && !l.contains(" DROP ")) continue;
            plain.append(l).append('\n');
            selectString.append("C:\\Windows\\System32\\LogFiles\\Firewall\\pfirewall.log:").append(i + 1).append(':').append(l).append('\n');
            findstr.append(i + 1).append(':').append(l).append('\n');
            kept++;
            // cat -n numbers every line it shows, a blank one too
            catN.append(String.format("%6d\t%s%n", kept * 2 - 1, l)).append(String.format("%6d\t%n", kept * 2));
        }
        assertThat(kept).isGreaterThan(1000);
        long matched = kept;
        FirewallLog bare = read(Files.writeString(dir.resolve("plain.log"), plain, StandardCharsets.ISO_8859_1));
        assertThat(bare.result().flows()).isNotEmpty();
        Path ss = dir.resolve("select-string.txt");
        // Windows PowerShell's '>' writes UTF-16LE with a byte-order mark
        Files.write(ss, ("\uFEFF" + selectString).getBytes(StandardCharsets.UTF_16LE));
        Path fs = Files.writeString(dir.resolve("findstr.txt"), findstr, StandardCharsets.ISO_8859_1);
        Path cn = Files.writeString(dir.resolve("cat-n.txt"), catN, StandardCharsets.ISO_8859_1);
        for (Path p : new Path[] {ss, fs, cn}) {
            assertThat(FirewallLogReader.sniff(Files.readAllBytes(p))).as(p.toString()).isTrue();
            for (FirewallLogReader.Options o : new FirewallLogReader.Options[] {sequential(), parallel(3)}) {
                FirewallLog prefixed = read(p, o);
                assertThat(prefixed.result().problemCount()).as(p.toString()).isEqualTo(bare.result().problemCount());
                // the same flows; evidence lines are the prefixed file's own (one blank line first in Select-String's)
                List<String> expected = flows(bare);
                List<String> got = flows(prefixed);
                assertThat(got).hasSameSizeAs(expected);
                long numbered = p == cn ? 2 * matched : matched; // cat -n's blank lines count too
                assertThat(prefixed.stats().searchPrefixedLines()).isEqualTo(numbered);
                assertThat(prefixed.result().notes()).anySatisfy(n -> assertThat(n).startsWith(numbered + " lines read after a search tool's prefix"));
                assertThat(strip(got)).isEqualTo(strip(expected));
            }
        }
    }

    /** Flows without their evidence line numbers (the files number their lines differently). */
    private static List<String> strip(List<String> flows) {
        return flows.stream().map(f -> f.replaceAll(" @\\d+", "")).toList();
    }

    @Test
    void grepOverTheLogAndItsOldCopyNamesEachFile() throws Exception {
        String grepH = "pfirewall.log.old:2024-03-01 10:00:00 DROP TCP 10.0.0.9 10.0.0.5 50000 445 52 S 1 0 64240 - - - RECEIVE\n"
                + "pfirewall.log:2024-03-02 10:00:00 DROP TCP 10.0.0.9 10.0.0.5 50001 445 52 S 2 0 64240 - - - RECEIVE\n";
        FirewallLog log = read(Files.writeString(dir.resolve("grep.txt"), grepH));
        assertThat(log.result().problems()).isEmpty();
        assertThat(log.result().flows()).hasSize(2).allSatisfy(f -> assertThat(f.respPort()).isEqualTo(445));
        // a line that only looks prefixed stays a problem; a sentence someone wrote under the log is text (a header line)
        FirewallLog other = read(Files.writeString(dir.resolve("other.txt"), "2024-03-01 10:00:00 DROP TCP 10.0.0.9 10.0.0.5 50000 445 52 S 1 0 64240 - - - RECEIVE\n"
                + "note: 10:00 the scan started\n"
                + "ticket: #1 in the queue\n"));
        assertThat(problemLines(other)).containsExactly(2L);
        assertThat(other.result().flows()).hasSize(1);
    }
}
