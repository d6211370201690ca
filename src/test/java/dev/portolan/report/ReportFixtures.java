package dev.portolan.report;

import dev.portolan.audit.Auditor;
import dev.portolan.catalog.CatalogLoader;
import dev.portolan.model.AuditReport;
import dev.portolan.model.ListeningService;
import dev.portolan.model.ServiceGroup;
import dev.portolan.model.Connection;
import dev.portolan.model.Direction;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.Flow;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.Initiator;
import dev.portolan.model.InputSummary;
import dev.portolan.model.Listener;
import dev.portolan.model.OsFamily;
import dev.portolan.model.Protocol;
import dev.portolan.model.RoleAssignment;
import dev.portolan.model.Severity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Authored audit reports for the renderer tests. Timestamps and the version are fixed so golden files
 * stay byte-stable; the findings are shaped like the matcher's (quail is the host of seed 002, E.2).
 */
final class ReportFixtures {
    static final Instant GENERATED = Instant.parse("2024-05-01T10:00:00Z");
    static final String VERSION = "0.1.0-test";
    static final String NETSTAT = "netstat-quail.txt";
    static final String FIREWALL = "logs/ws-042/pfirewall.log";
    static final String CAPTURE = "captures/ws-042.pcapng";

    private ReportFixtures() {
    }

    /** Case name → report; the golden files are named after the case. */
    static List<Object[]> cases() {
        return List.of(
                new Object[] {"fixture", fixture()},
                new Object[] {"empty", empty()},
                new Object[] {"no-findings", noFindings()},
                new Object[] {"hostile", hostile()});
    }

    static AuditReport fixture() {
        return new AuditReport(List.of(manager(), agent()), GENERATED, VERSION);
    }

    static AuditReport empty() {
        return new AuditReport(List.of(), GENERATED, VERSION);
    }

    static AuditReport noFindings() {
        Host host = Host.builder().name("quiet-01").os(OsFamily.LINUX).address("10.0.3.7").build();
        Listener ssh = new Listener(Protocol.TCP, "0.0.0.0", 22, 811, "sshd",
                Evidence.ofLine("ss-quiet-01.txt", 2, "tcp   LISTEN 0      128          0.0.0.0:22        0.0.0.0:*    users:((\"sshd\",pid=811,fd=3))"));
        return new AuditReport(List.of(new HostReport(host, List.of(), listening(ssh), List.of(), List.of(), List.of(),
                List.of(new InputSummary("ss-quiet-01.txt", "ss", "tulpn", 1, 1, 0, 0, 0)))), GENERATED, VERSION);
    }

