package dev.portolan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.portolan.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Addresses the inputs do not name are folded together on each side of a service group (memory grows with what is
 * distinct for the audit). A finding over several such responders names the earliest few, "…" for the rest, and how
 * many there were (exactly up to five, then "more than 5"); it never speaks of the first one alone as if it were the
 * only one.
 */
class FoldedRespondersTest {
    private static final String HEADER = "#Version: 1.5\n#Software: Microsoft Windows Firewall\n#Time Format: Local\n"
            + "#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path pid\n";

    @TempDir
    Path dir;

    /** The CS 10.1.0.10 sends notification mail (tcp/25, which the catalog expects) and its own firewall drops it. */
    private JsonNode blockedMail(String... mailServers) throws Exception {
        StringBuilder log = new StringBuilder(HEADER);
        int port = 50000;
        for (int round = 0; round < 3; round++) {
            for (String server : mailServers) {
                log.append("2026-11-20 09:0").append(round).append(":00 DROP TCP 10.1.0.10 ").append(server).append(' ')
                        .append(port++).append(" 25 52 S 1093455 0 64240 - - - SEND 4\n");
            }
        }
        Path f = dir.resolve("pfirewall.log");
        Files.writeString(f, log.toString());
        CliTest.Run r = run("audit", "--role", "desktop-patrol:cs", "--host", "10.1.0.10", "--format", "jsonl", f.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        List<JsonNode> blocked = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            if (line.isBlank()) continue;
            JsonNode n = new ObjectMapper().readTree(line);
            if (n.get("code").asText().equals("BLOCKED_EXPECTED")) blocked.add(n);
        }
        assertThat(blocked).as(r.out()).hasSize(1);
        return blocked.get(0);
    }

    @Test
    void severalUnknownRespondersAreCountedAndListed() throws Exception {
        JsonNode b = blockedMail("203.0.113.5", "203.0.113.6", "2001:db8::25");
        assertThat(b.get("address").asText()).isEqualTo("203.0.113.5 203.0.113.6 2001:db8::25");
        assertThat(b.get("role").asText()).isEqualTo("desktop-patrol:mail-server");
        assertThat(b.get("message").asText())
                .startsWith("the firewall dropped tcp/25 to 3 addresses (203.0.113.5 203.0.113.6 2001:db8::25), which the catalog expects")
                .contains("[9 flows from 1 originator to 3 responders]");
        assertThat(b.get("advice").asText()).contains("on each of 203.0.113.5, 203.0.113.6 and 2001:db8::25");
    }

    @Test
    void moreThanFiveAreCountedAsMoreAndEndInAnEllipsis() throws Exception {
        String[] servers = new String[7];
        for (int i = 0; i < servers.length; i++) servers[i] = "203.0.113." + (10 + i);
        JsonNode b = blockedMail(servers);
        assertThat(b.get("address").asText()).isEqualTo("203.0.113.10 203.0.113.11 203.0.113.12 203.0.113.13 203.0.113.14 …");
        assertThat(b.get("message").asText())
                .contains("to more than 5 addresses (203.0.113.10 203.0.113.11 203.0.113.12 203.0.113.13 203.0.113.14 …)")
                .contains("[21 flows from 1 originator to more than 5 responders]");
    }

    @Test
    void oneUnknownResponderIsNamedAlone() throws Exception {
        JsonNode b = blockedMail("203.0.113.5");
        assertThat(b.get("address").asText()).isEqualTo("203.0.113.5");
        assertThat(b.get("message").asText()).startsWith("the firewall dropped tcp/25 to 203.0.113.5, which the catalog expects")
                .contains("[3 flows from 1 originator]").doesNotContain("responders");
    }
}
