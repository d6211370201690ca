package dev.portolan.ingest.firewall;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static dev.portolan.ingest.firewall.FirewallTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

class FirewallSniffTest {

    private static boolean sniff(String s) {
        return FirewallLogReader.sniff(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void recognisesHeadersAndHeaderlessRecords() {
        assertThat(sniff("#Version: 1.5\n")).isTrue();
        assertThat(sniff("#Version: 1.5\n#Software: Microsoft Windows Firewall\n")).isTrue();
        assertThat(sniff("#Fields: date time action protocol src-ip dst-ip src-port dst-port\n")).isTrue();
        assertThat(sniff("2024-03-01 10:00:00 ALLOW UDP 10.0.0.5 10.0.0.1 53000 53 0 - - - - - - - SEND\n")).isTrue();
        assertThat(sniff("2024-03-01 10:00:00 ALLOW 2 10.0.0.1 224.0.0.1 - - 0 - - - - - - - RECEIVE\n")).isTrue();
    }

    @Test
    void recognisesEveryCorpusFileAndFixture() throws IOException {
        for (String f : new String[] {"BetaHydri-ParseFirewallLog-pfirewall.log", "balaji6894-Copilot-pfirewall-pid.log",
                "plaso-windows_firewall.log", "rafaelnett-Lab_03-pfirewall.log"}) {
            assertThat(FirewallLogReader.sniff(Files.readAllBytes(corpus(f)))).as(f).isTrue();
        }
        for (String f : new String[] {"utf16le-bom.log", "no-header.log", "nul-padding.log", "crlf.log"}) {
            assertThat(FirewallLogReader.sniff(Files.readAllBytes(fixture(f)))).as(f).isTrue();
        }
    }

    /**
     * A log pasted after the command that showed it ({@code type "C:\\…\\pfirewall.log"}, a prompt with {@code more},
     * {@code Get-Content} or {@code cat}), or as an indented block (a Markdown list, a quoted mail): recognised, and read
     * with the same flows and problems as the bare log, the command and its header lines as header lines, in one piece
     * or in chunks. Two such pastes from public notes (fixtures/firewall/SOURCES.md) too: one after the {@code type}
     * command that was "not a recognised input", one indented whose header lines were problems and whose #Fields line
     * was read as a record.
     */
    @Test
    void aLogPastedAfterItsCommandOrIndentedReadsAsTheLog(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        String log = Files.readString(corpus("rafaelnett-Lab_03-pfirewall.log"), StandardCharsets.ISO_8859_1);
        FirewallLog bare = read(corpus("rafaelnett-Lab_03-pfirewall.log"));
        String[] commands = {"type \"C:\\Windows\\System32\\LogFiles\\Firewall\\pfirewall.log\"",
                "C:\\Windows\\system32>more C:\\Windows\\System32\\LogFiles\\Firewall\\pfirewall.log",
                "PS C:\\> Get-Content $env:windir\\System32\\LogFiles\\Firewall\\pfirewall.log -Tail 50",
                "admin@fw-test:~$ cat pfirewall.log", "$ cat pfirewall.log",
                // the editor it was opened in (a lab's notes), and a title (a GitHub issue's "Example Log Input")
                "notepad C:\\Windows\\System32\\LogFiles\\Firewall\\pfirewall.log", "Example Log Input"};
        for (String command : commands) {
            java.nio.file.Path f = dir.resolve("after-command.txt");
            Files.writeString(f, command + "\n" + log, StandardCharsets.ISO_8859_1);
            assertThat(FirewallLogReader.sniff(Files.readAllBytes(f))).as(command).isTrue();
            for (FirewallLogReader.Options o : new FirewallLogReader.Options[] {sequential(), parallel(3)}) {
                FirewallLog pasted = read(f, o);
                assertThat(pasted.result().problemCount()).as(command).isEqualTo(bare.result().problemCount());
                assertThat(pasted.result().flows()).as(command).hasSameSizeAs(bare.result().flows());
                assertThat(pasted.stats().commentLines()).as(command).isEqualTo(bare.stats().commentLines() + 1);
            }
        }
        // a title before the log without its header (a real issue thread)
        java.nio.file.Path headerless = dir.resolve("headerless.txt");
        Files.writeString(headerless, "Example Log Input\n```\n" + log.replaceAll("(?m)^#.*\n", "") + "```\n", StandardCharsets.ISO_8859_1);
        assertThat(FirewallLogReader.sniff(Files.readAllBytes(headerless))).isTrue();
        assertThat(read(headerless).result().flows()).hasSameSizeAs(bare.result().flows());
        // text a person wrote before and after it (was "not a recognised input": the sniffer stopped at the sentence)
        java.nio.file.Path told = dir.resolve("with-text.txt");
        Files.writeString(told, "- In the support package, the firewall log is the `pfirewall.log` in the root folder. Here is an"
                + " example:\n" + log + "Thanks for any help!\n", StandardCharsets.ISO_8859_1);
        assertThat(FirewallLogReader.sniff(Files.readAllBytes(told))).isTrue();
        for (FirewallLogReader.Options o : new FirewallLogReader.Options[] {sequential(), parallel(3)}) {
            FirewallLog pasted = read(told, o);
            assertThat(pasted.result().problemCount()).isEqualTo(bare.result().problemCount());
            assertThat(pasted.result().flows()).hasSameSizeAs(bare.result().flows());
            assertThat(pasted.stats().commentLines()).isEqualTo(bare.stats().commentLines() + 2);
        }
        // a copy that joined the header and the records onto one line (a web page's excerpt): said, not silently empty
        java.nio.file.Path joined = dir.resolve("joined.txt");
        Files.writeString(joined, "The following is an excerpt from a Windows Firewall security log file:\n"
                + log.replaceAll("\r?\n", " ").substring(0, 600) + "\n", StandardCharsets.ISO_8859_1);
        FirewallLog one = read(joined);
        assertThat(one.result().problems()).singleElement().satisfies(p -> {
            assertThat(p.evidence().line()).isEqualTo(2L);
            assertThat(p.message()).startsWith("a header line with log records joined onto it");
        });
        java.nio.file.Path indented = dir.resolve("indented.txt");
        Files.writeString(indented, "    ```\n" + log.replaceAll("(?m)^(?=.)", "    ") + "    ```\n", StandardCharsets.ISO_8859_1);
        assertThat(FirewallLogReader.sniff(Files.readAllBytes(indented))).isTrue();
        for (FirewallLogReader.Options o : new FirewallLogReader.Options[] {sequential(), parallel(3)}) {
            FirewallLog pasted = read(indented, o);
            assertThat(pasted.result().problemCount()).isEqualTo(bare.result().problemCount());
            assertThat(pasted.result().flows()).hasSameSizeAs(bare.result().flows());
            assertThat(pasted.stats().fieldsHeaders()).isEqualTo(bare.stats().fieldsHeaders());
            assertThat(pasted.stats().commentLines()).isEqualTo(bare.stats().commentLines() + 2);
        }

        FirewallLog afterType = read(fixture("pasted-after-type-command.txt"));
        assertThat(FirewallLogReader.sniff(Files.readAllBytes(fixture("pasted-after-type-command.txt")))).isTrue();
        assertThat(afterType.result().problemCount()).isZero();
        assertThat(afterType.stats().dataLines()).isEqualTo(5);
        assertThat(afterType.result().flows()).hasSize(5);
        FirewallLog azure = read(fixture("pasted-indented.txt"));
        assertThat(azure.stats().fieldsHeaders()).isEqualTo(1);
        // its one row cut before the path field stays a problem; the header lines are none
        assertThat(azure.result().problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("expected 17 fields as the #Fields header says, found 15"));
    }

    /**
     * A log pasted into a ticket keeps its wrapping (a Markdown fence, Jira's {code}, HTML's pre): recognised, and read
     * with the same flows and problems as the bare log, the markup lines as header lines, in one piece or in chunks.
     */
    @Test
    void aLogWrappedInTicketMarkupReadsAsTheLog(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        String log = Files.readString(corpus("rafaelnett-Lab_03-pfirewall.log"), StandardCharsets.ISO_8859_1);
        FirewallLog bare = read(corpus("rafaelnett-Lab_03-pfirewall.log"));
        for (String[] wrap : new String[][] {{"```", "```"}, {"{code:none}", "{code}"}, {"<pre>", "</pre>"}}) {
            java.nio.file.Path f = dir.resolve("pasted.txt");
            Files.writeString(f, wrap[0] + "\n" + log + (log.endsWith("\n") ? "" : "\n") + wrap[1] + "\n", StandardCharsets.ISO_8859_1);
            assertThat(FirewallLogReader.sniff(Files.readAllBytes(f))).as(wrap[0]).isTrue();
            for (FirewallLogReader.Options o : new FirewallLogReader.Options[] {sequential(), parallel(3)}) {
                FirewallLog pasted = read(f, o);
                // the corpus log's own defects (a mistyped address) and nothing for the markup
                assertThat(pasted.result().problemCount()).as(wrap[0]).isEqualTo(bare.result().problemCount());
                assertThat(pasted.result().problems()).noneMatch(p -> p.evidence().text().equals(wrap[0]) || p.evidence().text().equals(wrap[1]));
                assertThat(pasted.result().flows()).as(wrap[0]).hasSameSizeAs(bare.result().flows());
                assertThat(pasted.stats().commentLines()).isEqualTo(bare.stats().commentLines() + 2);
            }
        }
    }

    @Test
    void rejectsNetstatSsIisAndBinary() {
        assertThat(sniff("\nActive Connections\n\n  Proto  Local Address          Foreign Address        State           PID\n"
                + "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1044\n")).isFalse();
        assertThat(sniff("Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n"
                + "tcp   LISTEN 0      128    0.0.0.0:22         0.0.0.0:*\n")).isFalse();
        assertThat(sniff("#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n"
                + "#Fields: date time s-ip cs-method cs-uri-stem\n")).isFalse();
        assertThat(FirewallLogReader.sniff(new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4, 0, 0, 0})).isFalse();
        assertThat(FirewallLogReader.sniff(new byte[0])).isFalse();
    }

    @Test
    void anotherFirewallsNameLetsItsFieldsDecide() {
        // Windows XP's firewall before SP2 (RealLogsTest has its log)
        assertThat(sniff("#Verson: 1.0\n#Software: Microsoft Internet Connection Firewall\n")).isTrue();
        // a firewall named otherwise: this log's fields make it one, another W3C layout does not
        assertThat(sniff("#Version: 1.5\n#Software: Microsoft Windows Defender Firewall\n#Time Format: Local\n"
                + "#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype"
                + " icmpcode info path pid\n")).isTrue();
        assertThat(sniff("#Software: Microsoft Forefront Threat Management Gateway\n#Version: 1.0\n"
                + "#Fields: servername date time protocol source destination bytessent\n")).isFalse();
        assertThat(sniff("#Software: Example Web Application Firewall\n#Version: 1.0\n"
                + "#Fields: date time c-ip cs-method cs-uri-stem sc-status\n")).isFalse();
    }
}