    /** A Windows ClientManager manager audited from a netstat -ano dump. */
    static HostReport manager() {
        Host host = Host.builder().name("quail").os(OsFamily.WINDOWS).address("192.168.10.21").address("fe80::5c1e:2a%12")
                .role(new RoleAssignment("clientmanager:manager", true, 0.85, List.of("2856", "2921")))
                .role("os-windows:host")
                .setting("clientmanager.version", "4.33").setting("clientmanager.db", "embedded").build();
        Evidence l135 = line(5, "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       912");
        Evidence l445 = line(6, "  TCP    0.0.0.0:445            0.0.0.0:0              LISTENING       4");
        Evidence l2856 = line(7, "  TCP    0.0.0.0:2856           0.0.0.0:0              LISTENING       2140");
        Evidence l2921 = line(8, "  TCP    0.0.0.0:2921           0.0.0.0:0              LISTENING       2140");
        Evidence l5024 = line(9, "  TCP    0.0.0.0:5024           0.0.0.0:0              LISTENING       3312");
        Evidence l5940 = line(10, "  TCP    0.0.0.0:5940           0.0.0.0:0              LISTENING       2196");
        Evidence l50122 = line(11, "  TCP    0.0.0.0:50122          0.0.0.0:0              LISTENING       4410");
        Evidence l137 = line(12, "  UDP    192.168.10.21:137      *:*                                    4");
        Evidence c1 = line(14, "  TCP    192.168.10.21:2856     192.168.10.50:51734    ESTABLISHED     2140");

        List<Finding> findings = List.of(
                Finding.of(FindingCode.MISSING_LISTENER).proto(Protocol.TCP).port(31300).product("clientmanager").role("manager")
                        .message("expected listener absent: agent communication port (version>=4.33)")
                        .evidence(Evidence.ofFile(NETSTAT, "")).entry("cm-12", "002_90f86e8031249e09.txt table 1 No.3").build(),
                Finding.of(FindingCode.EXPOSED_INTERNAL).proto(Protocol.TCP).port(5940).address("0.0.0.0")
                        .product("clientmanager").role("manager")
                        .message("internal-only DB engine port is bound to all addresses")
                        .evidence(l5940).entry("cm-20", "002_90f86e8031249e09.txt table 4 No.1").build(),
                Finding.of(FindingCode.UNKNOWN_LISTENER).proto(Protocol.TCP).port(5024).address("0.0.0.0")
                        .message("no catalog entry of this host's roles explains it (deliverymanager:relay documents 5024)")
                        .evidence(l5024).build(),
                Finding.of(FindingCode.EPHEMERAL_LISTENER).proto(Protocol.TCP).port(50122).address("0.0.0.0")
                        .message("listener inside the ephemeral range 49152-65535 (pid 4410)").evidence(l50122).build(),
                expected(Protocol.TCP, 135, "0.0.0.0", "os-windows", "host", "DCE-RPC endpoint mapper", l135, "win-01"),
                expected(Protocol.TCP, 445, "0.0.0.0", "os-windows", "host", "SMB", l445, "win-04"),
                expected(Protocol.TCP, 2856, "0.0.0.0", "clientmanager", "manager", "agent to manager", l2856, "cm-01"),
                expected(Protocol.TCP, 2921, "0.0.0.0", "clientmanager", "manager", "console to manager", l2921, "cm-02"),
                expected(Protocol.UDP, 137, "192.168.10.21", "os-windows", "host", "NetBIOS name service", l137, "win-02"));
        List<Listener> listeners = List.of(
                new Listener(Protocol.TCP, "0.0.0.0", 135, 912, null, l135),
                new Listener(Protocol.TCP, "0.0.0.0", 445, 4, null, l445),
                new Listener(Protocol.TCP, "0.0.0.0", 2856, 2140, null, l2856),
                new Listener(Protocol.TCP, "0.0.0.0", 2921, 2140, null, l2921),
                new Listener(Protocol.TCP, "0.0.0.0", 5024, 3312, null, l5024),
                new Listener(Protocol.TCP, "0.0.0.0", 5940, 2196, null, l5940),
                new Listener(Protocol.TCP, "0.0.0.0", 50122, 4410, null, l50122),
                new Listener(Protocol.UDP, "192.168.10.21", 137, 4, null, l137));
        List<Connection> connections = List.of(
                new Connection(Protocol.TCP, "192.168.10.21", 2856, "192.168.10.50", 51734, "ESTABLISHED", 2140, null, c1));
        Flow row = new Flow(Protocol.TCP, 0, "192.168.10.50", 51734, "192.168.10.21", 2856, Initiator.INFERRED);
        row.setDirection(Direction.INBOUND);
        row.addPacket(true, Long.MIN_VALUE, 0, 0);
        row.addEvidence(connections.get(0).evidence());
        return new HostReport(host, findings, listening(listeners.toArray(Listener[]::new)), fold(List.of(row)), List.of(),
                List.of(), List.of(new InputSummary(NETSTAT, "netstat", "windows-ano", 10, 8, 1, 0, 0)));
    }

