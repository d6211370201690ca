package dev.portolan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * samples/fleet/ gives the verdicts its README states: the batch, the batch with suppressions, with a baseline,
 * and portolan diff, with exact counts (checked by hand against the inputs; see samples/fleet/README.md).
 */
class FleetSamplesTest {
    static final String DIR = "samples/fleet/";
    static final String[] BATCH = {"audit", "--batch", "--hosts", DIR + "hosts.csv", DIR + "collected", "-q"};
    static final ObjectMapper JSON = new ObjectMapper();

    static CliTest.Run run(String[] base, String... more) {
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliTest.run(args);
    }

    /**
     * host → "severity CODE proto/port" of every warning and error, in output order (notices and info are left out:
     * they follow catalog heuristics that change independently of fleets).
     */
    static Map<String, List<String>> problems(String jsonl) throws IOException {
        Map<String, List<String>> out = new TreeMap<>();
        List<String> order = new ArrayList<>();
        for (String line : jsonl.split("\n")) {
            if (line.isBlank()) continue;
            JsonNode f = JSON.readTree(line);
            if (f.has("suppression_note") || f.has("suppressed")) continue; // the suppression file's notes; accepted findings
            String host = f.get("host").asText();
            if (order.isEmpty() || !order.get(order.size() - 1).equals(host)) order.add(host);
            List<String> l = out.computeIfAbsent(host, k -> new ArrayList<>());
            String sev = f.get("severity").asText();
            if (!sev.equals("warning") && !sev.equals("error")) continue;
            l.add(f.get("severity").asText() + " " + f.get("code").asText() + (f.get("proto").isNull() ? "" : " " + f.get("proto").asText() + "/" + f.get("port").asText()));
        }
        // hosts come out in name order, although they are audited in parallel
        assertThat(order).isSorted().doesNotHaveDuplicates();
        return out;
    }

    @Test
    void batchVerdict() throws IOException {
        CliTest.Run r = run(BATCH, "--format", "jsonl");
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        Map<String, List<String>> p = problems(r.out());
        assertThat(p.keySet()).containsExactly("broken01", "cm-mgr01", "cm-ws01", "cm-ws02", "dp-cs01", "dp-ds01", "dp-ds02",
                "jp1-mgr01", "jp1-mgr02", "lnx-web01", "quail", "sp-info01");
        // its two identical unreadable lines are one grouped INPUT_PROBLEM ("2 lines: ..., first at line 9")
        assertThat(p.get("broken01")).containsExactly("warning INPUT_PROBLEM");
        assertThat(p.get("cm-mgr01")).isEmpty();
        assertThat(p.get("cm-ws01")).containsExactly("warning UNEXPECTED_FLOW tcp/4444");
        assertThat(p.get("cm-ws02")).isEmpty();
        assertThat(p.get("dp-cs01")).containsExactly("error BLOCKED_EXPECTED tcp/2856");
        assertThat(p.get("dp-ds01")).containsExactly("warning UNKNOWN_LISTENER tcp/8080");
        assertThat(p.get("dp-ds02")).containsExactlyInAnyOrder("warning UNKNOWN_LISTENER tcp/8080", "warning UNKNOWN_LISTENER tcp/4444");
        assertThat(p.get("jp1-mgr01")).containsExactly("error EXPOSED_INTERNAL tcp/31008");
        assertThat(p.get("jp1-mgr02")).isEmpty();
        assertThat(p.get("lnx-web01")).isEmpty();
        assertThat(p.get("quail")).hasSize(9).filteredOn(s -> s.startsWith("error MISSING_LISTENER")).hasSize(3);
        assertThat(p.get("sp-info01")).isEmpty();
        assertThat(run(BATCH, "--format", "jsonl", "--fail-on", "never").code()).isZero();
    }

