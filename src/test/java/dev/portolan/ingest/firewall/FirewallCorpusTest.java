package dev.portolan.ingest.firewall;

import dev.portolan.model.Direction;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.Flow;
import dev.portolan.model.Initiator;
import dev.portolan.model.Protocol;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.portolan.ingest.firewall.FirewallTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real logs in ../shared/corpus/firewall. Expected numbers were computed independently of the
 * reader (python: split on '\n', strip CR and leading NULs, zip with #Fields, ipaddress module).
 */
class FirewallCorpusTest {

    record Expect(String file, long lines, long comments, long blanks, long data, long rejected, int flows, int groups,
                  List<Long> problemLines, Map<FirewallAction, Long> actions, long eventsLost, String variant) {
    }

    static Stream<Arguments> corpusFiles() {
        return Stream.of(
                new Expect("BetaHydri-ParseFirewallLog-pfirewall.log", 16814, 4, 1, 16809, 0, 3024, 307,
                        List.of(),
                        Map.of(FirewallAction.DROP, 11688L, FirewallAction.ALLOW, 5119L, FirewallAction.INFO_EVENTS_LOST, 2L),
                        8, "pfirewall"),
                new Expect("balaji6894-Copilot-pfirewall-pid.log", 132, 4, 1, 127, 0, 127, 33, List.of(6L),
                        Map.of(FirewallAction.ALLOW, 127L), 0, "pfirewall-pid"),
                new Expect("plaso-windows_firewall.log", 19, 4, 0, 15, 0, 12, 12, List.of(),
                        Map.of(FirewallAction.DROP, 9L, FirewallAction.OPEN, 2L, FirewallAction.CLOSE, 3L,
                                FirewallAction.INFO_EVENTS_LOST, 1L),
                        59, "pfirewall"),
                new Expect("rafaelnett-Lab_03-pfirewall.log", 272, 4, 1, 250, 17, 226, 38,
                        List.of(148L, 153L, 167L, 168L, 169L, 171L, 172L, 173L, 182L, 183L, 184L, 200L, 201L, 202L, 206L, 207L, 208L),
                        Map.of(FirewallAction.ALLOW, 211L, FirewallAction.DROP, 39L), 0, "pfirewall")
        ).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("corpusFiles")
    void countsMatchAnIndependentCount(Expect e) throws IOException {
        FirewallLog log = read(corpus(e.file()));
        FirewallStats s = log.stats();
        assertThat(s.lines()).isEqualTo(e.lines());
        assertThat(log.result().records()).isEqualTo(e.lines());
        assertThat(s.commentLines()).isEqualTo(e.comments());
        assertThat(s.blankLines()).isEqualTo(e.blanks());
        assertThat(s.dataLines()).isEqualTo(e.data());
        assertThat(s.rejectedLines()).isEqualTo(e.rejected());
        assertThat(log.result().flows()).hasSize(e.flows());
        assertThat(groups(log)).isEqualTo(e.groups());
        assertThat(problemLines(log)).isEqualTo(e.problemLines());
        assertThat(log.result().problemCount()).isEqualTo(e.problemLines().size());
        for (FirewallAction a : FirewallAction.values()) {
            assertThat(s.actionLines(a)).as(a.label()).isEqualTo(e.actions().getOrDefault(a, 0L));
        }
        assertThat(s.eventsLost()).isEqualTo(e.eventsLost());
        assertThat(log.result().variant()).isEqualTo(e.variant());
        // every non-INFO record is in exactly one flow
        long inFlows = log.result().flows().stream().mapToLong(Flow::evidenceCount).sum();
        assertThat(inFlows).isEqualTo(e.data() - s.actionLines(FirewallAction.INFO_EVENTS_LOST));
    }

    @ParameterizedTest
    @MethodSource("corpusFiles")
    void parallelChunksGiveTheSameResultAsSequential(Expect e) throws IOException {
        List<String> seq = fingerprint(read(corpus(e.file())));
        for (int chunks : new int[] {2, 3, 7, 64}) {
            assertThat(fingerprint(read(corpus(e.file()), parallel(chunks)))).as(chunks + " chunks").isEqualTo(seq);
        }
    }

    @Test
    void nulPaddedLineOfBalajiIsReportedEscapedAndItsRecordKept() throws IOException {
        FirewallLog log = read(corpus("balaji6894-Copilot-pfirewall-pid.log"));
        var p = log.result().problems().get(0);
        assertThat(p.message()).startsWith("212 NUL bytes");
        assertThat(p.evidence().text()).startsWith("<212 NUL bytes>2024-07-29 13:23:35 ALLOW UDP").doesNotContain("\0");
        assertThat(log.stats().nulBytes()).isEqualTo(212);
        Flow first = log.result().flows().get(0);
        assertThat(first.describe()).isEqualTo("udp 192.168.9.219:57721 -> 192.168.0.1:53");
        assertThat(first.evidence().get(0).line()).isEqualTo(6);
        assertThat(first.evidence().get(0).text()).isEqualTo("2024-07-29 13:23:35 ALLOW UDP 192.168.9.219 192.168.0.1 57721 53 0 - - - - - - - SEND 10452");
    }

    @Test
    void betaHydriInfoEventsLostAreOneGapNotProblems() throws IOException {
        FirewallLog log = read(corpus("BetaHydri-ParseFirewallLog-pfirewall.log"));
        assertThat(log.result().problemCount()).isZero();
        var gap = log.result().logGap();
        assertThat(gap.records()).isEqualTo(2);
        assertThat(gap.eventsLost()).isEqualTo(8);
        assertThat(gap.firstTime()).isEqualTo("2021-06-22 12:48:21");
        assertThat(gap.lastTime()).isEqualTo("2021-06-22 12:58:21");
        assertThat(gap.evidence()).extracting(ev -> ev.line()).containsExactly(11701L, 16717L);
        assertThat(log.result().notes()).anyMatch(n -> n.contains("8 events were not logged"));
        // ICMP logged with IPv6 addresses is ICMPv6 (type 134 = router advertisement)
        assertThat(log.result().flows()).anyMatch(f -> f.proto() == Protocol.ICMPV6 && f.respPort() == 134
                && f.respAddr().equals("ff02::1") && f.direction() == Direction.INBOUND);
        assertThat(log.result().flows()).allMatch(f -> f.initiator() == Initiator.LOGGED);
    }

    @Test
    void plasoTimesAreWallClockAsUtcAndOpenCloseAreCounted() throws IOException {
        FirewallLog log = read(corpus("plaso-windows_firewall.log"));
        Flow open = log.result().flows().stream().filter(f -> f.describe().equals("udp 123.45.78.90:500 -> 123.156.78.90:500"))
                .findFirst().orElseThrow();
        assertThat(open.actionCount(FirewallAction.OPEN)).isEqualTo(1);
        assertThat(open.direction()).isEqualTo(Direction.UNKNOWN);
        assertThat(open.firstMicros()).isEqualTo(java.time.Instant.parse("2005-04-11T08:05:58Z").toEpochMilli() * 1000);
        assertThat(log.result().notes()).anyMatch(n -> n.contains("as if UTC"));
    }
}
