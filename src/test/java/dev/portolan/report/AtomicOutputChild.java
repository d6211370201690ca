package dev.portolan.report;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Child JVM for {@link AtomicOutputTest}: writes {@code args[0]} completely, then starts writing {@code args[1]}, says
 * "writing" on stdout and waits there until it is stopped by a signal.
 */
public final class AtomicOutputChild {
    private AtomicOutputChild() {
    }

    public static void main(String[] args) throws Exception {
        Path done = Paths.get(args[0]);
        AtomicOutput.write(done, w -> w.write("complete\n"));
        AtomicOutput.write(Paths.get(args[1]), w -> {
            w.write("half a report\n");
            w.flush();
            System.out.println("writing");
            System.out.flush();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
