package dev.portolan.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a few ordinary portolan commands in one JVM, discarding their output, so that a JVM started with
 * {@code -XX:ArchiveClassesAtExit} archives the classes real commands load (the {@code ./portolan} launcher does this
 * once per built jar; later starts map the archive instead of loading and verifying those classes). Arguments are
 * the commands' arguments, commands separated by {@code ";"}. Not a user command; always exits 0.
 */
public final class ClassArchiveTraining {
    private ClassArchiveTraining() {
    }

    public static void main(String[] args) {
        List<String> command = new ArrayList<>();
        for (String a : Arrays.asList(args)) {
            if (a.equals(";")) {
                run(command);
                command.clear();
            } else {
                command.add(a);
            }
        }
        run(command);
    }

    private static void run(List<String> command) {
        if (command.isEmpty()) return;
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        try {
            // standard output as Main sets it up, so that commands take the byte path they take there (flows' CSV)
            Main.run(StandardOutput.discarding(), sink, command.toArray(new String[0]));
        } catch (RuntimeException e) {
            // training only: a failing command still loaded classes worth archiving
        }
    }
}
