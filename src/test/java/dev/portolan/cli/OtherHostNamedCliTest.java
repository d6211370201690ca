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
 * A dump collected on another server, attached to the audit of this one by mistake, said its host's name (Start-Transcript's
 * Machine line, hostname's output, netstat's {@code quail:135}) and the audit took it silently under the name given: now a
 * warning names both hosts. Names that agree in another spelling (an FQDN, a bundle folder holding the name) are no warning.
 */
class OtherHostNamedCliTest {
    private static final Path TRANSCRIPT = Path.of("src/test/resources/fixtures/netstat/windows/powershell-transcript.txt");

    @TempDir
    Path dir;

    private static List<String> otherHost(CliTest.Run r) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode h : new ObjectMapper().readTree(r.out()).get("hosts")) {
            for (JsonNode f : h.get("findings")) {
                String m = f.get("message").asText();
                if (f.get("code").asText().equals("INPUT_PROBLEM") && m.contains("the host audited")) {
                    out.add(f.get("severity").asText() + " " + m);
                }
            }
        }
        return out;
    }

    @Test
    void aDumpNamingAnotherHostIsAWarning() throws Exception {
        CliTest.Run wrong = run("audit", "--host", "web01", "--format", "json", "--fail-on", "warning", TRANSCRIPT.toString());
        assertThat(otherHost(wrong)).containsExactly("warning the input names host APP01, not web01, the host audited: if it was"
                + " collected on APP01, audit it as APP01 (--host, or its own folder in --batch); else check that the right file was given");
        assertThat(wrong.code()).isEqualTo(1);
        for (String same : List.of("APP01", "app01", "app01.corp.example", "app01-mgmt")) {
            assertThat(otherHost(run("audit", "--host", same, "--format", "json", TRANSCRIPT.toString()))).as(same).isEmpty();
        }
        assertThat(otherHost(run("audit", "--host", "APP02", "--format", "json", TRANSCRIPT.toString()))).hasSize(1);
        // named by its content when no name is given: nothing to compare
        assertThat(otherHost(run("audit", "--format", "json", TRANSCRIPT.toString()))).isEmpty();
        // the seed's netstat -a prints the host's name in its local addresses (quail:135)
        Path quail = Path.of("src/test/resources/fixtures/netstat/windows/seed-e2-quail.txt");
        assertThat(otherHost(run("audit", "--host", "quail", "--format", "json", quail.toString()))).isEmpty();
        assertThat(otherHost(run("audit", "--host", "heron", "--format", "json", quail.toString()))).hasSize(1);
    }

    @Test
    void aBatchFolderHoldingTheNameIsNoWarning() throws Exception {
        Path fleet = Files.createDirectories(dir.resolve("collected"));
        Files.createDirectories(fleet.resolve("scc_sles15_261201_1200"));
        Files.copy(Path.of("src/test/resources/fixtures/netstat/linux/supportconfig-network.txt"),
                fleet.resolve("scc_sles15_261201_1200/network.txt"));
        Files.createDirectories(fleet.resolve("ws-01"));
        Files.copy(TRANSCRIPT, fleet.resolve("ws-01/diag.txt"));
        CliTest.Run r = run("audit", "--batch", "--format", "json", fleet.toString());
        // sles15 is one of its folder's words; APP01's transcript in ws-01's folder is not
        assertThat(otherHost(r)).containsExactly("warning the input names host APP01, not ws-01, the host audited: if it was"
                + " collected on APP01, audit it as APP01 (--host, or its own folder in --batch); else check that the right file was given");
    }
}
