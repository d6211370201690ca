package dev.portolan.spark;

import java.io.Serializable;
import java.util.List;

/**
 * One host's files as the driver listed them: what a task needs to audit the host. Files are Hadoop URIs;
 * {@code name} is what evidence shows (the input as given plus the path below it, as {@code audit --batch} shows it).
 */
public record HostTask(String host, boolean nameFromContent, List<File> files) implements Serializable {
    private static final long serialVersionUID = 1L;

    public HostTask {
        files = List.copyOf(files);
    }

    /** One input file: its URI, its display name, and whether it was found by listing a folder. */
    public record File(String uri, String name, boolean inFolder) implements Serializable {
        private static final long serialVersionUID = 1L;
    }
}
