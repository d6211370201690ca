package dev.portolan.audit;

import dev.portolan.catalog.CatalogLoader;
import dev.portolan.ingest.FileSummary;
import dev.portolan.ingest.InputFormat;
import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Host;
import dev.portolan.model.Listener;
import dev.portolan.model.OsFamily;
import dev.portolan.model.Protocol;
import dev.portolan.model.Severity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Catalog rows marked certainty=heuristic (Windows dynamic RPC) need process evidence to make a listener EXPECTED. */
class HeuristicBaselineTest {
    static Auditor auditor;

    @BeforeAll
    static void load() throws Exception {
        auditor = new Auditor(CatalogLoader.loadBundled());
    }

    private static Finding audit(OsFamily os, String version, int port, String process) {
        ReadResult r = new ReadResult(FileSummary.of(new Source("dump.txt", Paths.get("dump.txt")), InputFormat.NETSTAT,
                "windows-netstat"), List.of(new Listener(Protocol.TCP, "0.0.0.0", port, process == null ? -1 : 664, process,
                Evidence.ofLine("dump.txt", 7, "  TCP    0.0.0.0:" + port + "    0.0.0.0:0    LISTENING"))), List.of(), List.of(), List.of());
        Host.Builder h = Host.builder().name("h").os(os);
        if (version != null) h.setting("os-windows.version", version);
        List<Finding> f = auditor.audit(h.build(), List.of(r), false, Map.of()).findings();
        assertThat(f).hasSize(1);
        return f.get(0);
    }

    @Test
    void aMatchingProcessConfirmsTheHeuristicRow() {
        Finding f = audit(OsFamily.WINDOWS, "10.0", 49664, "wininit.exe");
        assertThat(f.code()).isEqualTo(FindingCode.EXPECTED);
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.entryId()).isEqualTo("win-24");
        assertThat(f.message()).isEqualTo("OS baseline: Core dynamic RPC endpoints (Windows 8 / Server 2012 and later)"
                + " (heuristic row, confirmed by process wininit.exe)");
    }

    @Test
    void withoutProcessNamesItIsALikelyNotice() {
        Finding f = audit(OsFamily.WINDOWS, "10.0", 49666, null);
        assertThat(f.code()).isEqualTo(FindingCode.EPHEMERAL_LISTENER);
        assertThat(f.severity()).isEqualTo(Severity.NOTICE);
        assertThat(f.entryId()).isEqualTo("win-24");
        assertThat(f.message()).isEqualTo("tcp/49666: likely Core dynamic RPC endpoints (Windows 8 / Server 2012 and later)"
                + " (heuristic, not documented); confirm with netstat -anob (the dump names no process for it)");
    }

    @Test
    void aContradictingProcessIsAnUnknownListenerWarning() {
        Finding f = audit(OsFamily.WINDOWS, "10.0", 49665, "java.exe");
        assertThat(f.code()).isEqualTo(FindingCode.UNKNOWN_LISTENER);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.message()).startsWith("tcp/49665 lies in the heuristic range of win-24 (Core dynamic RPC endpoints"
                + " (Windows 8 / Server 2012 and later)), but its process java.exe is none of those that row names");
    }

    @Test
    void theSameRuleHoldsForNt60AndPreVistaRanges() {
        assertThat(audit(OsFamily.WINDOWS, "6.1", 49155, null).code()).isEqualTo(FindingCode.EPHEMERAL_LISTENER);
        assertThat(audit(OsFamily.WINDOWS, "6.1", 49155, "lsass.exe").code()).isEqualTo(FindingCode.EXPECTED);
        Finding legacy = audit(OsFamily.WINDOWS_LEGACY, "5.1", 1027, null);
        assertThat(legacy.code()).isEqualTo(FindingCode.EPHEMERAL_LISTENER);
        assertThat(legacy.severity()).isEqualTo(Severity.NOTICE);
        assertThat(legacy.entryId()).isEqualTo("win-26");
        assertThat(audit(OsFamily.WINDOWS_LEGACY, "5.1", 1027, "svchost.exe").code()).isEqualTo(FindingCode.EXPECTED);
        // the row's condition rules it out on another NT version: then it is an ordinary ephemeral listener
        Finding other = audit(OsFamily.WINDOWS_LEGACY, "10.0", 1027, null);
        assertThat(other.code()).isEqualTo(FindingCode.EPHEMERAL_LISTENER);
        assertThat(other.severity()).isEqualTo(Severity.WARNING);
    }
}
