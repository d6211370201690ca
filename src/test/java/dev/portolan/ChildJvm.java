package dev.portolan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a class of the test classpath in a fresh JVM (own heap limit, umask, signals), for what one JVM cannot test. */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** What the child did. */
    public record Result(int exit, String out, String err) {
    }

    /** Builds the command: {@code sh -c 'umask U; exec java JVMARGS -cp CP MAIN ARGS'}, with SIGINT at its default. */
    public static ProcessBuilder command(String umask, List<String> jvmArgs, Class<?> main, String... args) {
        // a job started in the background inherits SIGINT ignored, and the JVM keeps it so: reset it to the default
        List<String> cmd = new ArrayList<>(List.of("python3", "-c", "import os, signal, sys; "
                + "signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])",
                "sh", "-c", "umask " + umask + "; exec \"$0\" \"$@\"", java()));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    public static Result run(String umask, List<String> jvmArgs, Class<?> main, String... args) throws IOException, InterruptedException {
        Process p = command(umask, jvmArgs, main, args).start();
        p.getOutputStream().close();
        var out = new java.io.ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try {
                p.getInputStream().transferTo(out);
            } catch (IOException e) {
                // the child is gone
            }
        });
        drain.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish: " + err);
        }
        drain.join();
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err);
    }

    public static String java() {
        Path home = Paths.get(System.getProperty("java.home"));
        return home.resolve("bin").resolve("java").toString();
    }
}
