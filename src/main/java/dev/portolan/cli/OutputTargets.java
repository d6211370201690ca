package dev.portolan.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.portolan.report.AtomicOutput;

/**
 * Where a command's output goes: every {@code -o FILE} (repeatable; {@code -} is standard output) with the format
 * its extension names, or {@code --format} when given. An extension that names no format, a missing folder or a
 * folder as the file is a usage error before any work is done, never silent text.
 */
final class OutputTargets {
    /** One output: a file (null for standard output) and the format name to write there. */
    record Target(Path file, String format) {
        boolean isStdout() {
            return file == null;
        }

        String label() {
            return file == null ? "standard output" : file.toString();
        }
    }

    /** Writes one target's content. */
    interface Body {
        void write(Writer out) throws IOException;
    }

    /** Writes one target's content as bytes of text in the charset given. */
    interface ByteBody {
        void write(java.io.OutputStream out, java.nio.charset.Charset charset) throws IOException;
    }

    private OutputTargets() {
    }

    /**
     * @param byExtension the format a file name's extension names, or empty
     * @param extensions  the extensions that name formats, for the message
     */
    static List<Target> resolve(CommandSpec spec, List<Path> outputs, String format, Function<String, Optional<String>> byExtension,
                                List<String> extensions) {
        String fallback = format == null ? "text" : format.trim().toLowerCase(Locale.ROOT);
        if (outputs == null || outputs.isEmpty()) return List.of(new Target(null, fallback));
        List<Target> out = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        boolean stdout = false;
        for (Path p : outputs) {
            if (p.toString().equals("-")) {
                if (stdout) throw new ParameterException(spec.commandLine(), "-o - is given twice (standard output can take one report)");
                stdout = true;
                out.add(new Target(null, fallback));
                continue;
            }
            if (!seen.add(p.toAbsolutePath().normalize())) throw new ParameterException(spec.commandLine(), "-o " + p + " is given twice");
            if (Files.isDirectory(p)) throw new ParameterException(spec.commandLine(), "-o " + p + ": is a directory (give a file name inside it)");
            Path parent = p.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new ParameterException(spec.commandLine(), "-o " + p + ": the folder " + parent + " does not exist (create it first)");
            }
            String name = p.getFileName() == null ? p.toString() : p.getFileName().toString();
            Optional<String> named = byExtension.apply(name);
            if (named.isPresent() && format != null && !named.get().equals(fallback)) {
                throw new ParameterException(spec.commandLine(), "-o " + p + " names the format " + named.get() + " but --format says "
                        + fallback + " (drop --format: the extension picks the format)");
            }
            if (named.isEmpty() && (format != null || isDevice(p))) named = Optional.of(fallback);
            if (named.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "-o " + p + ": the extension names no format (use ."
                        + String.join(", .", extensions) + "), or give --format");
            }
            out.add(new Target(p, named.get()));
        }
        return out;
    }

    /** /dev/stdout, a FIFO, a terminal: no extension to read, the format is --format's (or text). */
    private static boolean isDevice(Path p) {
        return Files.exists(p) && !Files.isRegularFile(p) && !Files.isDirectory(p);
    }

    /** Writes the body to the target: standard output directly, a file atomically. */
    static void write(CommandSpec spec, Target t, Body body) throws IOException {
        if (t.isStdout()) {
            PrintWriter out = spec.commandLine().getOut();
            body.write(out);
            out.flush();
        } else {
            AtomicOutput.write(t.file(), body::write);
        }
    }

    /**
     * Writes the same content as {@code chars} would, as bytes where the target's byte stream is known (a file: UTF-8,
     * as {@link #write}; standard output as {@link Main} sets it up), else through {@code chars}.
     */
    static void write(CommandSpec spec, Target t, Body chars, ByteBody bytes) throws IOException {
        if (!t.isStdout()) {
            AtomicOutput.writeBytes(t.file(), out -> bytes.write(out, java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (out instanceof StandardOutput std) {
            std.flush();
            bytes.write(std.stream(), std.charset());
            std.stream().flush();
        } else {
            write(spec, t, chars);
        }
    }
}
