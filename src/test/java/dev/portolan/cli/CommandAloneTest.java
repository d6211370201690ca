package dev.portolan.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flows} and {@code audit} are built alone under the root (a faster start): their help, their usage errors
 * and their exit codes are exactly those of the whole command tree.
 */
class CommandAloneTest {
    /** Exit code, standard output and standard error of one run. */
    private static String run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return code + "\n" + out + "\n---\n" + err;
    }

    @Test
    void aCommandBuiltAloneAnswersAsInTheWholeTree() {
        String[][] runs = {
            {"flows", "--help"}, {"audit", "--help"}, {"flows", "--bogus"}, {"flows"}, {"audit", "--role"},
            {"flows", "--format", "xml", "samples/deliverymanager-capture/deliverymanager.pcap"}, {"flows", "--version"},
        };
        for (String[] args : runs) {
            CommandLine alone = Main.commandLine(args);
            assertThat(alone.getSubcommands()).as(String.join(" ", args)).containsOnlyKeys(args[0]);
            assertThat(run(alone, args)).as(String.join(" ", args)).isEqualTo(run(Main.commandLine(), args));
        }
        assertThat(run(Main.commandLine(args("flows", "--help")), "flows", "--help")).contains("Usage: portolan flows")
                .contains("Exit codes:");
        assertThat(Main.commandLine("help", "flows").getSubcommands()).containsKeys("audit", "flows", "man", "completion");
        assertThat(Main.commandLine("--help").getSubcommands()).containsKeys("audit", "flows", "man", "completion");
    }

    private static String[] args(String... a) {
        return a;
    }
}
