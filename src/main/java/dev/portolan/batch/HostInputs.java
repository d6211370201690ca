package dev.portolan.batch;

import dev.portolan.ingest.Source;

import java.util.List;

/**
 * One host of an audit and the files that describe it, as a runner found them (the local folder walk of
 * {@link AuditJob}, a Hadoop listing in the Spark job). In a batch, a host's name comes from its folder; a loose file
 * is a host of its own, named by the file unless its content names the host ({@code nameFromContent}).
 */
public record HostInputs(String name, boolean nameFromContent, List<Input> files) {

    public HostInputs {
        files = List.copyOf(files);
    }

    /**
     * One input file; {@code inFolder} when it was found by walking a folder, where a file that is no input at all
     * is skipped with a notice instead of failing the run.
     */
    public record Input(Source source, boolean inFolder) {
    }

    /** A batch host's name, and whether the content of its file may rename it. */
    public record Key(String name, boolean nameFromContent) {
    }

    /**
     * The batch host of a file, from its path below the folder that was given ({@code relative} segments; a file
     * given directly is just its name): the first folder, else the file name up to its first dot.
     */
    public static Key keyOf(List<String> relative) {
        if (relative.size() > 1) return new Key(relative.get(0), false);
        String n = relative.get(0);
        int dot = n.indexOf('.');
        return new Key(dot > 0 ? n.substring(0, dot) : n, true);
    }
}
