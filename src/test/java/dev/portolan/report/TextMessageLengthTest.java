package dev.portolan.report;

import dev.portolan.model.AuditReport;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.OsFamily;
import dev.portolan.model.Protocol;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A finding's message is shown whole in the text report (its end often says where to look); only a huge one is cut. */
class TextMessageLengthTest {

    private static String text(String message) throws Exception {
        Host h = Host.builder().name("quail").os(OsFamily.WINDOWS).address("10.1.0.10").build();
        Finding f = Finding.of(FindingCode.BLOCKED_EXPECTED).proto(Protocol.TCP).port(2856).address("10.1.0.10")
                .message(message).evidence(Evidence.ofLine("pfirewall.log", 6, "DROP")).build();
        AuditReport report = new AuditReport(List.of(HostReport.of(h, List.of(f), List.of())), ReportFixtures.GENERATED, "t");
        return RendererGoldenTest.render(new TextRenderer(), report).replaceAll("\\s+", " ");
    }

    @Test
    void aLongMessageKeepsItsEnd() throws Exception {
        // like the sample's BLOCKED_EXPECTED (about 390 characters): its last words name the netstat line of the listener
        String message = "the firewall dropped tcp/2856 to 10.1.0.10, which the catalog expects " + "(detail) ".repeat(40)
                + "the listener is up (samples/x/netstat-ano.txt:18)";
        assertThat(message.length()).isGreaterThan(TextRenderer.MAX_TEXT);
        assertThat(text(message)).contains("the listener is up (samples/x/netstat-ano.txt:18)").doesNotContain("…");
    }

    @Test
    void aHugeMessageIsCut() throws Exception {
        String out = text("x ".repeat(50_000) + "END");
        assertThat(out).contains("…").doesNotContain("END");
        assertThat(out.length()).isLessThan(TextRenderer.MAX_MESSAGE + 2_000);
    }
}
