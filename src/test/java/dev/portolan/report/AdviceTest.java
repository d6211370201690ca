package dev.portolan.report;

import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Protocol;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdviceTest {

    @Test
    void everyFindingCodeHasAdviceWithKnownPlaceholdersOnly() {
        for (FindingCode c : FindingCode.values()) assertThat(Advice.of(c)).as("advice row for " + c).isPresent();
        for (Advice.Entry e : Advice.all()) {
            String c = e.code() + (e.severity() == null ? "" : "@" + e.severity().label());
            assertThat(FindingCode.valueOf(e.code())).as(c).isNotNull();
            assertThat(e.why()).as(c + " why").isNotBlank();
            assertThat(e.fix()).as(c + " fix").isNotBlank();
            if (e.firewallException() != null) {
                assertThat(e.firewallException()).as(c).isIn("yes", "no", "auto", "unspecified", "depends");
            }
            for (String text : new String[] {e.why(), e.fix()}) {
                assertThat(Advice.generic(text)).as(c + ": every placeholder is one of {pp} {address} {peer} {role}")
                        .doesNotContain("{").doesNotContain("}");
            }
        }
    }

    @Test
    void theFixIsFilledFromTheFinding() {
        Finding blocked = Finding.of(FindingCode.BLOCKED_EXPECTED).proto(Protocol.TCP).port(2856).address("10.1.0.10")
                .peer("10.1.0.20").product("desktop-patrol").role("desktop-patrol:cs").build();
        assertThat(Advice.whatToDo(blocked)).isEqualTo("add an inbound firewall exception for tcp/2856 on 10.1.0.10 if the message says firewall_exception: yes; otherwise check first whether it must pass");
        Finding missing = Finding.of(FindingCode.MISSING_LISTENER).proto(Protocol.TCP).port(31300)
                .product("clientmanager").role("manager").build();
        assertThat(Advice.whatToDo(missing))
                .isEqualTo("start the service of clientmanager:manager or check its configured port: it should listen on tcp/31300");
        // nothing known: neutral words, never an empty slot or a placeholder
        Finding bare = Finding.of(FindingCode.UNEXPECTED_FLOW).build();
        assertThat(Advice.whatToDo(bare))
                .isEqualTo("identify the traffic from the peer to this host on the port; document it in a site overlay if it is legitimate, else block it");
        assertThat(Advice.why(blocked)).contains("tcp/2856");
        // context: a listener only a heuristic baseline row explains is a notice, and the advice is to confirm it
        Finding likely = Finding.of(FindingCode.EPHEMERAL_LISTENER).severity(dev.portolan.model.Severity.NOTICE)
                .proto(Protocol.TCP).port(49664).address("0.0.0.0").entry("win-24", "baseline").build();
        assertThat(Advice.whatToDo(likely)).isEqualTo("confirm the process on tcp/49664 with netstat -anob; "
                + "nothing to do if it is the service named");
        // a notice for being bound to loopback only (any OS, a process named) is no heuristic: the code's own advice
        Finding loopback = Finding.of(FindingCode.UNKNOWN_LISTENER).severity(dev.portolan.model.Severity.NOTICE)
                .proto(Protocol.TCP).port(9229).address("127.0.0.1").build();
        assertThat(Advice.whatToDo(loopback)).isEqualTo("find the process listening on tcp/9229 at 127.0.0.1; stop it, or"
                + " declare its role or add a site overlay row (--catalog) if it belongs here");
        Finding real = Finding.of(FindingCode.EPHEMERAL_LISTENER).proto(Protocol.TCP).port(50122).address("0.0.0.0").build();
        assertThat(Advice.whatToDo(real)).startsWith("give the service on tcp/50122 a fixed port");
    }

    /** Dropped traffic: what to do follows what the catalog row says of a firewall exception for the port. */
    @Test
    void aDropsAdviceIsWordedByTheCatalogsFirewallException() {
        Finding.Builder b = Finding.of(FindingCode.BLOCKED_EXPECTED).proto(Protocol.TCP).port(2856).address("10.1.0.10");
        assertThat(Advice.whatToDo(b.firewallException("yes").build()))
                .isEqualTo("add an inbound firewall exception for tcp/2856 on 10.1.0.10: the catalog says it needs one (firewall_exception: yes)");
        assertThat(Advice.whatToDo(b.firewallException("unspecified").build())).startsWith("check whether tcp/2856 must pass")
                .contains("the catalog does not say").endsWith("if so, add an inbound exception for it on 10.1.0.10");
        assertThat(Advice.whatToDo(b.firewallException("no").build())).startsWith("find the firewall rule that drops tcp/2856 on 10.1.0.10:");
        // several responders: the rule first, then where ("on each of a, b and others that drops" read badly)
        assertThat(Advice.whatToDo(b.firewallException("no").address("192.0.2.1 192.0.2.2 …").build()))
                .startsWith("find the firewall rule that drops tcp/2856 on each of 192.0.2.1, 192.0.2.2 and others: the catalog says");
        assertThat(Advice.whatToDo(b.firewallException("auto").build())).contains("the installer adds");
        // a conditional answer the host's settings left open
        assertThat(Advice.whatToDo(b.firewallException("no (yes if wsus-ssl=yes)").build())).contains("depend on host settings");
        // several responders (folded): each of them, in words
        assertThat(Advice.whatToDo(b.firewallException("yes").address("192.0.2.1 192.0.2.2 2001:db8::1 …").build()))
                .contains("on each of 192.0.2.1, 192.0.2.2, 2001:db8::1 and others:");
        assertThat(Advice.addresses("192.0.2.1 192.0.2.2 192.0.2.3")).isEqualTo("each of 192.0.2.1, 192.0.2.2 and 192.0.2.3");
        assertThat(Advice.addresses("192.0.2.1")).isEqualTo("192.0.2.1");
    }

    /** An unexpected flow's peers (a sample of its originators) read as a list, as its responders do. */
    @Test
    void anUnexpectedFlowsPeersAreListedInWords() {
        Finding f = Finding.of(FindingCode.UNEXPECTED_FLOW).proto(Protocol.TCP).port(22).address("192.168.0.235 192.168.1.110 …")
                .peer("192.168.0.138 174.112.162.59 2001:db8:cf1b::b8b3 …").build();
        assertThat(Advice.whatToDo(f)).isEqualTo("identify the traffic from 192.168.0.138, 174.112.162.59, 2001:db8:cf1b::b8b3 and "
                + "others to each of 192.168.0.235, 192.168.1.110 and others on tcp/22; document it in a site overlay if it is "
                + "legitimate, else block it");
        assertThat(Advice.whatToDo(Finding.of(FindingCode.UNEXPECTED_FLOW).proto(Protocol.UDP).port(53).address("192.168.0.1")
                .peer("10.0.0.7").build())).startsWith("identify the traffic from 10.0.0.7 to 192.168.0.1 on udp/53;");
        assertThat(Advice.peers("10.0.0.7 10.0.0.8")).isEqualTo("10.0.0.7 and 10.0.0.8");
    }
}
