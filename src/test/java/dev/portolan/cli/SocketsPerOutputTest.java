package dev.portolan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static dev.portolan.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener's socket count is the most sockets any one command's output in a file shows: a row a later command shows
 * again (a listing, then the same listing filtered with findstr) is the same socket; two rows alike in one output are
 * two sockets, unless they name the same socket (lsof's DEVICE, fstat's control block: one row per process holding it).
 */
class SocketsPerOutputTest {
    private static Map<String, Long> sockets(String fixture) throws Exception {
        CliTest.Run r = run("audit", "--format", "json", "src/test/resources/fixtures/netstat/" + fixture);
        assertThat(r.code()).as(r.err()).isBetween(0, 1);
        Map<String, Long> out = new LinkedHashMap<>();
        for (JsonNode h : new ObjectMapper().readTree(r.out()).get("hosts")) {
            for (JsonNode l : h.get("listeners")) out.put(l.get("proto").asText() + "/" + l.get("port").asInt(), l.get("sockets").asLong());
        }
        return out;
    }

    @Test
    void aRowShownAgainByALaterCommandIsOneSocket() throws Exception {
        // before: tcp/80 counted 2 sockets (its row is in both runs' output)
        assertThat(sockets("pasted/whoport-find-chain-twice.txt")).containsEntry("tcp/80", 1L).containsEntry("tcp/8042", 1L);
        // netstat -ano, then netstat -ano | findstr "LISTENING": the same five rows, each 2 before
        assertThat(sockets("pasted/zh-notes-ja-ano-then-findstr-listening.txt"))
                .containsEntry("tcp/21", 1L).containsEntry("tcp/80", 1L).containsEntry("tcp/135", 1L).containsEntry("tcp/1433", 1L);
    }

    @Test
    void rowsOfProcessesSharingASocketAreOneSocket() throws Exception {
        // OpenBSD: netstat shows *.80 for IPv4 and IPv6, then fstat lists both sockets once per httpd process (12 rows,
        // two control-block addresses): 2 sockets, not 12 (before: 14, then 12)
        assertThat(sockets("pasted/openbsd-netstat-then-fstat.txt")).containsEntry("tcp/80", 2L);
        // lsof -i: nginx's master and worker hold the same listening socket (DEVICE 31002): 1, not 2
        assertThat(sockets("linux/lsof-i.txt")).containsEntry("tcp/80", 1L).containsEntry("tcp/22", 2L);
    }

    @Test
    void twoRowsAlikeInOneOutputAreTwoSockets() throws Exception {
        // XP's netstat -a names 0.0.0.0 and the host's address alike: "quail:135" twice in one listing
        assertThat(sockets("windows/seed-e2-quail.txt")).containsEntry("tcp/135", 2L);
    }
}
