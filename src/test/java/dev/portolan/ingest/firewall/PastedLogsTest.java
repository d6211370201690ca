package dev.portolan.ingest.firewall;

import dev.portolan.model.FirewallAction;
import dev.portolan.model.Flow;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.portolan.ingest.firewall.FirewallTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Firewall logs as people paste them in pages, notes and issue threads (fixtures/firewall/pasted/SOURCES.md): the text
 * around the log is no record and no problem, the log's records are read as in the log file itself, in one piece or in
 * chunks.
 */
class PastedLogsTest {

    private static Path pasted(String name) {
        return fixture("pasted/" + name);
    }

    /**
     * The read of a paste, the same in one piece and in chunks (a #Fields header indented in a Markdown list was no header
     * to the chunks after the first: their rows were read as header-less).
     */
    private static FirewallLog readBothWays(Path file) throws IOException {
        assertThat(FirewallLogReader.sniff(Files.readAllBytes(file))).as(file.toString()).isTrue();
        FirewallLog one = read(file, sequential());
        assertThat(fingerprint(read(file, parallel(3)))).isEqualTo(fingerprint(one));
        return one;
    }

    private static Flow flow(FirewallLog log, String describe) {
        List<Flow> found = log.result().flows().stream().filter(f -> f.describe().equals(describe)).toList();
        assertThat(found).as(describe).hasSize(1);
        return found.get(0);
    }

    /**
     * A Microsoft Learn page in Chinese or Korean introduces the log with a list item of that script: read as its
     * characters (UTF-8), it is text; read a byte at a time, it was neither text nor a record, and the page was "not a
     * recognised input". The one row the page cut before its path field stays a problem; the other device's log after it
     * (sentences with a date) is text too.
     */
    @Test
    void aListItemInChineseOrKoreanBeforeTheLogIsText() throws IOException {
        for (String name : new String[] {"mslearn-zhcn-list-item-indented-fence.txt", "mslearn-ko-list-item-fence-then-hw-log.md"}) {
            FirewallLog log = readBothWays(pasted(name));
            assertThat(log.stats().fieldsHeaders()).as(name).isEqualTo(1);
            assertThat(log.stats().dataLines()).as(name).isEqualTo(13);
            assertThat(log.result().problems()).as(name).singleElement().satisfies(p -> {
                assertThat(p.evidence().line()).isEqualTo(12L);
                assertThat(p.message()).contains("expected 17 fields as the #Fields header says, found 15");
            });
            assertThat(log.result().flows()).as(name).hasSize(8);
            Flow mdns = flow(log, "udp 5.5.3.197:5353 -> 224.0.0.251:5353");
            assertThat(mdns.actionCount(FirewallAction.DROP)).isEqualTo(1);
            assertThat(flow(log, "udp [fe80::3680:dff:fe01:9e8b]:5353 -> [ff02::fb]:5353").actionCount(FirewallAction.DROP)).isEqualTo(4);
        }
    }

    /**
     * Numbered text around a log ("3. Normal or malicious" before it, "1. The OS of this log is Windows." after it) starts
     * with a digit, but not as a record's date does: text, not a header-less row of the wrong field count (the paste
     * that starts with one was "not a recognised input", the answers after the other were three problems).
     */
    @Test
    void numberedTextAroundALogIsText() throws IOException {
        for (String name : new String[] {"notes-headerless-fence-numbered-answers.md", "exercise-fence-details-numbered-answers.md"}) {
            FirewallLog log = readBothWays(pasted(name));
            assertThat(log.result().problems()).as(name).isEmpty();
            assertThat(log.stats().dataLines()).as(name).isEqualTo(20);
            assertThat(log.stats().headerlessLines()).as(name).isEqualTo(20);
            assertThat(log.result().flows()).as(name).hasSize(9);
            Flow pings = flow(log, "icmp 192.168.56.3:0 -> 192.168.56.7:8");
            assertThat(pings.actionCount(FirewallAction.DROP)).isEqualTo(6);
            // logged once as sent, once as received: a flow each way
            assertThat(log.result().flows()).filteredOn(f -> f.describe().equals("udp 127.0.0.1:63778 -> 239.255.255.250:1900"))
                    .hasSize(2).allSatisfy(f -> assertThat(f.actionCount(FirewallAction.ALLOW)).isEqualTo(1));
        }
    }

