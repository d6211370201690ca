package dev.portolan.ingest.firewall;

import dev.portolan.ingest.Source;
import dev.portolan.ingest.UnreadableInputException;
import dev.portolan.model.Direction;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.Flow;
import dev.portolan.model.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;

import static dev.portolan.ingest.firewall.FirewallTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Authored fixtures, one per variant; expectations counted by hand from the files. */
class FirewallFixturesTest {

    record Expect(String file, long lines, long comments, long blanks, long data, long rejected, int flows, int groups,
                  List<Long> problemLines, String variant) {
    }

    static Stream<Arguments> fixtures() {
        return Stream.of(
                new Expect("pid.log", 8, 4, 1, 3, 0, 2, 2, List.of(), "pfirewall-pid"),
                new Expect("no-header.log", 3, 0, 0, 3, 0, 3, 2, List.of(), "pfirewall"),
                new Expect("no-header-pid.log", 2, 0, 0, 2, 0, 1, 1, List.of(), "pfirewall-pid"),
                new Expect("restart-mid-file.log", 13, 8, 1, 3, 1, 2, 2, List.of(13L), "pfirewall-pid"),
                new Expect("xp-open-close.log", 10, 4, 1, 5, 0, 5, 3, List.of(), "pfirewall"),
                new Expect("events-lost.log", 9, 4, 1, 4, 0, 1, 1, List.of(), "pfirewall"),
                new Expect("ipv6.log", 10, 4, 1, 5, 0, 4, 4, List.of(), "pfirewall"),
                new Expect("icmp.log", 11, 4, 1, 6, 0, 5, 5, List.of(), "pfirewall"),
                new Expect("numeric-protocol.log", 9, 4, 1, 3, 1, 2, 2, List.of(9L), "pfirewall"),
                new Expect("placeholders.log", 9, 4, 1, 3, 1, 2, 2, List.of(9L), "pfirewall"),
                new Expect("truncated-last-line.log", 8, 4, 1, 2, 1, 2, 1, List.of(8L), "pfirewall"),
                new Expect("nul-padding.log", 9, 4, 1, 3, 1, 3, 2, List.of(7L, 7L, 9L), "pfirewall"),
                new Expect("invalid-ip.log", 9, 4, 1, 1, 3, 1, 1, List.of(6L, 8L, 9L), "pfirewall"),
                new Expect("wrong-field-count.log", 10, 4, 1, 2, 3, 1, 1, List.of(7L, 8L, 9L), "pfirewall"),
                new Expect("bad-date.log", 11, 4, 1, 1, 5, 1, 1, List.of(6L, 7L, 8L, 9L, 10L), "pfirewall"),
                new Expect("utf16le-bom.log", 7, 4, 1, 2, 0, 2, 2, List.of(), "pfirewall"),
                new Expect("crlf.log", 7, 4, 1, 2, 0, 2, 2, List.of(), "pfirewall"),
                new Expect("gzipped.log.gz", 7, 4, 1, 2, 0, 2, 2, List.of(), "pfirewall"),
                new Expect("concatenated-utf8-bom.log", 12, 8, 2, 2, 0, 2, 2, List.of(), "pfirewall-pid"),
                new Expect("concatenated-utf16le-bom.log", 12, 8, 2, 2, 0, 2, 2, List.of(), "pfirewall-pid"),
                new Expect("utf16le-cut-mid-character.log", 7, 4, 1, 2, 0, 2, 2, List.of(7L), "pfirewall"),
                new Expect("cr-line-ends.log", 7, 4, 1, 2, 0, 2, 2, List.of(), "pfirewall"),
                new Expect("trimmed-10-size.log", 8, 0, 0, 6, 2, 6, 5, List.of(7L, 8L), "pfirewall"),
                new Expect("trimmed-10-pid.log", 4, 0, 0, 4, 0, 4, 2, List.of(), "pfirewall-pid"),
                new Expect("trimmed-11.log", 5, 0, 0, 5, 0, 4, 3, List.of(), "pfirewall-pid"),
                new Expect("trimmed-9.log", 3, 0, 0, 3, 0, 3, 2, List.of(), "pfirewall")
        ).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void fixtureCounts(Expect e) throws IOException {
        FirewallLog log = read(fixture(e.file()));
        FirewallStats s = log.stats();
        assertThat(s.lines()).as("lines").isEqualTo(e.lines());
        assertThat(s.commentLines()).as("comments").isEqualTo(e.comments());
        assertThat(s.blankLines()).as("blanks").isEqualTo(e.blanks());
        assertThat(s.dataLines()).as("data").isEqualTo(e.data());
        assertThat(s.rejectedLines()).as("rejected").isEqualTo(e.rejected());
        assertThat(s.lines()).isEqualTo(s.commentLines() + s.blankLines() + s.dataLines() + s.rejectedLines());
        assertThat(log.result().flows()).as("flows").hasSize(e.flows());
        assertThat(groups(log)).as("groups").isEqualTo(e.groups());
        assertThat(problemLines(log)).as("problem lines").isEqualTo(e.problemLines());
        assertThat(log.result().variant()).isEqualTo(e.variant());
        log.result().problems().forEach(p -> assertThat(p.evidence().text()).doesNotContain("\0"));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void chunkedAndSmallBufferReadsAreIdentical(Expect e) throws IOException {
        List<String> seq = fingerprint(read(fixture(e.file())));
        assertThat(fingerprint(read(fixture(e.file()), parallel(3)))).isEqualTo(seq);
        assertThat(fingerprint(read(fixture(e.file()), parallel(5).withBufferSize(1024)))).isEqualTo(seq);
    }

    private static Flow flow(FirewallLog log, String describe) {
        return log.result().flows().stream().filter(f -> f.describe().equals(describe)).findFirst()
                .orElseThrow(() -> new AssertionError("no flow " + describe + " in " + log.result().flows()));
    }

    private static long micros(String instant) {
        return Instant.parse(instant).toEpochMilli() * 1000;
    }

    @Test
    void logsConcatenatedWithTheirByteOrderMarksKeepEachHeader() throws IOException {
        for (String name : List.of("concatenated-utf8-bom.log", "concatenated-utf16le-bom.log")) {
            assertThat(FirewallLogReader.sniff(Files.readAllBytes(fixture(name)))).as(name).isTrue();
            FirewallLog log = read(fixture(name));
            assertThat(log.result().problems()).as(name).isEmpty();
            assertThat(log.stats().fieldsHeaders()).isEqualTo(2);
            Flow udp = flow(log, "udp 10.1.1.5:53000 -> 10.1.1.1:53");
            assertThat(udp.evidence()).extracting(ev -> ev.line()).containsExactly(6L);
            // the second header adds pid: its record has 18 fields and is read with that layout
            Flow rdp = flow(log, "tcp 203.0.113.7:41000 -> 10.1.1.5:3389");
            assertThat(rdp.direction()).isEqualTo(Direction.INBOUND);
            assertThat(rdp.bytes()).isEqualTo(52);
            assertThat(rdp.evidence()).extracting(ev -> ev.line()).containsExactly(12L);
            assertThat(log.stats().pidLines()).isEqualTo(1);
        }
    }

    @Test
    void utf16CutInsideACharacterIsAProblemAndTheLastRecordIsKeptIntact() throws IOException {
        FirewallLog log = read(fixture("utf16le-cut-mid-character.log"));
        assertThat(log.result().problems()).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("the file ends inside a UTF-16 character (1 byte(s) dropped): it was cut off"));
        Flow rdp = flow(log, "tcp 203.0.113.7:41000 -> 10.1.1.5:3389");
        assertThat(rdp.direction()).isEqualTo(Direction.INBOUND);
        assertThat(rdp.evidence().get(0).text()).isEqualTo(
                "2024-05-02 09:05:00 DROP TCP 203.0.113.7 10.1.1.5 41000 3389 52 S 1 0 64240 - - - RECEIVE");
    }

    @Test
    void loneCarriageReturnsEndLinesAsEditorsCountThem() throws IOException {
        FirewallLog log = read(fixture("cr-line-ends.log"));
        assertThat(flow(log, "udp 10.1.1.5:53000 -> 10.1.1.1:53").evidence()).extracting(ev -> ev.line()).containsExactly(6L);
        Flow rdp = flow(log, "tcp 203.0.113.7:41000 -> 10.1.1.5:3389");
        assertThat(rdp.evidence()).extracting(ev -> ev.line()).containsExactly(7L);
        assertThat(rdp.evidence().get(0).text()).doesNotContain("\r");
    }

    @Test
    void pidLayoutAggregatesLinesIntoOneFlowWithEvidence() throws IOException {
        FirewallLog log = read(fixture("pid.log"));
        Flow f = flow(log, "tcp 10.0.0.5:50001 -> 10.0.0.9:445");
        assertThat(f.actionCount(FirewallAction.ALLOW)).isEqualTo(2);
        assertThat(f.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(f.firstMicros()).isEqualTo(micros("2024-03-01T10:00:00Z"));
        assertThat(f.lastMicros()).isEqualTo(micros("2024-03-01T10:00:01Z"));
        assertThat(f.evidence()).extracting(ev -> ev.line()).containsExactly(6L, 7L);
        assertThat(f.evidence().get(0).text()).isEqualTo("2024-03-01 10:00:00 ALLOW TCP 10.0.0.5 10.0.0.9 50001 445 0 - 0 0 0 - - - SEND 4");
        Flow drop = flow(log, "tcp 10.0.0.7:51000 -> 10.0.0.5:3389");
        assertThat(drop.wasDropped()).isTrue();
        assertThat(drop.bytes()).isEqualTo(52);
        assertThat(drop.direction()).isEqualTo(Direction.INBOUND);
        assertThat(log.stats().pidLines()).isEqualTo(3);
    }

    @Test
    void headerlessFilesAssumeTheStandardLayoutAndSaySo() throws IOException {
        for (String name : List.of("no-header.log", "no-header-pid.log")) {
            FirewallLog log = read(fixture(name));
            assertThat(log.result().notes()).anyMatch(n -> n.startsWith("no #Fields header before line 1"));
            assertThat(log.stats().headerlessLines()).isEqualTo(log.stats().dataLines());
        }
    }

    @Test
    void aRepeatedHeaderRedefinesTheColumnsFromItsLineOn() throws IOException {
        FirewallLog log = read(fixture("restart-mid-file.log"));
        Flow f = flow(log, "tcp 10.0.0.5:50001 -> 10.0.0.9:443");
        assertThat(f.actionCount(FirewallAction.ALLOW)).isEqualTo(2);
        assertThat(f.evidence()).extracting(ev -> ev.line()).containsExactly(6L, 11L);
        assertThat(flow(log, "udp 10.0.0.6:5353 -> 10.0.0.5:5353").bytes()).isEqualTo(80);
        assertThat(log.result().problems().get(0).message()).isEqualTo("expected 11 fields as the #Fields header says, found 17");
        assertThat(log.stats().fieldsHeaders()).isEqualTo(2);
        assertThat(log.result().notes()).anyMatch(n -> n.contains("the log was restarted"));
    }

    @Test
    void xpOpenCloseAndOpenInbound() throws IOException {
        FirewallLog log = read(fixture("xp-open-close.log"));
        // one flow per 5-tuple and action: the OPEN line and the CLOSE line of the same conversation
        List<Flow> udp = log.result().flows().stream().filter(f -> f.describe().equals("udp 10.1.1.2:500 -> 10.1.1.3:500")).toList();
        assertThat(udp).hasSize(2);
        assertThat(udp.get(0).actionCount(FirewallAction.OPEN)).isEqualTo(1);
        assertThat(udp.get(1).actionCount(FirewallAction.CLOSE)).isEqualTo(1);
        assertThat(udp).allMatch(f -> f.direction() == Direction.UNKNOWN && f.bytes() == 0);
        assertThat(flow(log, "tcp 10.1.1.9:1200 -> 10.1.1.2:139").direction()).isEqualTo(Direction.INBOUND);
        assertThat(log.stats().actionLines(FirewallAction.OPEN_INBOUND)).isEqualTo(1);
        assertThat(log.stats().actionLines(FirewallAction.OPEN)).isEqualTo(2);
        assertThat(log.stats().actionLines(FirewallAction.CLOSE)).isEqualTo(2);
    }

    @Test
    void infoEventsLostIsAGapNotAProblem() throws IOException {
        FirewallLog log = read(fixture("events-lost.log"));
        assertThat(log.stats().eventsLost()).isEqualTo(62);
        assertThat(log.stats().infoEventsLostLines()).isEqualTo(2);
        assertThat(log.result().problemCount()).isZero();
        var gap = log.result().logGap();
        assertThat(gap.records()).isEqualTo(2);
        assertThat(gap.eventsLost()).isEqualTo(62);
        assertThat(gap.timeText()).isEqualTo("between 2024-03-01 10:00:30 and 2024-03-01 10:02:00");
        assertThat(gap.evidence()).extracting(ev -> ev.line()).containsExactly(7L, 9L);
        assertThat(log.result().notes()).anyMatch(n -> n.equals("2 INFO-EVENTS-LOST line(s): 62 events were not logged, so the log is incomplete"));
        assertThat(flow(log, "udp 10.0.0.8:137 -> 10.0.0.5:137").actionCount(FirewallAction.DROP)).isEqualTo(2);
    }

    @Test
    void ipv6AddressesAreCanonicalAndEqualSpellingsShareAFlow() throws IOException {
        FirewallLog log = read(fixture("ipv6.log"));
        assertThat(flow(log, "tcp [2001:db8::5]:50001 -> [2001:db8::9]:443").actionCount(FirewallAction.ALLOW)).isEqualTo(2);
        assertThat(flow(log, "udp [fe80::1c2d:3e4f:5a6b:7c8d]:5353 -> [ff02::fb]:5353").wasDropped()).isTrue();
        flow(log, "tcp [::ffff:10.0.0.5]:50003 -> [2001:db8::9]:80");
        flow(log, "tcp [::1]:50004 -> [::1]:5985");
    }

    @Test
    void icmpFlowsUseTheTypeAsResponderPort() throws IOException {
        FirewallLog log = read(fixture("icmp.log"));
        Flow echo = flow(log, "icmp 10.0.0.5:0 -> 10.0.0.1:8");
        assertThat(echo.actionCount(FirewallAction.ALLOW)).isEqualTo(2);
        assertThat(echo.ipProtocol()).isEqualTo(1);
        assertThat(flow(log, "icmpv6 [fe80::1]:0 -> [ff02::1]:134").ipProtocol()).isEqualTo(58);
        Flow mld = flow(log, "icmpv6 [fe80::2]:0 -> [ff02::16]:143");
        assertThat(mld.proto()).isEqualTo(Protocol.ICMPV6);
        assertThat(flow(log, "icmp 10.0.0.9:0 -> 10.0.0.5:3").bytes()).isEqualTo(60);
    }

    @Test
    void numericProtocolsKeepTheirNumber() throws IOException {
        FirewallLog log = read(fixture("numeric-protocol.log"));
        Flow igmp = log.result().flows().get(0);
        assertThat(igmp.proto()).isEqualTo(Protocol.OTHER);
        assertThat(igmp.ipProtocol()).isEqualTo(2);
        assertThat(igmp.actionCount(FirewallAction.ALLOW)).isEqualTo(2);
        assertThat(log.result().flows().get(1).ipProtocol()).isEqualTo(47);
        assertThat(log.result().problems().get(0).message()).startsWith("bad protocol '300'");
    }

    @Test
    void dashPlaceholdersAreZeroAndForwardIsKept() throws IOException {
        FirewallLog log = read(fixture("placeholders.log"));
        Flow tcp = flow(log, "tcp 10.0.0.5:0 -> 10.0.0.9:443");
        assertThat(tcp.direction()).isEqualTo(Direction.UNKNOWN);
        assertThat(tcp.bytes()).isZero();
        Flow fwd = flow(log, "udp 10.0.0.8:68 -> 10.0.0.5:0");
        assertThat(fwd.direction()).isEqualTo(Direction.FORWARD);
        assertThat(fwd.bytes()).isEqualTo(428);
        assertThat(log.result().problems().get(0).message()).startsWith("bad port 'x68'");
    }

    @Test
    void truncatedLastLineIsAProblemSayingSo() throws IOException {
        FirewallLog log = read(fixture("truncated-last-line.log"));
        var p = log.result().problems().get(0);
        assertThat(p.message()).isEqualTo("expected 17 fields as the #Fields header says, found 6; "
                + "the last line has no line end: the writer was probably interrupted");
        assertThat(p.evidence().text()).isEqualTo("2024-03-01 10:00:02 ALLOW TCP 10.0.0.5 10.0");
        assertThat(p.evidence().location()).endsWith("truncated-last-line.log:8");
    }

    @Test
    void nulPaddingIsReportedEscapedAndTheRecordAfterItIsRead() throws IOException {
        FirewallLog log = read(fixture("nul-padding.log"));
        var problems = log.result().problems();
        assertThat(problems.get(0).message()).endsWith("the record is cut short by NUL padding");
        assertThat(problems.get(1).message()).isEqualTo("300 NUL bytes (padding left by a crash or an unclean stop); read on after them");
        assertThat(problems.get(1).evidence().text()).startsWith("2024-03-01 10:00:01 ALLOW TCP 10.0.0.5 10.0.0.9 500<300 NUL bytes>2024-03-01 10:05:00");
        assertThat(problems.get(2).message()).isEqualTo("5000 NUL bytes (padding left by a crash or an unclean stop); nothing else on this line");
        assertThat(problems.get(2).evidence().text()).isEqualTo("<5000 NUL bytes>");
        assertThat(flow(log, "tcp 10.0.0.5:50003 -> 10.0.0.9:443").evidence().get(0).line()).isEqualTo(7);
        assertThat(log.stats().nulBytes()).isEqualTo(5300);
    }

    @Test
    void invalidAddressesNameTheField() throws IOException {
        FirewallLog log = read(fixture("invalid-ip.log"));
        assertThat(log.result().problems()).extracting(p -> p.message()).containsExactly(
                "invalid destination address '192.168.1.10055'",
                "invalid source address '2001:db8:::1'",
                "invalid source address '-'");
    }

    @Test
    void wrongFieldCountsAreProblemsAndReadingGoesOn() throws IOException {
        FirewallLog log = read(fixture("wrong-field-count.log"));
        assertThat(log.result().problems()).extracting(p -> p.message()).containsExactly(
                "expected 17 fields as the #Fields header says, found 16",
                "expected 17 fields as the #Fields header says, found 19",
                "expected 17 fields as the #Fields header says, found 1");
        assertThat(log.result().flows().get(0).actionCount(FirewallAction.DROP)).isEqualTo(2);
    }

    @Test
    void badDatesAreProblems() throws IOException {
        FirewallLog log = read(fixture("bad-date.log"));
        assertThat(log.result().problems()).allMatch(p -> p.message().startsWith("bad date/time '"));
        assertThat(log.result().flows().get(0).firstMicros()).isEqualTo(micros("2024-03-01T10:00:59Z"));
    }

    @Test
    void utf16CrlfAndGzipReadLikeThePlainFile() throws IOException {
        List<String> crlf = withoutFileNames(fingerprint(read(fixture("crlf.log"))));
        assertThat(withoutFileNames(fingerprint(read(fixture("utf16le-bom.log"))))).isEqualTo(crlf);
        assertThat(withoutFileNames(fingerprint(read(fixture("gzipped.log.gz"))))).isEqualTo(crlf);
        assertThat(read(fixture("crlf.log")).result().flows().get(0).evidence().get(0).text()).doesNotEndWith("\r");
        assertThat(read(fixture("crlf.log")).result().bytesRead()).isEqualTo(370);
        // the gzip is read decompressed: the LF copy of the same lines
        assertThat(read(fixture("gzipped.log.gz")).result().bytesRead()).isEqualTo(370 - 7);
    }

    private static List<String> withoutFileNames(List<String> lines) {
        return lines.stream().map(l -> l.replaceAll("/\\S+/(crlf|utf16le-bom|gzipped)\\.log(\\.gz)?", "FILE")).toList();
    }

    @Test
    void aTimeZoneTurnsLocalTimeIntoRealInstants() throws IOException {
        FirewallLog log = new FirewallLogReader(ZoneId.of("Europe/Berlin")).readLog(Source.of(fixture("pid.log")));
        assertThat(log.result().flows().get(0).firstMicros()).isEqualTo(micros("2024-03-01T09:00:00Z"));
        assertThat(log.result().notes()).noneMatch(n -> n.contains("as if UTC"));
    }

    @Test
    void aHeaderSayingUtcKeepsTheTimesAsLoggedWhateverZoneIsGiven(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        String rows = "#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path pid\n"
                + "2042-04-05 06:07:09 ALLOW TCP 192.0.2.11 203.0.113.21 54001 443 60 S - - - - - - SEND 8801\n";
        Path utc = Files.writeString(dir.resolve("utc.log"), "#Version: 1.5\n#Software: Microsoft Windows Firewall\n#Time Format: UTC\n" + rows);
        FirewallLog log = new FirewallLogReader(ZoneId.of("Asia/Tokyo")).readLog(Source.of(utc));
        assertThat(log.result().flows().get(0).firstMicros()).isEqualTo(micros("2042-04-05T06:07:09Z"));
        assertThat(log.result().notes()).contains("times are UTC, as the header says (#Time Format: UTC); the time zone given for"
                + " local times (--tz Asia/Tokyo) does not apply");
        // "Local" (what Windows writes): the zone given turns the wall-clock time into the instant
        Path local = Files.writeString(dir.resolve("local.log"), "#Version: 1.5\n#Software: Microsoft Windows Firewall\n#Time Format: Local\n" + rows);
        FirewallLog tokyo = new FirewallLogReader(ZoneId.of("Asia/Tokyo")).readLog(Source.of(local));
        assertThat(tokyo.result().flows().get(0).firstMicros()).isEqualTo(micros("2042-04-04T21:07:09Z"));
        assertThat(tokyo.result().notes()).noneMatch(n -> n.startsWith("times are"));
        assertThat(read(local).result().notes()).contains("times are the logged local wall-clock times, stored as if UTC (no time zone given)");
        assertThat(read(utc).result().notes()).contains("times are UTC, as the header says (#Time Format: UTC)");
    }

    @Test
    void linesSeenBothWaysAreLocal() throws IOException {
        FirewallLog log = read(corpus("rafaelnett-Lab_03-pfirewall.log"));
        assertThat(flow(log, "tcp 127.0.0.1:49642 -> 127.0.0.1:49641").direction()).isEqualTo(Direction.LOCAL);
    }

    @Test
    void emptyAndNonLogFilesAreUnreadable(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path empty = Files.write(dir.resolve("empty.log"), new byte[0]);
        assertThatThrownBy(() -> read(empty)).isInstanceOf(UnreadableInputException.class).hasMessageContaining("it is empty");
        Path netstat = Files.writeString(dir.resolve("netstat.txt"), "  TCP    0.0.0.0:135    0.0.0.0:0    LISTENING    1044\n");
        assertThatThrownBy(() -> read(netstat)).isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("netstat.txt").hasMessageContaining("no Windows Firewall log line");
        Path headerOnly = Files.writeString(dir.resolve("fresh.log"), "#Version: 1.5\n#Fields: date time action protocol src-ip dst-ip\n");
        assertThat(read(headerOnly).result().flows()).isEmpty();
    }
}
