package dev.portolan.ingest.firewall;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static dev.portolan.ingest.firewall.FirewallTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

class FirewallSniffTest {

    private static boolean sniff(String s) {
        return FirewallLogReader.sniff(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void recognisesHeadersAndHeaderlessRecords() {
        assertThat(sniff("#Version: 1.5\n")).isTrue();
        assertThat(sniff("#Version: 1.5\n#Software: Microsoft Windows Firewall\n")).isTrue();
        assertThat(sniff("#Fields: date time action protocol src-ip dst-ip src-port dst-port\n")).isTrue();
        assertThat(sniff("2024-03-01 10:00:00 ALLOW UDP 10.0.0.5 10.0.0.1 53000 53 0 - - - - - - - SEND\n")).isTrue();
        assertThat(sniff("2024-03-01 10:00:00 ALLOW 2 10.0.0.1 224.0.0.1 - - 0 - - - - - - - RECEIVE\n")).isTrue();
    }

    @Test
    void recognisesEveryCorpusFileAndFixture() throws IOException {
        for (String f : new String[] {"BetaHydri-ParseFirewallLog-pfirewall.log", "balaji6894-Copilot-pfirewall-pid.log",
                "plaso-windows_firewall.log", "rafaelnett-Lab_03-pfirewall.log"}) {
            assertThat(FirewallLogReader.sniff(Files.readAllBytes(corpus(f)))).as(f).isTrue();
        }
        for (String f : new String[] {"utf16le-bom.log", "no-header.log", "nul-padding.log", "crlf.log"}) {
            assertThat(FirewallLogReader.sniff(Files.readAllBytes(fixture(f)))).as(f).isTrue();
        }
    }

    @Test
    void rejectsNetstatSsIisAndBinary() {
        assertThat(sniff("\nActive Connections\n\n  Proto  Local Address          Foreign Address        State           PID\n"
                + "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1044\n")).isFalse();
        assertThat(sniff("Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n"
                + "tcp   LISTEN 0      128    0.0.0.0:22         0.0.0.0:*\n")).isFalse();
        assertThat(sniff("#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n"
                + "#Fields: date time s-ip cs-method cs-uri-stem\n")).isFalse();
        assertThat(FirewallLogReader.sniff(new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4, 0, 0, 0})).isFalse();
        assertThat(FirewallLogReader.sniff(new byte[0])).isFalse();
    }
}
