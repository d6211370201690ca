package dev.portolan.ingest.firewall;

import dev.portolan.ingest.Inputs;
import dev.portolan.ingest.NotAnInputException;
import dev.portolan.ingest.ReadOptions;
import dev.portolan.ingest.Source;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.Flow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static dev.portolan.ingest.firewall.FirewallTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real logs, and the shapes people turn them into, from fixtures/firewall/real (see its SOURCES.md). */
class RealLogsTest {

    private static String real(String name) {
        return "real/" + name;
    }

    /** Each flow as text with its action counts (the evidence's text differs between a CSV and its log). */
    private static List<String> flows(FirewallLog log) {
        return log.result().flows().stream().map(f -> {
            StringBuilder sb = new StringBuilder(f.describe()).append(' ').append(f.direction()).append(' ')
                    .append(f.firstMicros()).append('-').append(f.lastMicros()).append(" ev=").append(f.evidenceCount());
            for (FirewallAction a : FirewallAction.values()) sb.append(' ').append(f.actionCount(a));
            f.evidence().forEach(e -> sb.append(" @").append(e.line()));
            return sb.toString();
        }).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"exportcsv-type-line.csv", "exportcsv-semicolon.csv", "commas-pid-header.csv"})
    void aLogTurnedIntoCsvReadsAsTheLog(String name) throws IOException {
        // before: "not a recognised input"; a CSV whose header names the log's fields holds the same records
        byte[] head = Files.readAllBytes(fixture(real(name)));
        assertThat(FirewallLogReader.sniff(head)).isTrue();
        FirewallLog log = read(fixture(real(name)));
        FirewallLog original = read(fixture(real("autogen-win11-excerpt.log")));
        assertThat(log.stats().dataLines()).isEqualTo(12);
        assertThat(log.stats().rejectedLines()).isZero();
        assertThat(log.result().problems()).isEmpty();
        assertThat(log.result().notes()).anyMatch(n -> n.startsWith("a CSV made from a firewall log"));
        assertThat(log.result().records()).isEqualTo(Files.readAllLines(fixture(real(name))).size());
        // the same flows as the log itself (line numbers shift by the lines the conversion dropped or added)
        int shift = name.equals("exportcsv-type-line.csv") ? 1 : -4;
        List<String> expected = flows(original).stream().map(s -> shiftLines(s, shift)).toList();
        assertThat(flows(log)).isEqualTo(expected);
        assertThat(log.result().flows()).extracting(Flow::respPort).contains(443, 53);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "iis6.log | an IIS web server log (W3C extended format, Microsoft Internet Information Services 6.0)",
            "httperr.log | an HTTP.sys error log (httperr.log, Microsoft HTTP API 2.0)",
            "dns-debug.log | a Windows DNS server debug log",
            "azure-nsg-flow-excerpt.json | an Azure network security group (NSG) or virtual network flow log (JSON)",
            "azure-firewall-network-rule.json | an Azure Firewall log (JSON)",
            "event-viewer-security-export.csv | a Windows event log saved from Event Viewer as CSV or text"})
    void otherLogsTakenForTheFirewallsAreSaidAsWhatTheyAre(String name, String what) throws IOException {
        // before: "not a recognised input (expected …)", which named none of them
        byte[] head = Files.readAllBytes(fixture(real(name)));
        assertThat(FirewallLogReader.sniff(head)).isFalse();
        assertThatThrownBy(() -> Inputs.read(Source.of(fixture(real(name))), ReadOptions.defaults()))
                .isInstanceOf(NotAnInputException.class)
                .hasMessageContaining("it looks like " + what)
                .hasMessageContaining("portolan reads the Windows Firewall's own log, pfirewall.log");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "netsh-advfirewall-show-currentprofile.txt | netsh advfirewall show",
            "get-netfirewallprofile.txt | Get-NetFirewallProfile"})
    void theFirewallsSettingsAreSaidAsThatWithHowToTurnItsLogOn(String name, String command) throws IOException {
        // before: "the output of other commands (…) with no socket list" (after the prompt line) or "not a recognised input"
        assertThatThrownBy(() -> Inputs.read(Source.of(fixture(real(name))), ReadOptions.defaults()))
                .isInstanceOf(NotAnInputException.class)
                .hasMessageContaining("it looks like the Windows Firewall's settings (" + command + "), not its log; they say it"
                        + " logs no connection")
                .hasMessageContaining("netsh advfirewall set allprofiles logging allowedconnections enable")
                .hasMessageEndingWith("(%systemroot%\\system32\\LogFiles\\Firewall\\pfirewall.log)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "netsh-advfirewall-firewall-show-rule.txt | netsh advfirewall firewall show rule",
            "new-netfirewallrule-output.txt | Get-NetFirewallRule, New-NetFirewallRule"})
    void theFirewallsRulesAreSaidAsThatNotItsLog(String name, String command) throws IOException {
        // before: "not a recognised input (expected …)"
        assertThatThrownBy(() -> Inputs.read(Source.of(fixture(real(name))), ReadOptions.defaults()))
                .isInstanceOf(NotAnInputException.class)
                .hasMessageContaining("it looks like the Windows Firewall's rules (" + command + "), not its log")
                .hasMessageContaining("portolan reads the log, pfirewall.log");
    }

    @ParameterizedTest
    @ValueSource(strings = {"convertto-json.json"})
    void theLogTurnedIntoJsonIsSaidAsThatWithWhatToGiveInstead(String name) throws IOException {
        // before: "not a recognised input (expected …)"
        assertThatThrownBy(() -> Inputs.read(Source.of(fixture(real(name))), ReadOptions.defaults()))
                .isInstanceOf(NotAnInputException.class)
                .hasMessageContaining("it looks like the Windows Firewall's log turned into a JSON document")
                .hasMessageEndingWith("give it the log itself (pfirewall.log), or the log as CSV (Export-Csv) or as JSON lines"
                        + " (one record a line)");
    }

    @org.junit.jupiter.api.Test
    void aFirewallLogIsNeverDescribedAsAnotherProgramsLog() throws IOException {
        // the firewall reader takes or refuses these; the look-alike descriptions must not name them another program's
        for (String name : List.of("autogen-win11-excerpt.log", "xp-icf-pre-sp2.log")) {
            assertThat(dev.portolan.ingest.OtherFormats.describe(Files.readAllBytes(fixture(real(name))), name)).as(name).isEmpty();
        }
        byte[] fieldsOnly = "#Fields: date time action protocol src-ip dst-ip src-port dst-port\nnot a record\n".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(dev.portolan.ingest.OtherFormats.describe(fieldsOnly, "x")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ip-list-named-pfirewall.log.old"})
    void aFileNamedLikeTheLogIsJudgedByWhatItHolds(String name) throws IOException {
        assertThat(FirewallLogReader.sniff(Files.readAllBytes(fixture(real(name))))).isFalse();
        assertThatThrownBy(() -> Inputs.read(Source.of(fixture(real(name))), ReadOptions.defaults()))
                .isInstanceOf(NotAnInputException.class).hasMessageContaining("not a recognised input");
    }

    @org.junit.jupiter.api.Test
    void addressesMaskedBeforeTheLogWasSharedAreSaidAsMasked() throws IOException {
        FirewallLog log = read(fixture(real("masked-addresses.log")));
        assertThat(log.stats().commentLines()).isEqualTo(5);
        assertThat(log.stats().rejectedLines()).isEqualTo(4);
        assertThat(log.result().flows()).isEmpty();
        assertThat(problemLines(log)).containsExactly(8L, 9L, 10L, 11L);
        // before: "invalid source address '172.xx.xx.xxx'" only, as for an address the log got wrong
        assertThat(log.result().problems()).allSatisfy(p -> assertThat(p.message()).startsWith("invalid source address"
                + " '172.xx.xx.xxx' (masked: the log's addresses were hidden before it was shared; portolan needs them as logged)"));
        // an address the log got wrong (digits only) says nothing of masking
        FirewallLog wrong = read(corpus("rafaelnett-Lab_03-pfirewall.log"));
        assertThat(wrong.result().problems()).allSatisfy(p -> assertThat(p.message()).doesNotContain("masked"));
    }

    @org.junit.jupiter.api.Test
    void windowsXpsInternetConnectionFirewallLogReadsAsTheFirewallLog() throws IOException {
        // before: not sniffed (its #Software line names the Internet Connection Firewall, not the Windows Firewall)
        byte[] head = Files.readAllBytes(fixture(real("xp-icf-pre-sp2.log")));
        assertThat(FirewallLogReader.sniff(head)).isTrue();
        FirewallLog log = read(fixture(real("xp-icf-pre-sp2.log")));
        assertThat(log.stats().commentLines()).isEqualTo(4);
        assertThat(log.stats().blankLines()).isEqualTo(1);
        assertThat(log.stats().dataLines()).isEqualTo(9);
        assertThat(log.result().problems()).isEmpty();
        assertThat(log.stats().eventsLost()).isEqualTo(7);
        assertThat(log.result().flows()).hasSize(8);
        assertThat(log.result().flows()).extracting(Flow::describe).contains(
                "tcp 192.168.0.2:1062 -> 207.46.134.155:80", "tcp 10.0.0.9:3312 -> 192.168.0.2:3389",
                "udp 61.12.4.8:1027 -> 192.168.0.2:1434");
        assertThat(log.result().flows()).filteredOn(f -> f.ipProtocol() == 47).hasSize(1);
    }

    @org.junit.jupiter.api.Test
    void aLogCutAtAByteOffsetReadsFromItsFirstWholeRecord() throws IOException {
        // before: "not a recognised input" (its first line, the rest of a record, decided the sniff)
        byte[] head = Files.readAllBytes(fixture(real("tail-cut-mid-record.log")));
        assertThat(FirewallLogReader.sniff(head)).isTrue();
        FirewallLog log = read(fixture(real("tail-cut-mid-record.log")));
        long lines = Files.readAllLines(fixture(real("tail-cut-mid-record.log"))).size();
        assertThat(log.stats().dataLines()).isEqualTo(lines - 1);
        assertThat(problemLines(log)).containsExactly(1L);
        // said as what it is (it said "expected 17 or 18 fields …, found 12")
        assertThat(log.result().problems().get(0).message()).startsWith("the file starts inside a record: its first line holds"
                + " the last 12 field(s) of one (a log cut at a byte offset");
        assertThat(log.result().flows()).isNotEmpty();
        // a file whose first line is no record and whose next lines are not either stays unrecognised
        assertThat(FirewallLogReader.sniff("garbage\nmore garbage here\n2024-01-01 10:00:00 ALLOW TCP\n".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII))).isFalse();
    }

    @org.junit.jupiter.api.Test
    void theLogAsJsonLinesReadsAsTheLog() throws IOException {
        // before: "not a recognised input"; a collector's JSON lines that keep the log's field names hold its records
        byte[] head = Files.readAllBytes(fixture(real("nxlog-json-lines.json")));
        assertThat(FirewallLogReader.sniff(head)).isTrue();
        FirewallLog log = read(fixture(real("nxlog-json-lines.json")));
        FirewallLog original = read(fixture(real("autogen-win11-excerpt.log")));
        assertThat(log.stats().dataLines()).isEqualTo(12);
        assertThat(log.result().problems()).isEmpty();
        assertThat(log.result().notes()).anyMatch(n -> n.startsWith("JSON lines made from a firewall log"));
        List<String> expected = flows(original).stream().map(s -> shiftLines(s, -5)).toList();
        assertThat(flows(log)).isEqualTo(expected);
    }

    /** " @6 @9" with every line number moved by {@code by}. */
    private static String shiftLines(String flow, int by) {
        StringBuilder sb = new StringBuilder();
        for (String part : flow.split(" ")) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(part.startsWith("@") ? "@" + (Long.parseLong(part.substring(1)) + by) : part);
        }
        return sb.toString();
    }
}
