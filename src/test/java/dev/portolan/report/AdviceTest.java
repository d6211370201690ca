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
                .proto(Protocol.TCP).port(49664).address("0.0.0.0").build();
        assertThat(Advice.whatToDo(likely)).isEqualTo("confirm the process on tcp/49664 with netstat -anob; "
                + "nothing to do if it is the service named");
        Finding real = Finding.of(FindingCode.EPHEMERAL_LISTENER).proto(Protocol.TCP).port(50122).address("0.0.0.0").build();
        assertThat(Advice.whatToDo(real)).startsWith("give the service on tcp/50122 a fixed port");
    }
}