    /**
     * Text around a log that is no sentence and no command, and no record nor a piece of one: a Windows path alone (an
     * answer after the log), a program's version lines before it ("2022/07/12 21:34:49 BuildDate: 2022-07-11_11:44:08",
     * whose date after a colon was taken for a search tool's prefix), a Markdown table of the fields. The pastes were "not a
     * recognised input" or had these lines as problems. A greeting alone before a log ("Hi") no longer keeps the paste
     * from being recognised, and is text before the log has begun (it was a problem too until 2026-12-03); a word alone
     * between two records stays a problem, and so do the lines of the commenter's parser that hold a record's words.
     */
    @Test
    void textThatCanBeNoRecordAroundALogIsText() throws IOException {
        FirewallLog thm = readBothWays(pasted("thm-notes-gc-more-then-answers-path.md"));
        assertThat(thm.result().problems()).isEmpty();
        assertThat(thm.stats().dataLines()).isEqualTo(12);
        assertThat(thm.result().flows()).hasSize(12);
        assertThat(flow(thm, "tcp 192.168.0.202:58427 -> 192.168.0.231:3389").actionCount(FirewallAction.ALLOW)).isEqualTo(1);

        FirewallLog version = readBothWays(pasted("issue-version-block-then-example-log.md"));
        assertThat(version.stats().dataLines()).isEqualTo(7);
        assertThat(version.result().flows()).hasSize(4);
        assertThat(flow(version, "tcp 192.168.122.1:53978 -> 192.168.122.71:47001").actionCount(FirewallAction.DROP)).isEqualTo(1);
        // the row the excerpt cut is the one problem
        assertThat(version.result().problems()).singleElement().satisfies(p -> {
            assertThat(p.evidence().line()).isEqualTo(23L);
            assertThat(p.evidence().text()).isEqualTo("2022-07-11 21:03:55 DROP TCP 192.168");
        });

        FirewallLog table = readBothWays(pasted("ko-notes-header-record-table.md"));
        assertThat(table.result().problems()).isEmpty();
        assertThat(table.result().variant()).isEqualTo("pfirewall-pid");
        assertThat(table.result().flows()).singleElement()
                .satisfies(f -> assertThat(f.describe()).isEqualTo("tcp 192.168.1.239:57261 -> 172.66.147.243:80"));

        FirewallLog greeting = readBothWays(pasted("issue-comment-greeting-sample-then-yaml.md"));
        assertThat(greeting.stats().dataLines()).isEqualTo(8);
        assertThat(greeting.result().flows()).hasSize(7);
        assertThat(flow(greeting, "tcp 94.232.47.52:28126 -> 10.12.13.14:3390").actionCount(FirewallAction.DROP)).isEqualTo(2);
        assertThat(problemLines(greeting)).containsExactly(25L, 27L);
    }

    /**
     * Another firewall's log that also starts each line with a date, an action and a protocol, with "host:port" where a
     * Windows record has its addresses: not taken for a Windows Firewall log, now that text before it no longer stops the
     * sniffer.
     */
    @Test
    void anotherFirewallsLogIsNoWindowsFirewallLog() throws IOException {
        assertThat(FirewallLogReader.sniff(Files.readAllBytes(pasted("siem-notes-other-firewall-log.md")))).isFalse();
    }

