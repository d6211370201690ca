package dev.portolan.ingest;

import dev.portolan.audit.Auditor;
import dev.portolan.batch.AuditJob;
import dev.portolan.batch.HostInputs;
import dev.portolan.catalog.CatalogLoader;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A source that is no local file (what the Spark job reads through Hadoop) audits exactly like the local file. */
class SourceTest {

    @Test
    void aStreamOnlySourceAuditsLikeTheLocalFile() throws Exception {
        // a firewall log (read in parallel chunks when local), a capture (memory-mapped when local), a CP932 netstat
        audits("desktop-patrol:cs", "samples/desktop-patrol-cs-firewall-drop/pfirewall.log",
                "samples/desktop-patrol-cs-firewall-drop/netstat-ano.txt");
        audits("deliverymanager:manager", "samples/deliverymanager-capture/deliverymanager.pcap");
        audits("clientmanager:client", "samples/japanese-cp932/netstat-ano-ja.txt");
    }

    private static void audits(String role, String... files) throws Exception {
        AuditJob job = AuditJob.builder(new Auditor(CatalogLoader.loadBundled())).host(Host.builder().name("h").role(role).build())
                .build();
        List<HostInputs.Input> local = new java.util.ArrayList<>();
        List<HostInputs.Input> streamed = new java.util.ArrayList<>();
        for (String f : files) {
            byte[] bytes = Files.readAllBytes(Path.of(f));
            local.add(new HostInputs.Input(Source.of(Path.of(f)), false));
            streamed.add(new HostInputs.Input(Source.of(f, () -> new ByteArrayInputStream(bytes)), false));
        }
        HostReport a = job.audit(new HostInputs("h", false, local)).reports().get(0);
        HostReport b = job.audit(new HostInputs("h", false, streamed)).reports().get(0);
        assertThat(b.findings()).as(files[0]).isEqualTo(a.findings()).isNotEmpty();
        assertThat(b.inputs()).as(files[0]).isEqualTo(a.inputs());
    }

    @Test
    void aStreamOnlySourceIsUngzippedByContent() throws Exception {
        byte[] plain = Files.readAllBytes(Path.of("samples/deliverymanager-capture/deliverymanager.pcap"));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(plain);
        }
        Source s = Source.of("capture", () -> new ByteArrayInputStream(gz.toByteArray()));
        assertThat(s.isGzip()).isTrue();
        // no local file: readers take it front to back, never by path, even uncompressed
        Source plainStream = Source.of("capture", () -> new ByteArrayInputStream(plain));
        assertThat(plainStream.isSequential()).isTrue();
        assertThat(plainStream.path()).isNull();
        assertThat(Source.of(Path.of("samples/deliverymanager-capture/deliverymanager.pcap")).isSequential()).isFalse();
        assertThat(s.head(plain.length + 10)).isEqualTo(plain);
    }
}
