package dev.portolan.report;

import dev.portolan.batch.FleetCounts;
import dev.portolan.batch.HostStatus;
import dev.portolan.model.Finding;
import dev.portolan.model.HostReport;
import dev.portolan.model.Severity;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lines of a fleet result folder: written once, read back to the same values. */
class FleetLinesTest {

    @Test
    void findingLinesAreTheJsonlFormatsLines() throws Exception {
        StringWriter jsonl = new StringWriter();
        new JsonLinesRenderer().render(ReportFixtures.fixture(), jsonl);
        List<String> lines = new ArrayList<>();
        for (HostReport h : ReportFixtures.fixture().hosts()) lines.addAll(FleetLines.findingLines(h, Severity.ERROR));
        assertThat(lines).isEqualTo(jsonl.toString().lines().toList());
    }

    @Test
    void findingLinesReadBackToTheSameFindings() throws Exception {
        for (HostReport h : ReportFixtures.fixture().hosts()) {
            List<String> lines = FleetLines.findingLines(h, Severity.ERROR);
            List<Finding> back = new ArrayList<>();
            for (String l : lines) {
                FleetLines.HostFinding hf = FleetLines.parseFinding(l);
                assertThat(hf.host()).isEqualTo(h.host().name());
                back.add(hf.finding());
            }
            assertThat(back).isEqualTo(h.findings());
        }
    }

    @Test
    void aDropsFirewallExceptionReadsBackAndKeepsItsAdvice() throws Exception {
        Finding blocked = dev.portolan.model.Finding.of(dev.portolan.model.FindingCode.BLOCKED_EXPECTED)
                .proto(dev.portolan.model.Protocol.TCP).port(25).address("192.0.2.1 192.0.2.2 …").entry("dp-09", "dp-ports")
                .firewallException("unspecified").message("the firewall dropped tcp/25").build();
        HostReport h = HostReport.of(dev.portolan.model.Host.builder().name("cs-1").build(), List.of(blocked), List.of());
        List<String> lines = FleetLines.findingLines(h, Severity.ERROR);
        assertThat(lines).singleElement().asString().contains("\"firewall_exception\":\"unspecified\"")
                .contains("if so, add an inbound exception for it on each of 192.0.2.1, 192.0.2.2 and others");
        Finding back = FleetLines.parseFinding(lines.get(0)).finding();
        assertThat(back).isEqualTo(blocked);
        assertThat(Advice.whatToDo(back)).isEqualTo(Advice.whatToDo(blocked));
    }

    @Test
    void hostLinesReadBackToTheSameHostAndWriteTheSameLineAgain() throws Exception {
        HostReport h = ReportFixtures.fixture().hosts().get(0);
        String line = FleetLines.hostLine(h, HostStatus.FAIL, List.of("x.pcap: the file is empty"));
        FleetLines.HostLine back = FleetLines.parseHost(line);
        assertThat(back.host().name()).isEqualTo(h.host().name());
        assertThat(back.host().roles()).isEqualTo(h.host().roles());
        assertThat(back.host().addresses()).isEqualTo(h.host().addresses());
        assertThat(back.host().settings()).isEqualTo(h.host().settings());
        assertThat(back.status()).isEqualTo(HostStatus.FAIL);
        assertThat(back.findings()).isEqualTo(h.findings().size());
        assertThat(back.inputs()).isEqualTo(h.inputs());
        assertThat(back.unreadable()).containsExactly("x.pcap: the file is empty");
        HostReport again = HostReport.of(back.host(), h.findings(), back.inputs());
        assertThat(FleetLines.hostLine(again, back.status(), back.unreadable())).isEqualTo(line);
    }

    /** An input whose flow count is an estimate says so in every format, and a host line reads it back as one. */
    @Test
    void anEstimatedFlowCountIsMarkedAndReadsBack() throws Exception {
        dev.portolan.model.InputSummary big = new dev.portolan.model.InputSummary("fw.log", "firewall-log", "pfirewall",
                5_000_005, 0, 0, 5_043_503, 0, List.of(), false);
        dev.portolan.model.InputSummary small = new dev.portolan.model.InputSummary("ss.txt", "ss", "tulpn", 3, 2, 0, 0, 0);
        HostReport h = HostReport.of(dev.portolan.model.Host.builder().name("ws-1").build(), List.of(), List.of(big, small));
        String line = FleetLines.hostLine(h, HostStatus.PASS, List.of());
        assertThat(line).contains("\"flows\":5043503,\"flows_exact\":false,\"problems\":0").containsOnlyOnce("flows_exact");
        assertThat(FleetLines.parseHost(line).inputs()).containsExactly(big, small);
        assertThat(Labels.input(big)).isEqualTo("fw.log (firewall-log pfirewall): 5000005 records, 0 listeners, 0 connections, "
                + "~5043503 flows, 0 problems");
        assertThat(Labels.input(small)).contains(", 0 flows,");
    }

    @Test
    void summariesMergeAndReadBack() throws Exception {
        List<HostReport> hosts = ReportFixtures.fixture().hosts();
        FleetCounts a = FleetCounts.of(hosts.get(0), HostStatus.FAIL, 0);
        FleetCounts b = FleetCounts.of(hosts.get(1), HostStatus.PASS, 2);
        FleetCounts ab = a.merge(b);
        assertThat(ab).isEqualTo(b.merge(a)).isEqualTo(FleetCounts.empty().merge(a).merge(b));
        assertThat(ab.hosts()).isEqualTo(2);
        assertThat(ab.findings()).isEqualTo(hosts.get(0).findings().size() + hosts.get(1).findings().size());
        assertThat(ab.unreadableFiles()).isEqualTo(2);
        assertThat(ab.byStatus()).isEqualTo(Map.of("fail", 1L, "pass", 1L));
        assertThat(ab.bySeverity().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(ab.findings());
        String json = FleetLines.summary(ab, Severity.WARNING, "1.0", Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(FleetLines.parseSummary(json)).isEqualTo(ab);
        assertThat(FleetLines.parseFailOn(json)).isEqualTo(Severity.WARNING);
        assertThat(FleetLines.parseFailOn(FleetLines.summary(ab, null, "1.0", Instant.EPOCH))).isNull();
    }

    @Test
    void aSummaryReachesTheThresholdOnlyWithAFindingAtOrAboveIt() {
        HostReport h = ReportFixtures.noFindings().hosts().get(0);
        FleetCounts none = FleetCounts.of(h, HostStatus.PASS, 0);
        assertThat(none.reaches(Severity.INFO)).isFalse();
        FleetCounts fixture = FleetCounts.of(ReportFixtures.fixture().hosts().get(0), HostStatus.FAIL, 0);
        Severity worst = ReportFixtures.fixture().hosts().get(0).worst();
        assertThat(fixture.reaches(worst)).isTrue();
        assertThat(fixture.reaches(null)).isFalse();
    }

    @Test
    void aDamagedLineSaysWhatIsWrong() {
        assertThatThrownBy(() -> FleetLines.parseFinding("{\"host\":\"a\"}")).hasMessage("expected a string 'code'");
        assertThatThrownBy(() -> FleetLines.parseHost("[1]")).hasMessage("expected an object for host line");
    }
}