    /** A ClientManager agent audited from its firewall log and a capture. */
    static HostReport agent() {
        Host host = Host.builder().name("ws-042").os(OsFamily.WINDOWS).address("192.168.10.50")
                .role("clientmanager:agent").build();
        Evidence drop1 = Evidence.ofLine(FIREWALL, 7,
                "2024-05-01 09:31:02 DROP TCP 192.168.10.21 192.168.10.50 50911 2856 52 S 3312459 0 8192 - - - RECEIVE");
        Evidence drop2 = Evidence.ofLine(FIREWALL, 9,
                "2024-05-01 09:31:05 DROP TCP 192.168.10.21 192.168.10.50 50911 2856 52 S 3312459 0 8192 - - - RECEIVE");
        Evidence syn = Evidence.ofPacket(CAPTURE, 17, "2024-05-01T09:32:10.250Z", "192.168.10.50:2921 > 192.168.10.21:51522 TCP SYN");
        Evidence synAck = Evidence.ofPacket(CAPTURE, 18, "2024-05-01T09:32:10.251Z", "192.168.10.21:51522 > 192.168.10.50:2921 TCP SYN-ACK");
        Evidence wol = Evidence.ofPacket(CAPTURE, 3, "2024-05-01T09:30:00.004Z", "192.168.10.21:9 > 192.168.10.255:9 UDP len 102");
        Evidence bad = Evidence.ofLine(FIREWALL, 12, "2024-05-01 09:33:4");

        List<Finding> findings = List.of(
                Finding.of(FindingCode.BLOCKED_EXPECTED).proto(Protocol.TCP).port(2856).address("192.168.10.50")
                        .peer("192.168.10.21").product("clientmanager").role("agent")
                        .message("firewall dropped 2 packets from the manager to the agent port; add an exception")
                        .evidence(List.of(drop1, drop2)).entry("cm-01", "002_90f86e8031249e09.txt table 1 No.1").build(),
                Finding.of(FindingCode.DIRECTION_MISMATCH).proto(Protocol.TCP).port(2921).address("192.168.10.50")
                        .peer("192.168.10.21").product("clientmanager").role("manager")
                        .message("documented listener side initiated: 192.168.10.50:2921 connected to an ephemeral port of the manager")
                        .evidence(List.of(syn, synAck)).entry("cm-02", "002_90f86e8031249e09.txt table 1 No.2").build(),
                Finding.of(FindingCode.INPUT_PROBLEM).message("truncated line: expected 17 fields (#Fields header), found 2")
                        .evidence(bad).build(),
                Finding.of(FindingCode.EXPECTED).proto(Protocol.UDP).port(9).address("192.168.10.255").peer("192.168.10.21")
                        .product("clientmanager").role("agent").message("Wake-on-LAN magic packet 9 -> 9")
                        .evidence(wol).entry("cm-30", "002_90f86e8031249e09.txt table 2 No.4").build(),
                Finding.of(FindingCode.NOT_OBSERVED).proto(Protocol.TCP).port(2921).address("192.168.10.21")
                        .product("clientmanager").role("manager").message("no agent-to-manager connection seen in the capture")
                        .entry("cm-02", "002_90f86e8031249e09.txt table 1 No.2").build());

        Flow blocked = new Flow(Protocol.TCP, 6, "192.168.10.21", 50911, "192.168.10.50", 2856, Initiator.LOGGED);
        blocked.setDirection(Direction.INBOUND);
        blocked.addLogLine(FirewallAction.DROP, micros("2024-05-01T09:31:02Z"), 52);
        blocked.addLogLine(FirewallAction.DROP, micros("2024-05-01T09:31:05Z"), 52);
        blocked.addEvidence(drop1);
        blocked.addEvidence(drop2);
        Flow reversed = new Flow(Protocol.TCP, 6, "192.168.10.50", 2921, "192.168.10.21", 51522, Initiator.HANDSHAKE);
        reversed.setDirection(Direction.OUTBOUND);
        reversed.addPacket(true, micros("2024-05-01T09:32:10.250Z"), 60, Flow.SYN);
        reversed.addPacket(false, micros("2024-05-01T09:32:10.251Z"), 60, Flow.SYN_ACK);
        reversed.addPacket(true, micros("2024-05-01T09:32:10.252Z"), 52, Flow.FIN);
        reversed.addEvidence(syn);
        reversed.addEvidence(synAck);
        return new HostReport(host, findings, List.of(), fold(List.of(blocked, reversed)), List.of(), List.of(), List.of(
                new InputSummary(FIREWALL, "firewall", "pfirewall", 9, 0, 0, 1, 1),
                new InputSummary(CAPTURE, "pcapng", "ethernet", 42, 0, 0, 1, 0)));
    }

