package dev.portolan.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** portolan audit: read inputs, match them against the catalog, report findings, choose the exit code. */
@Command(name = "audit", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Audits netstat/ss dumps, Windows Firewall logs and pcap/pcapng captures (detected by content; .gz fine) "
                + "against the catalog for the host's roles.",
                "Folders are read recursively. With --batch every sub-folder (or loose file) is a host of its own."})
public final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Input files or folders.")
    List<Path> files = new ArrayList<>();

    @Mixin
    AuditOptions options;

    @Override
    public Integer call() throws IOException {
        return options.execute(spec, files);
    }
}
