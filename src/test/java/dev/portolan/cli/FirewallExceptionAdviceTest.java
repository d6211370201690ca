package dev.portolan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.portolan.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** BLOCKED_EXPECTED words its message and its advice by what the vendor document says of the firewall exception. */
class FirewallExceptionAdviceTest {

    private static List<JsonNode> blocked(CliTest.Run r) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            if (line.isBlank()) continue;
            JsonNode n = new ObjectMapper().readTree(line);
            if (n.get("code").asText().equals("BLOCKED_EXPECTED")) out.add(n);
        }
        return out;
    }

    @Test
    void whereTheDocumentIsSilentTheAdviceIsToCheckNotToAdd() throws Exception {
        CliTest.Run r = run("audit", "--role", "serverprotect:information-server", "--host", "10.0.0.7", "--format", "jsonl",
                "src/test/resources/fixtures/audit/serverprotect-drop.log");
        assertThat(r.code()).isEqualTo(1);
        List<JsonNode> b = blocked(r);
        assertThat(b).hasSize(1);
        assertThat(b.get(0).get("severity").asText()).isEqualTo("error");
        assertThat(b.get(0).get("message").asText()).contains("catalog firewall_exception: unspecified - the vendor document does not"
                + " state whether tcp/5005 needs a firewall exception; check whether it must pass the firewall on the listening"
                + " host and add an exception if so").doesNotContain("- add a firewall exception");
        assertThat(b.get(0).get("entry").get("source").asText()).startsWith("ServerProtect の通信方式と使用ポート");
        // what to do, too: the answer is in the finding, so its advice follows it (no "if the message says")
        assertThat(b.get(0).get("entry").get("firewall_exception").asText()).isEqualTo("unspecified");
        assertThat(b.get(0).get("advice").asText()).isEqualTo("check whether tcp/5005 must pass the firewall (the catalog does not say:"
                + " firewall_exception: unspecified); if so, add an inbound exception for it on 10.0.0.7");
    }

    @Test
    void aStatedExceptionKeepsTheAdviceToAddIt() throws Exception {
        CliTest.Run r = run("audit", "--role", "desktop-patrol:cs", "--host", "10.1.0.10", "--format", "jsonl",
                "samples/desktop-patrol-cs-firewall-drop/pfirewall.log");
        List<JsonNode> b = blocked(r);
        assertThat(b).hasSize(1);
        assertThat(b.get(0).get("message").asText())
                .contains("catalog firewall_exception: yes - add a firewall exception for tcp/2856 on the listening host");
        assertThat(b.get(0).get("entry").get("source").asText()).isEqualTo("Systemwalker Desktop Patrol リファレンスマニュアル, 4.1 No.5");
        assertThat(b.get(0).get("entry").get("firewall_exception").asText()).isEqualTo("yes");
        assertThat(b.get(0).get("advice").asText())
                .isEqualTo("add an inbound firewall exception for tcp/2856 on 10.1.0.10: the catalog says it needs one (firewall_exception: yes)");
    }
}
