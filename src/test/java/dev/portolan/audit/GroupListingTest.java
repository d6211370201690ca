package dev.portolan.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portolan.batch.AuditJob;
import dev.portolan.catalog.CatalogLoader;
import dev.portolan.model.Host;
import dev.portolan.model.OsFamily;
import dev.portolan.report.JsonRenderer;
import dev.portolan.report.RunInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report's service list names up to {@link GroupListing#KEPT_UP_TO} loopback addresses, and as many addresses that
 * talk to themselves, one by one; past that their groups are listed by class, with exact sums, the earliest evidence,
 * and the same findings (made before the list is sized).
 */
class GroupListingTest {
    private static final String HEADER = "#Version: 1.5\n#Software: Microsoft Windows Firewall\n#Time Format: Local\n"
            + "#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path pid\n\n";

    @TempDir
    Path dir;

    /**
     * Lines from the host to loopback addresses 127.0.0.2.., from addresses 10.0.0.2.. to themselves, and from the
     * host's catalog-named ports 49664.. (Windows' dynamic RPC range, os-windows) to a web server.
     */
    private Path log(int loopbackAddresses, int selfAddresses) throws Exception {
        StringBuilder b = new StringBuilder(HEADER);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < loopbackAddresses; i++) {
                b.append("2024-01-15 10:00:").append(10 + i).append(" ALLOW TCP 192.168.0.1 127.0.0.").append(2 + i)
                        .append(' ').append(50000 + 40 * round + i).append(" 80 100 - - - - - - - SEND 4\n");
            }
            for (int i = 0; i < selfAddresses; i++) {
                b.append("2024-01-15 11:00:").append(10 + i).append(" DROP UDP 10.0.0.").append(2 + i).append(" 10.0.0.")
                        .append(2 + i).append(' ').append(50000 + 40 * round + i).append(" 161 20 - - - - - - - RECEIVE 0\n");
            }
            for (int i = 0; i < selfAddresses; i++) {
                b.append("2024-01-15 12:00:").append(10 + i).append(" ALLOW TCP 192.168.0.1 93.184.216.34 ").append(49664 + i)
                        .append(" 443 0 - - - - - - - SEND 0\n");
            }
        }
        return Files.writeString(dir.resolve("pfirewall-" + loopbackAddresses + "-" + selfAddresses + ".log"), b.toString(),
                StandardCharsets.US_ASCII);
    }

    private static JsonNode report(Path log) throws Exception {
        Host host = Host.builder().name("192.168.0.1").address("192.168.0.1").os(OsFamily.WINDOWS).role("desktop-patrol:cs").build();
        AuditJob job = AuditJob.builder(new dev.portolan.audit.Auditor(CatalogLoader.loadBundled())).inputs(List.of(log))
                .host(host).threads(1).build();
        StringWriter out = new StringWriter();
        job.run(new JsonRenderer().open(out, new RunInfo(Instant.EPOCH, "test")));
        return new ObjectMapper().readTree(out.toString()).get("hosts").get(0);
    }

    private static List<JsonNode> groups(JsonNode host, String port) {
        List<JsonNode> out = new ArrayList<>();
        for (String list : List.of("services", "untouched")) {
            if (host.has(list)) for (JsonNode g : host.get(list)) if (g.get("resp_p").asText().equals(port)) out.add(g);
        }
        return out;
    }

    @Test
    void upToEightAddressesOfAKindAreListedOneByOne() throws Exception {
        JsonNode h = report(log(8, 8));
        List<JsonNode> loop = groups(h, "80");
        assertThat(loop).hasSize(8);
        assertThat(loop).extracting(g -> g.get("resp_h").asText()).containsExactly(
                "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6", "127.0.0.7", "127.0.0.8", "127.0.0.9");
        assertThat(loop).allSatisfy(g -> assertThat(g.has("folded_groups")).isFalse());
        List<JsonNode> self = groups(h, "161");
        assertThat(self).hasSize(8);
        assertThat(self).allSatisfy(g -> assertThat(g.get("orig_h").asText()).isEqualTo(g.get("resp_h").asText()).startsWith("10.0.0."));
        List<JsonNode> web = groups(h, "443");
        assertThat(web).extracting(g -> g.get("orig_p").asInt()).containsExactly(49664, 49665, 49666, 49667, 49668, 49669, 49670, 49671);
    }

    @Test
    void pastEightTheyAreListedByClassWithExactSumsAndTheEarliestEvidence() throws Exception {
        Path nine = log(9, 9);
        JsonNode h = report(nine);
        List<JsonNode> loop = groups(h, "80");
        assertThat(loop).hasSize(1);
        JsonNode l = loop.get(0);
        assertThat(l.get("orig_h").asText()).isEqualTo("192.168.0.1");
        assertThat(l.get("resp_h").asText()).isEqualTo("127.0.0.0/8");
        assertThat(l.get("folded_groups").asInt()).isEqualTo(9);
        assertThat(l.get("sample").asText()).isEqualTo("192.168.0.1:50000 -> 127.0.0.2:80");
        assertThat(l.get("packets").asLong()).isEqualTo(18);
        assertThat(l.get("bytes").asLong()).isEqualTo(1800);
        assertThat(l.get("flows").asLong()).isEqualTo(18);
        assertThat(l.get("flows_exact").asBoolean()).isTrue();
        assertThat(l.get("evidence_count").asLong()).isEqualTo(18);
        assertThat(l.get("first_evidence").asText()).endsWith("pfirewall-9-9.log:6");
        assertThat(l.get("first_ts").asText()).isEqualTo("2024-01-15T10:00:10.000000Z");
        assertThat(l.get("last_ts").asText()).isEqualTo("2024-01-15T10:00:18.000000Z");

        List<JsonNode> self = groups(h, "161");
        assertThat(self).hasSize(1);
        JsonNode s = self.get(0);
        assertThat(s.get("orig_h").asText()).isEqualTo("self");
        assertThat(s.get("resp_h").asText()).isEqualTo("self");
        assertThat(s.get("folded_groups").asInt()).isEqualTo(9);
        assertThat(s.get("originators").asLong()).isEqualTo(9);
        assertThat(s.get("sample_originators")).extracting(JsonNode::asText)
                .containsExactly("10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6", "10.0.0.7", "10.0.0.8", "10.0.0.9", "10.0.0.10");
        assertThat(s.get("packets").asLong()).isEqualTo(18);
        assertThat(s.get("actions").get("DROP").asLong()).isEqualTo(18);
        assertThat(s.get("first_evidence").asText()).endsWith("pfirewall-9-9.log:15");

        List<JsonNode> web = groups(h, "443");
        assertThat(web).hasSize(1);
        JsonNode w = web.get(0);
        assertThat(w.get("orig_h").asText()).isEqualTo("192.168.0.1");
        assertThat(w.get("orig_p").asText()).isEqualTo("49152-60999");
        assertThat(w.get("folded_groups").asInt()).isEqualTo(9);
        assertThat(w.get("sample").asText()).isEqualTo("192.168.0.1:49664 -> 93.184.216.34:443");
        assertThat(w.get("flows").asLong()).isEqualTo(9);
        assertThat(w.get("packets").asLong()).isEqualTo(18);

        // the findings are made from the audit's own groups, one per address, before the list is sized
        JsonNode eight = report(log(8, 8));
        assertThat(h.get("findings").size()).isGreaterThan(0);
        assertThat(findingAddresses(h)).contains("127.0.0.10").containsAll(findingAddresses(eight));
    }

    private static List<String> findingAddresses(JsonNode h) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : h.get("findings")) if (f.hasNonNull("address")) out.add(f.get("address").asText());
        return out;
    }
}
