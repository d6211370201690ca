package dev.portolan.report;

import dev.portolan.model.Evidence;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.Flow;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.Initiator;
import dev.portolan.model.OsFamily;
import dev.portolan.model.Protocol;
import dev.portolan.model.ServiceGroup;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host's thousands of service groups are written as their JSON lines made on every core: in the groups' order, the
 * report the same as one worker writes.
 */
class JsonServiceLinesTest {

    @Test
    void thousandsOfServicesAreWrittenInTheirOrderOnOneWorkerAsOnFour() throws Exception {
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Flow f = new Flow(Protocol.TCP, 6, "192.168.10." + (1 + i % 200), 50000 + i % 1000, "10.1." + (i / 250) + "." + (1 + i % 250),
                    1024 + i, Initiator.LOGGED);
            f.addLogLines(FirewallAction.ALLOW, 1, 60, 1_000_000L * i, 1_000_000L * i,
                    List.of(Evidence.ofLine("pfirewall.log", 5 + i, "line " + i)));
            flows.add(f);
        }
        List<ServiceGroup> services = ReportFixtures.fold(flows);
        assertThat(services).hasSizeGreaterThan(2048);
        Host host = Host.builder().name("h").os(OsFamily.WINDOWS).address("10.0.0.1").build();
        HostReport report = new HostReport(host, List.of(), List.of(), services, List.of(), List.of(), List.of());

        String one = json(report, 1);
        assertThat(json(report, 4)).isEqualTo(one);
        // each group's line in the groups' order: their evidence lines as the flows came
        String list = one.substring(one.indexOf("\"services\""));
        int at = -1;
        for (int i = 0; i < 3000; i += 97) {
            int next = list.indexOf("\"first_evidence\":\"pfirewall.log:" + (5 + i) + "\"", at + 1);
            assertThat(next).as("service %d after %d", i, at).isGreaterThan(at);
            at = next;
        }
    }

    private static String json(HostReport report, int workers) throws Exception {
        ForkJoinPool pool = new ForkJoinPool(workers);
        try {
            return pool.submit(() -> {
                StringWriter out = new StringWriter();
                ReportWriter w = new JsonRenderer().open(out, new RunInfo(Instant.EPOCH, "test"));
                w.host(report);
                w.end(RunSummary.of(List.of(report)));
                return out.toString();
            }).get();
        } finally {
            pool.shutdown();
        }
    }
}
