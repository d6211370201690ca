package dev.portolan.report;

import dev.portolan.model.AuditReport;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.OsFamily;
import dev.portolan.model.Protocol;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "What to do" names a run of findings that differ only in their address as one step (many peers dropped on one
 * port would otherwise fill the list, and the other problems would fall out of it), in every report that has the list;
 * the findings below stay one by one.
 */
class StepsTest {
    private static Finding blocked(int port, String address) {
        return Finding.of(FindingCode.BLOCKED_EXPECTED).proto(Protocol.TCP).port(port).address(address).peer("10.0.0.1")
                .product("desktop-patrol").role("cs").message("the firewall dropped tcp/" + port + " to " + address).build();
    }

    private static List<Finding> findings() {
        List<Finding> out = new ArrayList<>();
        out.add(Finding.of(FindingCode.MISSING_LISTENER).proto(Protocol.TCP).port(2856).product("desktop-patrol").role("cs")
                .message("expected listener absent").build());
        for (int i = 1; i <= 8; i++) out.add(blocked(80, "192.0.2." + i));
        out.add(blocked(80, "198.51.100.1 198.51.100.2 …")); // folded responders: a list, never merged into a run
        out.add(blocked(443, "192.0.2.1"));
        out.add(blocked(443, "192.0.2.2"));
        out.add(Finding.of(FindingCode.UNKNOWN_LISTENER).proto(Protocol.TCP).port(4444).address("0.0.0.0").message("no role").build());
        return out;
    }

    private static AuditReport report() {
        Host host = Host.builder().name("cs-01").os(OsFamily.WINDOWS).address("10.0.0.1").build();
        return new AuditReport(List.of(HostReport.of(host, findings(), List.of())), ReportFixtures.GENERATED, ReportFixtures.VERSION);
    }

    @Test
    void runsThatDifferOnlyInTheAddressAreOneStep() {
        List<Steps.Step> steps = Steps.of(findings());
        assertThat(steps).extracting(Steps.Step::number).containsExactly("1.", "2-9.", "10.", "11-12.", "13.");
        Steps.Step run = steps.get(1);
        assertThat(run.where()).isEqualTo(" on 8 addresses (192.0.2.1 192.0.2.2 192.0.2.3 192.0.2.4 192.0.2.5 …)");
        assertThat(run.advice()).isEqualTo("add an inbound firewall exception for tcp/80 on each of them if the message says"
                + " firewall_exception: yes; otherwise check first whether it must pass");
        assertThat(steps.get(3).where()).isEqualTo(" on 2 addresses (192.0.2.1 192.0.2.2)");
        assertThat(steps.get(0).where()).isEmpty();
        assertThat(steps.get(0).advice()).isEqualTo(Advice.whatToDo(findings().get(0)));
    }

    @Test
    void everyReportWithTheListShowsTheRunsAndNumbersThemAsTheFindingsBelow() throws Exception {
        String text = RendererGoldenTest.render(new TextRenderer(), report());
        assertThat(text).contains("\n  2-9. BLOCKED_EXPECTED tcp/80 on 8 addresses (192.0.2.1 192.0.2.2 192.0.2.3\n")
                .contains("\n  10. BLOCKED_EXPECTED tcp/80: add an inbound firewall exception for tcp/80 on\n")
                .contains("\n  11-12. BLOCKED_EXPECTED tcp/443 on 2 addresses (192.0.2.1 192.0.2.2): add an\n")
                .contains("\n  13. UNKNOWN_LISTENER tcp/4444: ")
                // the findings below are still each listed, numbered 1..13
                .contains("\n  9. BLOCKED_EXPECTED tcp/80 192.0.2.8 (peer 10.0.0.1)").contains("\n  13. UNKNOWN_LISTENER tcp/4444 0.0.0.0");
        String md = RendererGoldenTest.render(new MarkdownRenderer(), report());
        // Markdown renumbers an ordered list 1, 2, 3: each step says which findings it covers once that differs
        assertThat(md).contains("\n1. MISSING_LISTENER tcp/2856: ")
                .contains("\n2. BLOCKED_EXPECTED tcp/80 on 8 addresses (192.0.2.1 192.0.2.2 192.0.2.3 192.0.2.4 192.0.2.5 …) (findings 2-9): ")
                .contains("\n3. BLOCKED_EXPECTED tcp/80 (finding 10): ")
                .contains("\n4. BLOCKED_EXPECTED tcp/443 on 2 addresses (192.0.2.1 192.0.2.2) (findings 11-12): ")
                .contains("\n5. UNKNOWN_LISTENER tcp/4444 (finding 13): ");
        String html = RendererGoldenTest.render(new HtmlRenderer(), report());
        // a step numbered as its place in the list has no value of its own
        assertThat(html).contains("<li><a href=\"#host-1-2\"><code>BLOCKED_EXPECTED tcp/80</code></a> (2-9) on 8 addresses"
                        + " (192.0.2.1 192.0.2.2 192.0.2.3 192.0.2.4 192.0.2.5 …): add an inbound firewall exception for tcp/80 on each of them")
                .contains("<li value=\"10\"><a href=\"#host-1-10\"><code>BLOCKED_EXPECTED tcp/80</code></a>: ")
                .contains("<li value=\"13\"><a href=\"#host-1-13\">");
    }

