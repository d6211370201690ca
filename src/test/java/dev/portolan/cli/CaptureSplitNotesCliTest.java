package dev.portolan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.portolan.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A capture a hosts manifest splits between hosts: what the file's read noted (tunnels opened, fragments joined …) is
 * said on every host that got flows from it, not only on the first; its problems stay counted once.
 */
class CaptureSplitNotesCliTest {
    @TempDir
    Path dir;

    @Test
    void everyHostOfASplitCaptureShowsTheFilesNotes() throws Exception {
        // the two VXLAN endpoints of the netns fixture, each a host of the manifest
        Path hosts = Files.writeString(dir.resolve("hosts.csv"),
                "host,addresses,os,roles,settings\ntt1,10.77.0.1,linux,,\ntt2,10.77.0.2,linux,,\n");
        CliTest.Run r = run("audit", "--hosts", hosts.toString(), "--format", "json", "--fail-on", "never",
                "src/test/resources/fixtures/pcap/vxlan-linux-netns.pcap");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertThat(report.get("hosts")).hasSize(2);
        for (JsonNode h : report.get("hosts")) {
            JsonNode input = h.get("inputs").get(0);
            assertThat(input.get("notes")).as(h.get("host").asText()).isNotNull();
            assertThat(input.get("notes").get(0).asText()).as(h.get("host").asText())
                    .startsWith("30 tunnelled packets opened (VXLAN: 30)");
        }
    }
}
