package dev.portolan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static dev.portolan.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Header-less trimmed logs, log gaps and files that are not firewall logs, through the CLI. */
class FirewallFidelityCliTest {
    private static final String BETA = "../shared/corpus/firewall/BetaHydri-ParseFirewallLog-pfirewall.log";
    private static final String FIXTURES = "src/test/resources/fixtures/";

    private static List<JsonNode> findings(String jsonl) throws Exception {
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : jsonl.split("\n")) if (!line.isBlank()) out.add(m.readTree(line));
        return out;
    }

    @Test
    void aRealLogWithGapsAuditsWithoutInputProblemsAndOneLogGap() throws Exception {
        CliTest.Run r = run("audit", "--role", "clientmanager:client", "--set", "clientmanager.version=4.33",
                "--host", "192.168.178.51", "--format", "jsonl", BETA); // the address its SEND lines come from
        List<JsonNode> f = findings(r.out());
        assertThat(f).noneMatch(n -> n.get("code").asText().equals("INPUT_PROBLEM"));
        List<JsonNode> gaps = f.stream().filter(n -> n.get("code").asText().equals("LOG_GAP")).toList();
        assertThat(gaps).hasSize(1);
        assertThat(gaps.get(0).get("severity").asText()).isEqualTo("notice");
        assertThat(gaps.get(0).get("message").asText()).isEqualTo(BETA + " says 8 event(s) were not logged (2 INFO-EVENTS-LOST"
                + " record(s), between 2021-06-22 12:48:21 and 2021-06-22 12:58:21): the log was read, but it is incomplete;"
                + " traffic in that time may be missing from the findings");
        assertThat(gaps.get(0).get("evidence")).extracting(e -> e.get("line").asLong()).containsExactly(11701L, 16717L);
        List<JsonNode> notObserved = f.stream().filter(n -> n.get("code").asText().equals("NOT_OBSERVED")).toList();
        assertThat(notObserved).isNotEmpty().allSatisfy(n -> assertThat(n.get("message").asText()).endsWith(
                "; the firewall log has gaps (" + BETA + " lost 8 event(s) between 2021-06-22 12:48:21 and 2021-06-22 12:58:21),"
                        + " so this traffic may have been among the events not logged"));
    }

    @Test
    void aTrimmedHeaderlessLogIsReadWithOnlyTheRowsThatFitNoLayoutAsProblems() throws Exception {
        CliTest.Run r = run("audit", "--role", "desktop-patrol:cs", "--host", "10.4.0.10", "--format", "jsonl",
                FIXTURES + "firewall/trimmed-10-size.log");
        List<JsonNode> problems = findings(r.out()).stream().filter(n -> n.get("code").asText().equals("INPUT_PROBLEM")).toList();
        assertThat(problems).extracting(n -> n.get("evidence").get(0).get("line").asLong()).containsExactly(7L, 8L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ip-list.txt", "ip-list-dated.txt", "ufw-syslog.log", "iso-syslog.log", "pfsense-filterlog.log"})
    void filesThatAreNotFirewallLogsAreRefusedWithExit2(String name) {
        CliTest.Run r = run("audit", "--role", "desktop-patrol:cs", FIXTURES + "not-firewall/" + name);
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(name);
    }
}
