package dev.portolan.ingest.firewall;

import dev.portolan.model.Direction;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.Flow;
import dev.portolan.model.Protocol;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.portolan.ingest.firewall.FirewallTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Logs without a #Fields header in trimmed layouts: columns located by content from the first rows. */
class HeaderlessLayoutTest {

    private static final String BASE = "date time action protocol src-ip dst-ip src-port dst-port";

    private static Flow flow(FirewallLog log, String describe) {
        return log.result().flows().stream().filter(f -> f.describe().equals(describe)).findFirst()
                .orElseThrow(() -> new AssertionError("no flow " + describe + " in " + log.result().flows()));
    }

    private static LayoutGuess guess(String... rows) {
        return LayoutGuess.decide(Arrays.stream(rows).map(r -> r.split(" ")).toList());
    }

    @Test
    void tenFieldsWithSizeAreReadAndTheLayoutIsSaid() throws IOException {
        FirewallLog log = read(fixture("trimmed-10-size.log"));
        assertThat(log.result().notes()).contains("no #Fields header before line 1: assumed the layout " + BASE
                + " size path (10 fields; located by content in 7 sample row(s))");
        Flow drop = flow(log, "udp 10.4.0.30:137 -> 10.4.0.10:137");
        assertThat(drop.bytes()).isEqualTo(78);
        assertThat(drop.direction()).isEqualTo(Direction.INBOUND);
        assertThat(drop.actionCount(FirewallAction.DROP)).isEqualTo(1);
        assertThat(flow(log, "tcp [fe80::1]:50200 -> [fe80::2]:445").bytes()).isEqualTo(40);
        Flow icmp = log.result().flows().stream().filter(f -> f.proto() == Protocol.ICMP).findFirst().orElseThrow();
        assertThat(icmp.bytes()).isEqualTo(60);
        // only the rows that fit no layout are problems: one cut short (9 fields), one with port 99999
        assertThat(log.result().problems()).extracting(p -> p.evidence().line() + " " + p.message()).containsExactly(
                "7 expected 10 or 17 or 18 fields (no #Fields header; the layouts decided from the first rows), found 9",
                "8 bad port '99999' (expected 0-65535 or -)");
    }

    @Test
    void tenFieldsWithPidCrlf() throws IOException {
        FirewallLog log = read(fixture("trimmed-10-pid.log"));
        assertThat(log.result().notes()).contains("no #Fields header before line 1: assumed the layout " + BASE
                + " path pid (10 fields; located by content in 4 sample row(s))");
        Flow out = flow(log, "tcp 10.4.0.10:50500 -> 93.184.216.34:443");
        assertThat(out.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(out.bytes()).isZero();
        assertThat(log.stats().pidLines()).isEqualTo(4);
        assertThat(log.result().problemCount()).isZero();
    }

    @Test
    void elevenFieldsWithSizeAndPidAndAGap() throws IOException {
        FirewallLog log = read(fixture("trimmed-11.log"));
        assertThat(log.result().notes()).contains("no #Fields header before line 1: assumed the layout " + BASE
                + " size path pid (11 fields; located by content in 4 sample row(s))");
        assertThat(flow(log, "tcp 10.4.0.50:52000 -> 10.4.0.10:445").bytes()).isEqualTo(52);
        assertThat(flow(log, "udp 10.4.0.10:53100 -> 10.4.0.1:53").bytes()).isEqualTo(61);
        assertThat(log.result().problemCount()).isZero();
        // the trimmed layout has no info column: the gap has no count
        assertThat(log.result().logGap().records()).isEqualTo(1);
        assertThat(log.result().logGap().eventsLost()).isEqualTo(-1);
        assertThat(log.result().logGap().eventsText()).isEqualTo("an unknown number of events");
    }

    @Test
    void nineFieldsWithoutSizeOrPid() throws IOException {
        FirewallLog log = read(fixture("trimmed-9.log"));
        assertThat(log.result().notes()).contains("no #Fields header before line 1: assumed the layout " + BASE
                + " path (9 fields; located by content in 3 sample row(s))");
        assertThat(flow(log, "tcp 10.4.0.70:50700 -> 10.4.0.10:31300").direction()).isEqualTo(Direction.INBOUND);
    }

    @Test
    void standardHeaderlessRowsKeepTheStandardLayout() {
        LayoutGuess g = guess("2024-03-01 10:00:00 ALLOW UDP 10.0.0.5 10.0.0.1 53000 53 0 - - - - - - - SEND",
                "2024-03-01 10:00:05 DROP TCP 10.0.0.8 10.0.0.5 50000 22 40 S 1 0 1024 - - - RECEIVE");
        assertThat(g.forFieldCount(17)).isSameAs(Columns.STANDARD_LAYOUT);
        assertThat(g.forFieldCount(18)).isSameAs(Columns.STANDARD_PID_LAYOUT);
        assertThat(g.trimmed()).isFalse();
    }

    @Test
    void theNumberBeforeThePathIsTheSizeAndTheOneAfterItThePid() {
        assertThat(guess("2024-03-01 10:00:00 ALLOW TCP 10.0.0.5 10.0.0.1 50000 443 4000 SEND",
                "2024-03-01 10:00:01 ALLOW TCP 10.0.0.5 10.0.0.1 50001 443 60 SEND").layouts())
                .containsEntry(10, BASE + " size path");
        assertThat(guess("2024-03-01 10:00:00 ALLOW TCP 10.0.0.5 10.0.0.1 50000 443 SEND 4000",
                "2024-03-01 10:00:01 ALLOW TCP 10.0.0.5 10.0.0.1 50001 443 SEND 60").layouts())
                .containsEntry(10, BASE + " path pid");
    }

    @Test
    void addressesPairedWithTheirPortsAreLocatedToo() {
        Map<Integer, String> l = guess("2024-03-01 10:00:00 ALLOW TCP 10.0.0.5 50000 10.0.0.1 443 SEND",
                "2024-03-01 10:00:01 DROP UDP 10.0.0.9 5353 10.0.0.5 5353 RECEIVE").layouts();
        assertThat(l).containsEntry(9, "date time action protocol src-ip src-port dst-ip dst-port path");
    }

    @Test
    void rowsThatAreNotFirewallRecordsDecideNothing() {
        LayoutGuess g = guess("2025-02-03 08:00:01 DENY TCP src=10.4.0.30:50100 dst=10.4.0.10:22 rule=7 iface=eth0",
                "2025-02-03 08:00:02 PASS UDP src=10.4.0.31:5353 dst=10.4.0.10:5353 rule=2 iface=eth0");
        assertThat(g.forFieldCount(8)).isNull();
        assertThat(g.layouts().keySet()).containsExactly(17, 18);
    }

    @Test
    void aStrayShortRowDecidesNoLayoutOfItsOwn() {
        List<String> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 9; i++) rows.add("2024-03-01 10:00:0" + i + " ALLOW TCP 10.0.0.5 10.0.0.1 5000" + i + " 443 60 SEND");
        rows.add("2024-03-01 10:00:09 ALLOW TCP 10.0.0.5 10.0.0.1 50009 443 60");
        assertThat(guess(rows.toArray(String[]::new)).layouts().keySet()).containsExactly(10, 17, 18);
    }
}
