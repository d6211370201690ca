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
 * A host's address that nothing read shows on the host's side — a capture taken elsewhere, another machine's firewall
 * log, a dump copied from another server, or a mistyped address — made a PASS about traffic that was not the host's
 * (or none at all), without a word. Now a warning names the address and what the input shows instead.
 */
class AddressNeverSeenCliTest {
    private static final String BETA = "../shared/corpus/firewall/BetaHydri-ParseFirewallLog-pfirewall.log";
    private static final String DNS_TCP = "../shared/corpus/pcap/tcpdump-dns_tcp.pcap";

    @TempDir
    Path dir;

    private static List<String> neverSeen(CliTest.Run r) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode h : new ObjectMapper().readTree(r.out()).get("hosts")) {
            for (JsonNode f : h.get("findings")) {
                String m = f.get("message").asText();
                if (f.get("code").asText().equals("INPUT_PROBLEM") && (m.startsWith("nothing read shows") || m.startsWith("no flow read"))) {
                    out.add(h.get("host").asText() + " " + f.get("severity").asText() + " " + m);
                }
            }
        }
        return out;
    }

    @Test
    void aCaptureThatNeverTouchesTheHostSaysWhatItShowsInstead() throws Exception {
        CliTest.Run wrong = run("audit", "--host", "10.9.9.9", "--role", "desktop-patrol:cs", "--format", "json", DNS_TCP);
        assertThat(neverSeen(wrong)).singleElement().asString()
                .startsWith("10.9.9.9 warning no flow read touches 10.9.9.9 (the host audited); the addresses the input shows most are")
                .contains("192.168.1.11").contains("209.87.249.18").contains("give it (--host ADDRESS, --address, or the hosts manifest)");
        // either end of its flow is fine
        assertThat(neverSeen(run("audit", "--host", "192.168.1.11", "--format", "json", DNS_TCP))).isEmpty();
        assertThat(neverSeen(run("audit", "--host", "209.87.249.18", "--format", "json", DNS_TCP))).isEmpty();
    }

    @Test
    void aFirewallLogIsTheHostsWhenItsOwnSideShowsTheAddress() throws Exception {
        // its SEND lines come from 192.168.178.51 (and the laptop's IPv6 and VPN addresses); .25 is a LAN peer sending
        // multicast, which a benchmark here audited the log as for months
        CliTest.Run peer = run("audit", "--host", "192.168.178.25", "--role", "desktop-patrol:cs", "--format", "json", BETA);
        assertThat(neverSeen(peer)).singleElement().asString()
                .startsWith("192.168.178.25 warning nothing read shows 192.168.178.25 (the host audited) on the host's own side;"
                        + " the input's own side shows 192.168.178.51, ")
                .doesNotContain("224.0.0.251").doesNotContain("ff02::fb").doesNotContain("192.168.178.255");
        assertThat(neverSeen(run("audit", "--host", "192.168.178.51", "--format", "json", BETA))).isEmpty();
        // a name with the manifest's addresses: any one of them on the log's side will do
        Path hosts = Files.writeString(dir.resolve("hosts.csv"), "host,addresses,os,roles\n"
                + "laptop,10.0.0.5;2001:16b8:262e:f300:44:b5ff:4f97:1f7d,windows,desktop-patrol:cs\n"
                + "desk,10.0.0.6,windows,desktop-patrol:cs\n");
        assertThat(neverSeen(run("audit", "--host", "laptop", "--hosts", hosts.toString(), "--format", "json", BETA))).isEmpty();
        assertThat(neverSeen(run("audit", "--host", "desk", "--hosts", hosts.toString(), "--format", "json", BETA)))
                .singleElement().asString().startsWith("desk warning nothing read shows 10.0.0.6 (the address given for desk)");
    }

    @Test
    void aDumpCopiedFromAnotherServerIsNamedByItsLocalAddresses() throws Exception {
        Path dump = Files.writeString(dir.resolve("netstat-ano.txt"), "\nActive Connections\n\n"
                + "  Proto  Local Address          Foreign Address        State           PID\n"
                + "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       912\n"
                + "  TCP    10.1.0.20:139          0.0.0.0:0              LISTENING       4\n"
                + "  TCP    10.1.0.20:2856         10.1.5.33:51234        ESTABLISHED     2712\n"
                + "  TCP    127.0.0.1:5000         127.0.0.1:49999        ESTABLISHED     700\n");
        Path hosts = Files.writeString(dir.resolve("hosts.csv"), "host,addresses,os,roles\n"
                + "ds01,10.1.0.20,windows,desktop-patrol:ds\nds02,10.1.0.21,windows,desktop-patrol:ds\n");
        assertThat(neverSeen(run("audit", "--host", "ds01", "--hosts", hosts.toString(), "--format", "json", dump.toString()))).isEmpty();
        // the address it shows is ds01's in the manifest: said, as whose dump it most likely is
        assertThat(neverSeen(run("audit", "--host", "ds02", "--hosts", hosts.toString(), "--format", "json", dump.toString())))
                .singleElement().asString().isEqualTo("ds02 warning nothing read shows 10.1.0.21 (the address given for ds02) on the"
                        + " host's own side; the input's own side shows 10.1.0.20 (ds01's address in the hosts manifest): if the input was collected on another host (or,"
                        + " for a capture, another link), audit it as that host; if ds02's address is another, give it (--host"
                        + " ADDRESS, --address, or the hosts manifest) and audit again");
        // a dump that shows no address of its own (wildcard listeners, loopback) says nothing either way
        Path wildcard = Files.writeString(dir.resolve("wildcard.txt"), "\nActive Connections\n\n"
                + "  Proto  Local Address          Foreign Address        State           PID\n"
                + "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       912\n"
                + "  TCP    127.0.0.1:5000         127.0.0.1:49999        ESTABLISHED     700\n");
        assertThat(neverSeen(run("audit", "--host", "ds02", "--hosts", hosts.toString(), "--format", "json", wildcard.toString()))).isEmpty();
    }

    @Test
    void theFleetSampleIsConsistent() throws Exception {
        // every collected dump shows its host's manifest address (make_fleet.py writes them so)
        assertThat(neverSeen(run("audit", "--batch", "--hosts", "samples/fleet/hosts.csv", "--format", "json",
                "samples/fleet/collected"))).isEmpty();
    }
}