    @Test
    void suppressionsTakeAcceptedRisksOutOfTheExitCode() throws IOException {
        CliTest.Run r = run(BATCH, "--format", "jsonl", "--suppress", DIR + "suppress.csv");
        assertThat(r.code()).as(r.err()).isEqualTo(1); // dp-cs01's BLOCKED_EXPECTED and quail's MISSING_LISTENERs remain
        Map<String, List<String>> p = problems(r.out());
        assertThat(p.get("jp1-mgr01")).isEmpty();
        assertThat(p.get("dp-ds01")).isEmpty();
        assertThat(p.get("dp-ds02")).containsExactly("warning UNKNOWN_LISTENER tcp/4444");
        // the expired row does not suppress quail's missing listeners
        assertThat(p.get("quail")).filteredOn(s -> s.startsWith("error MISSING_LISTENER")).hasSize(3);
        assertThat(r.err())
                .contains("portolan: warning: samples/fleet/suppress.csv:4: suppression expired on 2020-01-31 and no longer suppresses")
                .contains("portolan: info: samples/fleet/suppress.csv:5: suppression matched no finding")
                .contains("portolan: 3 finding(s) suppressed by samples/fleet/suppress.csv");
        // with the suppressions, --fail-on warning still fails (quail, dp-ds02 …) but nothing of jp1-mgr01 counts
        assertThat(run(new String[] {"audit", "--hosts", DIR + "hosts.csv", "--host", "jp1-mgr01", "--suppress", DIR + "suppress.csv",
                DIR + "collected/jp1-mgr01/netstat-ano.txt", "-q"}).code()).isZero();
        assertThat(run(new String[] {"audit", "--hosts", DIR + "hosts.csv", "--host", "jp1-mgr01", DIR + "collected/jp1-mgr01/netstat-ano.txt"}).code())
                .isEqualTo(1);
    }

