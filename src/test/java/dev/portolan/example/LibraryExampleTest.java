package dev.portolan.example;

import dev.portolan.audit.Auditor;
import dev.portolan.audit.HostAudit;
import dev.portolan.catalog.Catalog;
import dev.portolan.catalog.CatalogLoader;
import dev.portolan.ingest.Inputs;
import dev.portolan.ingest.ReadOptions;
import dev.portolan.ingest.Source;
import dev.portolan.model.Finding;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.OsFamily;
import dev.portolan.model.Protocol;
import dev.portolan.report.Renderers;
import dev.portolan.report.ReportWriter;
import dev.portolan.report.RunInfo;
import dev.portolan.report.RunSummary;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's "Library use" example, as written there (outside the library's packages), on a bundled sample. */
class LibraryExampleTest {

    @Test
    void theReadmeExampleAuditsASampleWithoutTheCli() throws Exception {
        Writer writer = new StringWriter();
        // --- README "Library use" ---
        Catalog catalog = CatalogLoader.loadBundled();                        // or CatalogLoader.load(overlay folders)
        Host host = Host.builder().name("dp-cs01").os(OsFamily.WINDOWS).address("10.1.0.10")
                .role("desktop-patrol:cs").build();
        ReadOptions opts = new ReadOptions(null, "default", p -> catalog.isListenerPort(Protocol.TCP, p));
        HostAudit audit = new Auditor(catalog).start(host, Auditor.Options.of(false, Map.of()));
        List<Path> files = List.of(Paths.get("samples/desktop-patrol-cs-firewall-drop/netstat-ano.txt"),
                Paths.get("samples/desktop-patrol-cs-firewall-drop/pfirewall.log"));
        for (Path p : files) audit.file(Source.of(p));                       // fixes the evidence order
        for (Path p : files) audit.read(Inputs.read(Source.of(p), opts, audit)); // the reader pushes into the audit
        HostReport report = audit.finish();                                   // findings, listeners, service groups
        ReportWriter out = Renderers.forName("md").open(writer, new RunInfo(Instant.now(), "dev"));
        out.host(report);                                                     // each host as it completes
        out.end(RunSummary.of(List.of(report)));
        // --- end of the example ---
        assertThat(report.findings()).filteredOn(f -> f.severity().atLeast(dev.portolan.model.Severity.WARNING))
                .extracting(Finding::code, Finding::port)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(dev.portolan.model.FindingCode.BLOCKED_EXPECTED, 2856));
        assertThat(report.flows()).isEmpty();
        assertThat(writer.toString()).contains("# portolan report: dp-cs01").contains("1. BLOCKED_EXPECTED tcp/2856");
    }
}
