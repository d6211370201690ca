package dev.portolan.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * Standard output as a command writes text to it: the same writer picocli makes when none is set (the same charset:
 * {@code sun.stdout.encoding}, {@code cp65001} read as UTF-8, else the default), which also tells the byte stream
 * under it and that charset, so a command can write bytes it formatted itself (a big CSV) without a trip through
 * characters.
 */
final class StandardOutput extends PrintWriter {
    private final PrintStream stream;
    private final Charset charset;

    private StandardOutput(PrintStream stream, Charset charset) {
        super(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
        this.stream = stream;
        this.charset = charset;
    }

    static StandardOutput system() {
        return new StandardOutput(System.out, charset(System.getProperty("sun.stdout.encoding")));
    }

    /** A standard output whose bytes go nowhere (the class-data archive's training runs commands through it). */
    static StandardOutput discarding() {
        return new StandardOutput(new PrintStream(java.io.OutputStream.nullOutputStream()), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Charset charset(String name) {
        if (name == null) return Charset.defaultCharset();
        try {
            return Charset.forName("cp65001".equalsIgnoreCase(name) ? "UTF-8" : name);
        } catch (RuntimeException unknown) {
            return Charset.defaultCharset();
        }
    }

    /** The byte stream under this writer: flush this writer before writing to it. */
    PrintStream stream() {
        return stream;
    }

    Charset charset() {
        return charset;
    }
}
