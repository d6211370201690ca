package dev.portolan.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes an output file so that it never damages the machine, even when portolan runs as root:
 * <ul>
 *   <li>a new path or a regular file is written through a temporary sibling {@code .NAME.portolan-tmp-PID} and
 *   renamed into place, so readers never see half a report;</li>
 *   <li>a device, a FIFO or {@code /dev/stdout} (and a symlink to one) is written straight, never replaced;</li>
 *   <li>a symlink to a regular file: the file it points to is replaced atomically, the link is kept;</li>
 *   <li>a new file gets the mode the umask gives (0644 under umask 022); a replaced file keeps its mode;</li>
 *   <li>temporaries still being written are deleted when the JVM is stopped (SIGTERM, SIGINT); those left by a
 *   killed process (its PID is gone) are deleted by the next write to the same target.</li>
 * </ul>
 */
public final class AtomicOutput {
    /** Marks a temporary sibling: {@code .NAME} + this + the writing process's PID. */
    static final String TEMP_MARK = ".portolan-tmp-";
    private static final int MAX_LINK_HOPS = 40;
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();
    private static final Object HOOK_LOCK = new Object();
    private static boolean hookInstalled;

    private AtomicOutput() {
    }

    /** Something that writes text. */
    @FunctionalInterface
    public interface Body {
        void write(Writer w) throws IOException;
    }

    /** Something that writes bytes. */
    @FunctionalInterface
    public interface ByteBody {
        void write(OutputStream out) throws IOException;
    }

    /** Writes UTF-8 text to {@code target}; see the class comment for how each kind of target is treated. */
    public static void write(Path target, Body body) throws IOException {
        writeBytes(target, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            body.write(w);
            w.flush();
        });
    }

    /** Writes bytes to {@code target}; see the class comment for how each kind of target is treated. */
    public static void writeBytes(Path target, ByteBody body) throws IOException {
        Path abs = target.toAbsolutePath();
        if (isStandardStream(abs)) {
            // /dev/stdout may be a shell redirection to a regular file: append so '>>' keeps what was there
            writeStraight(abs, body, StandardOpenOption.APPEND);
            return;
        }
        Path resolved = followLinks(abs);
        if (isStandardStream(resolved)) {
            writeStraight(resolved, body, StandardOpenOption.APPEND);
            return;
        }
        Optional<BasicFileAttributes> attrs = attributes(resolved);
        if (attrs.isPresent() && !attrs.get().isRegularFile()) {
            if (attrs.get().isDirectory()) throw new IOException(target + ": is a folder, not a file");
            writeStraight(resolved, body, StandardOpenOption.WRITE); // a device or FIFO: never replace it
            return;
        }
        writeAtomically(resolved, attrs.isPresent(), body);
    }

    /**
     * The input {@code target} would overwrite, if any: the same file as a given input, or an existing file inside a
     * given input folder (it is read as an input of this run). Callers refuse such an output before reading anything.
     */
    public static Optional<Path> clashingInput(Path target, Collection<Path> inputs) {
        Path real;
        try {
            real = followLinks(target.toAbsolutePath());
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(real)) return Optional.empty();
        for (Path in : inputs) {
            try {
                if (Files.isDirectory(in)) {
                    if (real.toRealPath().startsWith(in.toRealPath())) return Optional.of(in);
                } else if (Files.exists(in) && Files.isSameFile(real, in)) {
                    return Optional.of(in);
                }
            } catch (IOException e) {
                // an input that cannot be resolved cannot be the output either
            }
        }
        return Optional.empty();
    }

    private static boolean isStandardStream(Path p) {
        String s = p.normalize().toString();
        return s.equals("/dev/stdout") || s.equals("/dev/stderr") || s.startsWith("/dev/fd/")
                || s.startsWith("/proc/self/fd/") || s.matches("/proc/\\d+/fd/\\d+");
    }

    /** Follows symbolic links to what they name (which may not exist yet), like open(2) does. */
    static Path followLinks(Path abs) throws IOException {
        Path p = abs;
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops >= MAX_LINK_HOPS) throw new IOException(abs + ": too many levels of symbolic links");
            Path link = Files.readSymbolicLink(p);
            Path parent = p.getParent();
            p = (parent == null ? link : parent.resolve(link)).normalize();
            if (isStandardStream(p)) return p;
        }
        return p;
    }

    private static Optional<BasicFileAttributes> attributes(Path p) throws IOException {
        try {
            return Optional.of(Files.readAttributes(p, BasicFileAttributes.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static void writeStraight(Path p, ByteBody body, StandardOpenOption mode) throws IOException {
        try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.WRITE, mode)) {
            body.write(out);
        }
    }

    private static void writeAtomically(Path target, boolean exists, ByteBody body) throws IOException {
        Path dir = target.getParent(); // never null: the target is absolute and not a folder (so not "/")
        Files.createDirectories(dir);
        long pid = ProcessHandle.current().pid();
        String name = target.getFileName().toString();
        Path tmp = dir.resolve("." + name + TEMP_MARK + pid);
        removeStaleTemps(dir, name, tmp);
        installHook();
        IN_FLIGHT.add(tmp);
        try {
            // created with the umask's mode (unlike Files.createTempFile, which makes 0600)
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                body.write(out);
            }
            if (exists) keepMode(target, tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException(target + ": another portolan of this process is writing it (" + tmp + ")");
        } finally {
            Files.deleteIfExists(tmp);
            IN_FLIGHT.remove(tmp);
        }
    }

    /** A file replaced in place keeps its permissions, as it would if it were truncated and rewritten. */
    private static void keepMode(Path target, Path tmp) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
        if (view == null) return;
        try {
            Files.setPosixFilePermissions(tmp, view.readAttributes().permissions());
        } catch (NoSuchFileException e) {
            // the old file went away meanwhile: the new one keeps the umask's mode
        }
    }

    /** Deletes {@code .NAME.portolan-tmp-PID} siblings whose process no longer runs (left by kill -9 or a crash). */
    private static void removeStaleTemps(Path dir, String name, Path ours) throws IOException {
        if (!Files.isDirectory(dir)) return;
        String prefix = "." + name + TEMP_MARK;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path p : ds) {
                String pidText = p.getFileName().toString().substring(prefix.length());
                if (!pidText.matches("\\d{1,18}")) continue;
                long pid = Long.parseLong(pidText);
                boolean ourOwnLeftover = p.equals(ours) && !IN_FLIGHT.contains(p);
                boolean deadWriter = ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
                if ((ourOwnLeftover || deadWriter) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void installHook() {
        synchronized (HOOK_LOCK) {
            if (hookInstalled) return;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (Path p : IN_FLIGHT) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        // nothing more can be done while the JVM stops
                    }
                }
            }, "portolan-temp-cleanup"));
            hookInstalled = true;
        }
    }
}
