package dev.portolan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** The root command: lists the subcommands and the exit codes. */
@Command(name = "portolan", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Audits what hosts did on the network (netstat/ss dumps, Windows Firewall logs, pcap/pcapng "
                + "captures) against the documented ports of installed products.",
        subcommands = {AuditCommand.class, DiffCommand.class, FlowsCommand.class, CaptureCommand.class, CatalogCommand.class, ReportCommand.class,
                ExplainCommand.class, CompletionCommand.class, ManCommand.class, CommandLine.HelpCommand.class})
public final class PortolanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCode.USAGE.code();
    }
}