    @Test
    void everyFormatListsTheSuppressedFindingsWithTheirReasonAndTheFileNotes() {
        // 3 accepted: tcp/8080 on dp-ds01 and dp-ds02 (row 3, SR-77), tcp/31008 on jp1-mgr01 (row 2, CHG-1182);
        // the fleet ticket lists each row once with its hosts, the fleet page by row and by finding; the notes: row 4
        // expired on 2020-01-31, row 5 (port=9999) matched nothing (text wraps lines, so words without spaces are counted)
        // per format: SR-77, CHG-1182, 2020-01-31, port=9999 (the fleet ticket and page also list every row with its expiry)
        Map<String, int[]> expected = Map.of("text", new int[] {2, 1, 1, 1}, "csv", new int[] {2, 1, 1, 1},
                "json", new int[] {2, 1, 1, 1}, "jsonl", new int[] {2, 1, 1, 1}, "sarif", new int[] {2, 1, 1, 1},
                "junit", new int[] {2, 1, 1, 1}, "md", new int[] {1, 1, 2, 1}, "html", new int[] {3, 2, 2, 2});
        expected.forEach((format, n) -> {
            CliTest.Run r = run(BATCH, "--format", format, "--suppress", DIR + "suppress.csv");
            assertThat(r.code()).as(format).isEqualTo(1);
            assertThat(new int[] {occurrences(r.out(), "SR-77"), occurrences(r.out(), "CHG-1182"), occurrences(r.out(), "2020-01-31"),
                    occurrences(r.out(), "port=9999")}).as(format).containsExactly(n);
        });
        // in the data formats an accepted finding is marked, with its row, and does not fail
        CliTest.Run jsonl = run(BATCH, "--format", "jsonl", "--suppress", DIR + "suppress.csv");
        List<String> accepted = new ArrayList<>();
        for (String line : jsonl.out().split("\n")) {
            if (!line.contains("\"suppressed\"")) continue;
            try {
                JsonNode f = JSON.readTree(line);
                accepted.add(f.get("host").asText() + " " + f.get("code").asText() + " " + f.get("fails").asBoolean() + " "
                        + f.at("/suppressed/rule").asText() + " " + f.at("/suppressed/expires").asText());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        assertThat(accepted).containsExactly("dp-ds01 UNKNOWN_LISTENER false samples/fleet/suppress.csv:3 null",
                "dp-ds02 UNKNOWN_LISTENER false samples/fleet/suppress.csv:3 null",
                "jp1-mgr01 EXPOSED_INTERNAL false samples/fleet/suppress.csv:2 2099-12-31");
    }

    private static int occurrences(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) n++;
        return n;
    }

    @Test
    void theCommittedCurrentRunIsWhatTheBatchWritesToday() throws IOException {
        // current.jsonl is "the jsonl of the batch" the README's diff reads: it had fallen behind the writer unnoticed
        CliTest.Run r = run(BATCH, "--format", "jsonl");
        assertThat(r.out()).as("regenerate: ./portolan audit --batch --hosts samples/fleet/hosts.csv samples/fleet/collected"
                + " --format jsonl -o samples/fleet/current.jsonl, then python3 samples/fleet/make_fleet.py baseline")
                .isEqualTo(java.nio.file.Files.readString(Path.of(DIR + "current.jsonl")));
    }

    @Test
    void baselineCountsOnlyWhatIsNew() {
        CliTest.Run r = run(BATCH, "--format", "jsonl", "--baseline", DIR + "baseline.jsonl");
        assertThat(r.code()).as(r.err()).isZero(); // errors exist, but none is new
        assertThat(r.err()).contains("since samples/fleet/baseline.jsonl: 6 new finding(s), 6 gone; 1 new host(s), 1 gone");
        assertThat(run(BATCH, "--format", "jsonl", "--baseline", DIR + "baseline.jsonl", "--fail-on", "warning").code()).isEqualTo(1);
        assertThat(run(BATCH, "--format", "jsonl", "--baseline", DIR + "no-such-baseline.jsonl").code()).isEqualTo(2);
    }

    @Test
    void diffListsNewAndGoneInsensitiveToPids() throws IOException {
        CliTest.Run r = CliTest.run("diff", DIR + "baseline.jsonl", DIR + "current.jsonl", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode d = JSON.readTree(r.out());
        Map<String, String> got = new TreeMap<>();
        for (JsonNode h : d.get("hosts")) {
            got.put(h.get("host").asText(), h.get("status").asText() + " +" + h.get("new_findings").size() + " -" + h.get("gone_findings").size());
        }
        // dp-ds01 differs only in PIDs: not a change
        assertThat(got).containsExactly(Map.entry("broken01", "changed +1 -0"), Map.entry("dp-ds02", "changed +1 -0"),
                Map.entry("lnx-web01", "new_host +4 -0"), Map.entry("old-ws09", "gone_host +0 -5"), Map.entry("quail", "changed +0 -1"));
        assertThat(d.get("hosts_unchanged").asInt()).isEqualTo(8);
        assertThat(d.get("hosts").get(4).get("gone_findings").get(0).asText()).isEqualTo("UNKNOWN_LISTENER tcp/1028 on quail");
        assertThat(CliTest.run("diff", DIR + "baseline.jsonl", DIR + "current.jsonl", "--fail-on", "warning").code()).isEqualTo(1);
        CliTest.Run s = CliTest.run("diff", DIR + "baseline.jsonl", DIR + "current.jsonl", "--fail-on", "warning", "--suppress", DIR + "suppress.csv");
        assertThat(s.code()).isEqualTo(1); // 4444 and the input problems are not suppressed
        assertThat(CliTest.run("diff", DIR + "current.jsonl", DIR + "current.jsonl", "--fail-on", "info").code()).isZero();
    }

    @Test
    void diffOfTheJsonOutputAndUnreadableInputs(@TempDir Path tmp) throws IOException {
        Path json = tmp.resolve("now.json");
        assertThat(run(BATCH, "-o", json.toString()).code()).isEqualTo(1);
        CliTest.Run r = CliTest.run("diff", DIR + "baseline.jsonl", json.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("1 new host(s), 1 gone, 3 changed, 8 unchanged; 6 new finding(s), 6 gone");
        // json against json also compares listeners and services: the same run twice is no change at all
        CliTest.Run same = CliTest.run("diff", json.toString(), json.toString(), "--fail-on", "info");
        assertThat(same.code()).isZero();
        assertThat(same.out()).contains("0 new host(s), 0 gone, 0 changed, 12 unchanged");
        Path bad = tmp.resolve("bad.jsonl");
        Files.writeString(bad, "{\"host\":\"a\",\"code\":\"EXPECTED\",\"severity\":\"info\",\"proto\":\"tcp\",\"port\":1}\nnot json\n", StandardCharsets.UTF_8);
        CliTest.Run b = CliTest.run("diff", DIR + "baseline.jsonl", bad.toString());
        assertThat(b.code()).isEqualTo(2);
        assertThat(b.err()).contains(bad + ":2: not JSON");
        assertThat(CliTest.run("diff", DIR + "baseline.jsonl", tmp.resolve("missing.json").toString()).code()).isEqualTo(2);
        Path other = tmp.resolve("other.json");
        Files.writeString(other, "{\"tool\":\"something else\"}\n", StandardCharsets.UTF_8);
        CliTest.Run o = CliTest.run("diff", other.toString(), DIR + "current.jsonl");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("no \"hosts\" array");
    }
}
