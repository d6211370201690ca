package dev.portolan.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Child JVM for {@link MemoryBoundsTest}: fills the heap until about {@code args[0]} MiB are left, then runs portolan
 * with the remaining arguments and exits with its code, so an out-of-memory happens for certain inside a run.
 */
public final class OutOfMemoryChild {
    private OutOfMemoryChild() {
    }

    static final List<byte[]> BALLAST = new ArrayList<>();

    public static void main(String[] args) {
        int leave = Integer.parseInt(args[0]);
        try {
            while (true) BALLAST.add(new byte[1 << 20]);
        } catch (OutOfMemoryError e) {
            for (int i = 0; i < leave && !BALLAST.isEmpty(); i++) BALLAST.remove(BALLAST.size() - 1);
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        System.exit(Main.run(rest));
    }
}