    /**
     * A #Fields header and a record wrapped onto a second line by a page's layout (a book's page), or a whole log folded
     * at 80 columns as a narrow window or mail does: the header's rest (field names it lacks) and a record's rest (its
     * missing fields, "- - SEND") are read with the line before. The book's header was read with 9 fields and its record
     * as two problems; the folded log had every record as two problems.
     */
    @Test
    void aHeaderOrRecordWrappedOntoTheNextLineIsReadWhole(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        FirewallLog book = readBothWays(pasted("book-wrapped-header-and-record.txt"));
        assertThat(book.result().problems()).isEmpty();
        assertThat(book.stats().dataLines()).isEqualTo(1);
        assertThat(book.result().flows()).singleElement().satisfies(f -> {
            assertThat(f.describe()).isEqualTo("udp 10.1.7.30:1522 -> 255.255.255.255:14000");
            assertThat(f.bytes()).isEqualTo(104);
            assertThat(f.evidence()).singleElement().satisfies(e -> assertThat(e.line()).isEqualTo(15L));
        });
        assertThat(book.result().notes()).anySatisfy(n -> assertThat(n).startsWith("1 record(s) read from two lines each"));

        String log = Files.readString(corpus("rafaelnett-Lab_03-pfirewall.log"), java.nio.charset.StandardCharsets.ISO_8859_1);
        FirewallLog bare = read(corpus("rafaelnett-Lab_03-pfirewall.log"));
        StringBuilder folded = new StringBuilder();
        for (String line : log.split("\r?\n")) {
            // a mail or an editor wraps at the last blank before column 80
            String rest = line;
            while (rest.length() > 80) {
                int at = rest.lastIndexOf(' ', 80);
                folded.append(rest, 0, at).append('\n');
                rest = rest.substring(at);
            }
            folded.append(rest).append('\n');
        }
        FirewallLog narrow = readBothWays(Files.writeString(dir.resolve("folded.txt"), folded, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(narrow.result().problemCount()).isEqualTo(bare.result().problemCount());
        assertThat(narrow.stats().dataLines()).isEqualTo(bare.stats().dataLines());
        assertThat(narrow.result().flows().stream().map(Flow::describe).toList())
                .isEqualTo(bare.result().flows().stream().map(Flow::describe).toList());

        // a terminal wraps at its last column, inside a word ("… 53 0 - - - - - " and "- - SEND", "… - - - S" and "END"):
        // a word cut inside a record's missing fields is put together again (the lines here are cut before their last
        // field; one cut inside it, after a full count, is not told from a record with a short path word)
        StringBuilder hard = new StringBuilder();
        for (String line : log.split("\\r?\\n")) {
            int last = line.lastIndexOf(' ');
            if (line.length() > 80 && last < 80) continue;
            for (int i = 0; i < line.length(); i += 80) hard.append(line, i, Math.min(line.length(), i + 80)).append('\n');
        }
        FirewallLog terminal = readBothWays(Files.writeString(dir.resolve("terminal.txt"), hard, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(terminal.result().notes()).anySatisfy(n -> assertThat(n).contains("record(s) read from two lines each"));
        assertThat(terminal.result().problems()).allSatisfy(p -> assertThat(p.message()).startsWith("invalid destination address"));
        assertThat(terminal.stats().dataLines()).isGreaterThan(200);
    }

    /**
     * A record its author cut short with "..." after the fields that mattered (a write-up): read by the fields before the
     * ellipsis, which hold the addresses and ports; its path is unknown, so its direction is. It was a problem ("found
     * 10" fields). A row cut without one (the docs' row that lost its path field) stays a problem.
     */
    @Test
    void aRecordCutShortWithAnEllipsisIsReadByItsFirstFields() throws IOException {
        FirewallLog log = readBothWays(pasted("writeup-one-record-elided.md"));
        assertThat(log.result().problems()).isEmpty();
        assertThat(log.stats().dataLines()).isEqualTo(1);
        assertThat(log.result().flows()).singleElement().satisfies(f -> {
            assertThat(f.describe()).isEqualTo("tcp 192.168.163.6:56875 -> 192.168.163.4:445");
            assertThat(f.actionCount(FirewallAction.ALLOW)).isEqualTo(1);
            assertThat(f.direction()).isEqualTo(dev.portolan.model.Direction.UNKNOWN);
            assertThat(f.evidence()).singleElement().satisfies(e -> assertThat(e.line()).isEqualTo(6L));
        });
        assertThat(log.result().notes()).anySatisfy(n -> assertThat(n).startsWith("1 record(s) cut short with an ellipsis"));
        assertThat(log.result().notes()).anySatisfy(n -> assertThat(n).contains("(17 fields; the standard layout)"));
    }

    /**
     * A record with its author's note written after its last field ("… SEND 4696    ->>> This is it we found it.", lab
     * notes): read as the record, the note left out, and said in a note. It was a problem (found 25 fields, 18 expected)
     * and the one flow the notes are about was lost.
     */
    @Test
    void aNoteWrittenAfterARecordIsNoField(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        FirewallLog log = readBothWays(pasted("lab-notepad-note-after-record.md"));
        assertThat(log.result().problems()).isEmpty();
        assertThat(log.result().variant()).isEqualTo("pfirewall-pid");
        assertThat(log.result().flows()).singleElement().satisfies(f -> {
            assertThat(f.describe()).isEqualTo("tcp 10.0.2.15:63033 -> 1.1.1.1:443");
            assertThat(f.actionCount(FirewallAction.DROP)).isEqualTo(1);
            assertThat(f.direction()).isEqualTo(dev.portolan.model.Direction.OUTBOUND);
        });
        assertThat(log.result().notes()).anySatisfy(n -> assertThat(n).startsWith("1 record(s) with a note written after"));
        // the same note after a header-less record
        Path headerless = Files.writeString(dir.resolve("headerless.txt"),
                "2026-09-14 21:48:01 DROP TCP 10.0.2.15 1.1.1.1 63033 443 0 - 0 0 0 - - - SEND 4696\n"
                        + "2026-09-14 21:48:02 DROP TCP 10.0.2.15 1.1.1.1 63034 443 0 - 0 0 0 - - - SEND 4696    <-- this one too\n");
        FirewallLog bare = readBothWays(headerless);
        assertThat(bare.result().problems()).isEmpty();
        assertThat(bare.result().flows()).hasSize(2);
        assertThat(bare.result().notes()).anySatisfy(n -> assertThat(n).contains("(18 fields"));
    }

    /**
     * A sample log in a PowerShell here-string ({@code $FirewallLogTemplate = @'} … {@code '@}) in a blog post, its header
     * lines without their '#' ("Fields: date time …"): the string's end is markup, as three quotes are, and the lines
     * without '#' are text; the records are read (the one with a template's stray brace in its port stays a problem). It
     * was "not a recognised input" (its lines without '#' stopped the sniffer), then the string's end was a problem.
     */
    @Test
    void aLogInAPowerShellHereStringIsRead() throws IOException {
        FirewallLog log = readBothWays(pasted("blog-powershell-here-string-sample.md"));
        assertThat(log.stats().dataLines()).isEqualTo(3);
        assertThat(log.result().problems()).singleElement().satisfies(p -> {
            assertThat(p.evidence().line()).isEqualTo(10L);
            assertThat(p.message()).startsWith("bad port '5355}'");
        });
        assertThat(flow(log, "icmp 10.32.72.58:0 -> 10.96.101.190:0").actionCount(FirewallAction.DROP)).isEqualTo(2);
        assertThat(flow(log, "tcp 10.98.32.233:60164 -> 10.96.105.191:1434").actionCount(FirewallAction.DROP)).isEqualTo(1);
    }
}