    /** Host names, messages, files and evidence written to break each output format. */
    static AuditReport hostile() {
        String script = "<script>alert(1)</script>";
        Host h1 = Host.builder().name(script).os(OsFamily.WINDOWS).address("10.6.6.6")
                .role(new RoleAssignment("x:<img src=x onerror=alert(3)>", true, 0.5, List.of("1&2", "\"3\"")))
                .setting("note", "@SUM(1+1)").setting("path", "a|b `c`").build();
        Host h2 = Host.builder().name("=cmd|' /C calc'!A0").os(OsFamily.LINUX).build();
        Evidence e1 = Evidence.ofLine("C:\\dumps\\<b>&\"x\" y.txt", 3,
                "=HYPERLINK(\"http://evil\")</pre><script>alert(2)</script>\u001b[2J\u0000end ```fence```");
        Evidence e2 = Evidence.ofPacket("cap|`x`.pcap", 1, "2024-05-01T00:00:00Z", "-2+3\r\nnext\u0007");
        Finding f1 = Finding.of(FindingCode.UNKNOWN_LISTENER).proto(Protocol.TCP).port(4444).address("-1+2")
                .product("+evil").role("@role").message("a|b `tick` line1\nline2\u0000nul & \"quoted\" <i>x</i> ]]>")
                .evidence(List.of(e1, e2)).entry("=id", "-source").build();
        Finding f2 = Finding.of(FindingCode.INPUT_PROBLEM).severity(Severity.ERROR).message("\tstarts with tab")
                .evidence(Evidence.ofFile("\rcr.txt", "")).build();
        Finding f3 = Finding.of(FindingCode.EXPECTED).proto(Protocol.UDP).port(0).address(script)
                .message(script).build();
        return new AuditReport(List.of(
                HostReport.of(h1, List.of(f2, f1), List.of(new InputSummary("<in>.txt", "netstat", "<v>", 1, 0, 0, 0, 1))),
                HostReport.of(h2, List.of(f3), List.of())), GENERATED, "<v>&1");
    }

    /** A manager with many EXPECTED findings, to exercise the text format's collapsing. */
    static AuditReport manyExpected(int n) {
        List<Finding> findings = new ArrayList<>();
        findings.add(Finding.of(FindingCode.UNKNOWN_LISTENER).proto(Protocol.TCP).port(7000).address("0.0.0.0").message("unknown").build());
        for (int i = 0; i < n; i++) {
            findings.add(expected(Protocol.TCP, 1000 + i, "0.0.0.0", "p", "r", "m" + i, line(20 + i, "row " + i), "e" + i));
        }
        HostReport h = HostReport.of(Host.builder().name("many").build(), findings, List.of());
        return new AuditReport(List.of(h), GENERATED, VERSION);
    }

    /** Listening sockets folded as an audit folds them. */
    static List<ListeningService> listening(Listener... sockets) {
        List<ListeningService> out = new ArrayList<>();
        for (Listener l : sockets) {
            out.add(new ListeningService(l.proto(), l.port(), l.address(), l.isLoopbackOnly(), List.of(l.evidence()),
                    l.process() == null ? List.of() : List.of(l.process()), l.pid() > 0 ? List.of(l.pid()) : List.of(), 1));
        }
        return out;
    }

    /** Flows folded into service groups as an audit folds them (bundled catalog, every address kept). */
    static List<ServiceGroup> fold(List<Flow> flows) {
        try {
            return new Auditor(CatalogLoader.loadBundled()).fold(flows);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Finding expected(Protocol p, int port, String address, String product, String role, String purpose,
                                    Evidence e, String entry) {
        return Finding.of(FindingCode.EXPECTED).proto(p).port(port).address(address).product(product).role(role)
                .message("matches " + entry + ": " + purpose).evidence(e).entry(entry, "catalog/" + product + ".csv").build();
    }

    private static Evidence line(long n, String text) {
        return Evidence.ofLine(NETSTAT, n, text);
    }

    private static long micros(String iso) {
        Instant t = Instant.parse(iso);
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
