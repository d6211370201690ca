package dev.portolan.cli;

import dev.portolan.ingest.Inputs;
import dev.portolan.ingest.ReadOptions;
import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.ingest.pcap.Pcap4jCaptureReader;
import dev.portolan.model.Flow;
import dev.portolan.model.InputProblem;
import dev.portolan.report.AtomicOutput;
import dev.portolan.report.Escape;
import dev.portolan.report.flows.FlowTableWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code portolan flows FILE...}: the conversation table of pcap/pcapng captures, without an audit. */
@Command(name = "flows", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List the flows (conversations) in pcap/pcapng captures and Windows Firewall logs (.gz too), with who initiated each.")
public final class FlowsCommand implements Callable<Integer> {
    enum ReaderKind { DEFAULT, PCAP4J }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "pcap/pcapng captures or firewall logs, optionally compressed")
    List<Path> files = new ArrayList<>();

    @Option(names = "--format", defaultValue = "text", description = "text, csv, json or jsonl (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--reader", defaultValue = "default",
            description = "default (pure Java) or pcap4j (native libpcap; cross-check)")
    String reader;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write here (atomically) instead of stdout")
    Path output;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        FlowTableWriter.Format fmt;
        boolean pcap4j;
        try {
            fmt = FlowTableWriter.Format.parse(format);
            pcap4j = ReaderKind.valueOf(reader.trim().toUpperCase(java.util.Locale.ROOT)) == ReaderKind.PCAP4J;
        } catch (IllegalArgumentException e) {
            err.println("portolan flows: --format must be text|csv|json|jsonl and --reader default|pcap4j");
            err.flush();
            return 2;
        }
        if (output != null && AtomicOutput.clashingInput(output, files).isPresent()) {
            err.println(Escape.text("portolan flows: -o " + output + " would overwrite the input "
                    + AtomicOutput.clashingInput(output, files).get() + " (choose another output file)"));
            err.flush();
            return 2;
        }
        int code = 0;
        List<Flow> flows = new ArrayList<>();
        for (Path file : files) {
            try {
                // every input with flows: captures, firewall logs (one flow per 5-tuple, direction and action)
                Source source = Source.of(file);
                ReadResult r = pcap4j ? new Pcap4jCaptureReader().read(source) : Inputs.read(source, ReadOptions.defaults());
                flows.addAll(r.flows());
                for (InputProblem p : r.problems()) err.println("portolan flows: warning: " + Escape.text(p.toString()));
                if (r.problemCount() > r.problems().size()) {
                    err.println("portolan flows: warning: " + Escape.text(file.toString()) + ": " + (r.problemCount() - r.problems().size()) + " more problems");
                }
            } catch (IOException e) {
                // one unreadable file never stops the others; the exit code reports it
                String m = String.valueOf(e.getMessage());
                err.println("portolan flows: " + Escape.text(m.startsWith(file.toString()) ? m : file + ": " + m));
                code = 2;
            }
        }
        if (output != null) {
            AtomicOutput.write(output, w -> FlowTableWriter.write(flows, fmt, w));
        } else {
            PrintWriter out = spec.commandLine().getOut();
            FlowTableWriter.write(flows, fmt, out);
            out.flush();
        }
        err.flush();
        return code;
    }
}