    /**
     * The terminal's list stops at ten steps, but an input problem further down (it sorts last, as a notice) is still
     * shown: "no product roles" explains the UNKNOWN_LISTENER lines above it.
     */
    @Test
    void theTerminalListKeepsALaterInputProblem() throws Exception {
        String text = RendererGoldenTest.render(new TextRenderer(), twelveStepsAndAnInputProblem());
        String todo = text.substring(text.indexOf("What to do:"), text.indexOf("WARNING (12)"));
        assertThat(todo).contains("\n  10. UNKNOWN_LISTENER tcp/5009: ").doesNotContain("11. UNKNOWN_LISTENER")
                .contains("\n  13. INPUT_PROBLEM: ").endsWith("  ... 2 more, listed below\n\n");
    }

    /** Twelve problems each on another port of another address (twelve steps), then a notice that no roles were given. */
    private static AuditReport twelveStepsAndAnInputProblem() {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            findings.add(Finding.of(FindingCode.UNKNOWN_LISTENER).proto(Protocol.TCP).port(5000 + i).address("10.0.0." + (i + 1))
                    .message("no role").build());
        }
        findings.add(Finding.of(FindingCode.INPUT_PROBLEM).severity(dev.portolan.model.Severity.NOTICE)
                .message("no product roles for cs-01: only the OS baseline was checked").build());
        Host host = Host.builder().name("cs-01").os(OsFamily.WINDOWS).address("10.0.0.1").build();
        return new AuditReport(List.of(HostReport.of(host, findings, List.of())), ReportFixtures.GENERATED, ReportFixtures.VERSION);
    }

    /**
     * The HTML list shows the same ten steps and the later input problem; the other steps are in a closed details after
     * it, numbered as their findings, and every problem is still listed below.
     */
    @Test
    void theHtmlListPutsStepsPastTenInAClosedDetails() throws Exception {
        String html = RendererGoldenTest.render(new HtmlRenderer(), twelveStepsAndAnInputProblem());
        String todo = html.substring(html.indexOf("<h3>What to do</h3>"), html.indexOf("</details>", html.indexOf("<h3>What to do</h3>")));
        String shown = todo.substring(0, todo.indexOf("<details"));
        String more = todo.substring(todo.indexOf("<details"));
        assertThat(shown).contains("<li><a href=\"#host-1-10\"><code>UNKNOWN_LISTENER tcp/5009</code></a>")
                .contains("<li value=\"13\"><a href=\"#host-1-13\"><code>INPUT_PROBLEM</code></a>").doesNotContain("tcp/5010");
        assertThat(more).startsWith("<details class=\"more-steps\"><summary>2 more steps (2 findings, each listed below)</summary>")
                .contains("<li value=\"11\"><a href=\"#host-1-11\"><code>UNKNOWN_LISTENER tcp/5010</code></a>")
                .contains("<li value=\"12\"><a href=\"#host-1-12\"><code>UNKNOWN_LISTENER tcp/5011</code></a>");
        // the problems below: all twelve and the input problem
        assertThat(html).contains("id=\"host-1-11\"").contains("id=\"host-1-12\"").contains("id=\"host-1-13\"");
    }

    /**
     * A run that differs only in the service (same address, product and role): a Windows host's RPC listeners, an
     * agent's missing listeners. Named by their ports, the advice for each of them; an input problem never joins one
     * (input problems with the same advice make a step of their own).
     */
    @Test
    void runsThatDifferOnlyInTheServiceAreOneStep() {
        List<Finding> findings = new ArrayList<>();
        for (int port : new int[] {80, 2922, 10104}) {
            findings.add(Finding.of(FindingCode.MISSING_LISTENER).proto(Protocol.TCP).port(port).product("desktop-patrol").role("cs")
                    .message("expected listener absent").build());
        }
        for (int port = 49664; port <= 49669; port++) {
            findings.add(Finding.of(FindingCode.EPHEMERAL_LISTENER).severity(dev.portolan.model.Severity.NOTICE).proto(Protocol.TCP)
                    .port(port).address("0.0.0.0").product("os-windows").role("host").entry("win-24", "baseline").message("likely RPC").build());
        }
        findings.add(Finding.of(FindingCode.EPHEMERAL_LISTENER).severity(dev.portolan.model.Severity.NOTICE).proto(Protocol.TCP)
                .port(49670).address("::").product("os-windows").role("host").entry("win-24", "baseline").message("likely RPC").build());
        findings.add(Finding.of(FindingCode.INPUT_PROBLEM).message("bad line 7").build());
        findings.add(Finding.of(FindingCode.INPUT_PROBLEM).message("bad line 9").build());
        List<Steps.Step> steps = Steps.of(findings);
        // the two input problems (no service, the same advice) are one step of their own
        assertThat(steps).extracting(Steps.Step::number).containsExactly("1-3.", "4-9.", "10.", "11-12.");
        assertThat(steps.get(3).headline()).isEqualTo("INPUT_PROBLEM");
        assertThat(steps.get(3).where()).isEqualTo(" (2 findings)");
        assertThat(steps.get(0).headline()).isEqualTo("MISSING_LISTENER");
        assertThat(steps.get(0).where()).isEqualTo(" on 3 ports (tcp/80 tcp/2922 tcp/10104)");
        assertThat(steps.get(0).advice()).isEqualTo("start the service of desktop-patrol:cs or check its configured port: it should listen on each of them");
        assertThat(steps.get(1).where()).isEqualTo(" on 6 ports (tcp/49664 tcp/49665 tcp/49666 tcp/49667 tcp/49668 …)");
        assertThat(steps.get(1).advice()).isEqualTo("confirm the process on each of them with netstat -anob; nothing to do if it is the service named");
        // another address: its own step, named as before
        assertThat(steps.get(2).headline()).isEqualTo("EPHEMERAL_LISTENER tcp/49670");
        assertThat(steps.get(2).advice()).isEqualTo("confirm the process on tcp/49670 with netstat -anob; nothing to do if it is the service named");
    }

    /**
     * Dozens of ports of one catalog row's range, each dropped on another address (a generated log's udp/56700-56899):
     * one step naming each port with its address; another row, a folded address list or another severity starts a step
     * of its own.
     */
    @Test
    void runsOfOneCatalogRowOnOtherPortsAndAddressesAreOneStep() throws Exception {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < 7; i++) findings.add(rangeDrop("dm-19", 56717 + 4 * i, "192.0.2." + (10 + i)));
        findings.add(rangeDrop("dm-19", 56800, "198.51.100.1 198.51.100.2 …")); // folded responders: a list, never merged
        findings.add(rangeDrop("dm-20", 57001, "192.0.2.40"));
        findings.add(rangeDrop("dm-20", 57002, "192.0.2.41"));
        findings.add(Finding.of(FindingCode.BLOCKED_EXPECTED).severity(dev.portolan.model.Severity.WARNING).proto(Protocol.UDP)
                .port(57003).address("192.0.2.42").product("deliverymanager").role("server").entry("dm-20", "doc")
                .firewallException("unspecified").message("dropped").build());
        List<Steps.Step> steps = Steps.of(findings);
        assertThat(steps).extracting(Steps.Step::number).containsExactly("1-7.", "8.", "9-10.", "11.");
        Steps.Step run = steps.get(0);
        assertThat(run.headline()).isEqualTo("BLOCKED_EXPECTED");
        assertThat(run.where()).isEqualTo(" on 7 ports of catalog row dm-19 (udp/56717 on 192.0.2.10, udp/56721 on 192.0.2.11,"
                + " udp/56725 on 192.0.2.12, udp/56729 on 192.0.2.13, udp/56733 on 192.0.2.14, …)");
        assertThat(run.advice()).isEqualTo("check whether each of them must pass the firewall (the catalog does not say:"
                + " firewall_exception: unspecified); if so, add an inbound exception for it on the address listed with it");
        assertThat(steps.get(1).headline()).isEqualTo("BLOCKED_EXPECTED udp/56800");
        assertThat(steps.get(2).where()).isEqualTo(" on 2 ports of catalog row dm-20 (udp/57001 on 192.0.2.40, udp/57002 on 192.0.2.41)");

        Host host = Host.builder().name("dm-01").os(OsFamily.WINDOWS).address("192.0.2.10").build();
        AuditReport r = new AuditReport(List.of(HostReport.of(host, findings, List.of())), ReportFixtures.GENERATED, ReportFixtures.VERSION);
        String text = RendererGoldenTest.render(new TextRenderer(), r);
        assertThat(text).contains("\n  1-7. BLOCKED_EXPECTED on 7 ports of catalog row dm-19 (udp/56717 on\n       192.0.2.10, udp/56721 on 192.0.2.11,");
        String html = RendererGoldenTest.render(new HtmlRenderer(), r);
        assertThat(html).contains("<code>BLOCKED_EXPECTED</code></a> (1-7) on 7 ports of catalog row dm-19 (udp/56717 on 192.0.2.10,");
    }

    /**
     * A big log's undocumented traffic: per service one finding for the host and one for the other addresses it went to,
     * each with its own peers, on many services. From six services on, the run is one step naming each service once;
     * on five it stays one step per finding (each names its addresses and peers), and so do many findings of one
     * service; a listener (no peer) never joins.
     */
    @Test
    void trafficOnManyServicesEachWithItsAddressesAndPeersIsOneStep() throws Exception {
        List<Finding> many = unexpected(6);
        many.add(Finding.of(FindingCode.UNKNOWN_LISTENER).proto(Protocol.TCP).port(4444).address("0.0.0.0").message("no role").build());
        List<Steps.Step> steps = Steps.of(many);
        assertThat(steps).extracting(Steps.Step::number).containsExactly("1-12.", "13.");
        Steps.Step run = steps.get(0);
        assertThat(run.headline()).isEqualTo("UNEXPECTED_FLOW");
        assertThat(run.where()).isEqualTo(" on 6 services (tcp/22 tcp/25 udp/53 udp/67 tcp/80 …)");
        assertThat(run.advice()).isEqualTo("identify the traffic from its peers to its addresses on each of them; document it in a"
                + " site overlay if it is legitimate, else block it");
        assertThat(Steps.of(unexpected(5))).hasSize(10);
        // eight findings of one service, each with its own address and peer: not a run of many services
        List<Finding> oneService = new ArrayList<>();
        for (int i = 0; i < 8; i++) oneService.add(unexpectedOn(Protocol.TCP, 22, "192.0.2." + i, "198.51.100." + i));
        assertThat(Steps.of(oneService)).hasSize(8);
        Host host = Host.builder().name("cs-01").os(OsFamily.WINDOWS).address("10.0.0.1").build();
        AuditReport r = new AuditReport(List.of(HostReport.of(host, many, List.of())), ReportFixtures.GENERATED, ReportFixtures.VERSION);
        assertThat(RendererGoldenTest.render(new TextRenderer(), r)).contains("\n  1-12. UNEXPECTED_FLOW on 6 services (tcp/22 tcp/25 udp/53 udp/67 tcp/80 …):\n"
                + "        identify the traffic from its peers to its addresses on each of them;\n");
        assertThat(RendererGoldenTest.render(new HtmlRenderer(), r)).contains("<code>UNEXPECTED_FLOW</code></a> (1-12) on 6 services (tcp/22 tcp/25");
    }

    /** Per service of the first {@code n} of six: traffic to the host from one peer, and to three other addresses from two. */
    private static List<Finding> unexpected(int n) {
        Object[][] services = {{Protocol.TCP, 22}, {Protocol.TCP, 25}, {Protocol.UDP, 53}, {Protocol.UDP, 67}, {Protocol.TCP, 80},
            {Protocol.TCP, 443}};
        List<Finding> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Protocol p = (Protocol) services[k][0];
            int port = (int) services[k][1];
            out.add(unexpectedOn(p, port, "192.0.2.10 192.0.2.11 192.0.2.12", "203.0.113." + k + " 203.0.113." + (k + 50)));
            out.add(unexpectedOn(p, port, "10.0.0.1", "198.51.100." + k));
        }
        return out;
    }

    private static Finding unexpectedOn(Protocol p, int port, String address, String peer) {
        return Finding.of(FindingCode.UNEXPECTED_FLOW).proto(p).port(port).address(address).peer(peer)
                .message("traffic to " + p.label() + "/" + port + " that no role documents").build();
    }

    private static Finding rangeDrop(String entry, int port, String address) {
        return Finding.of(FindingCode.BLOCKED_EXPECTED).proto(Protocol.UDP).port(port).address(address).peer("10.0.0." + (port % 7))
                .product("deliverymanager").role("server").entry(entry, "DeliveryManager doc").firewallException("unspecified")
                .message("the firewall dropped udp/" + port + " to " + address).build();
    }
}
