package dev.portolan.batch;

import dev.portolan.ingest.Archives;
import dev.portolan.ingest.InputWalk;
import dev.portolan.ingest.Source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

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
     * One input: a file to read, or a path the walk passed over ({@code kind} not FILE: a loop, an unreadable folder,
     * a link out of the tree, a file met twice), with the walk's {@code message}. {@code inFolder} when it was found by
     * walking a folder, where a file that is no input at all is skipped with a notice instead of failing the run.
     */
    public record Input(Source source, boolean inFolder, InputWalk.Kind kind, String message) {
        /** A file to read. */
        public Input(Source source, boolean inFolder) {
            this(source, inFolder, InputWalk.Kind.FILE, "");
        }
    }

    /**
     * A host as a local walk met it ({@code inFolder}: the paths found by walking a folder). One {@link Source} per
     * path, so a path met twice (standard input given twice, a pipe) is still read at most once.
     */
    public static HostInputs walked(String name, boolean nameFromContent, List<InputWalk.Entry> entries, Predicate<Path> inFolder) {
        Map<Path, Source> sources = new HashMap<>();
        List<Input> files = new ArrayList<>();
        // an archive given alone, with no name: the host it describes is named after it (the folder all its files
        // share, else the archive), unless its files name the host
        boolean loneArchive = name.isEmpty() && entries.size() == 1;
        for (InputWalk.Entry e : entries) {
            boolean found = inFolder.test(e.path());
            if (e.isFile() && Archives.isArchive(e.path())) {
                // the files in a zip or tar are read as if it were a folder (left out there when they are no input)
                List<Input> inside = inArchive(Source.of(e.path()), found, () -> Archives.list(e.path()));
                files.addAll(inside);
                List<Source> listed = inside.stream().filter(i -> i.kind() == InputWalk.Kind.FILE).map(Input::source).toList();
                if (loneArchive && !listed.isEmpty()) {
                    name = Archives.hostName(e.path(), listed);
                    nameFromContent = true;
                }
                continue;
            }
            // a file met by walking a folder is a regular file (the walk leaves out pipes and devices)
            Source s = sources.computeIfAbsent(e.path(), p -> found && e.isFile() ? new Source(p.toString(), p) : Source.of(p));
            files.add(new Input(s, found, e.kind(), e.message()));
        }
        return new HostInputs(name, nameFromContent, files);
    }

    /** Lists an archive (a local one, or one the Spark job opens through Hadoop). */
    @FunctionalInterface
    public interface ArchiveListing {
        Archives.Listing list() throws java.io.IOException;
    }

    /**
     * An archive's inputs, as a folder's: each file in it, then — when it broke part way — its damage as an unreadable
     * input ({@code inFolder} as the archive itself was met); one that cannot be listed at all is one unreadable input.
     */
    public static List<Input> inArchive(Source archive, boolean inFolder, ArchiveListing listing) {
        List<Input> out = new ArrayList<>();
        Archives.Listing inside;
        try {
            inside = listing.list();
        } catch (java.io.IOException | RuntimeException bad) {
            out.add(new Input(archive, inFolder, InputWalk.Kind.UNREADABLE, String.valueOf(bad.getMessage())));
            return out;
        }
        for (Source s : inside.sources()) out.add(new Input(s, true));
        if (inside.damage() != null) out.add(new Input(archive, inFolder, InputWalk.Kind.UNREADABLE, inside.damage()));
        return out;
    }

    /** A batch host's name, and whether the content of its file may rename it. */
    public record Key(String name, boolean nameFromContent) {
    }

    /**
     * The batch host of a path met below a folder that was given ({@code relative} segments; a file given directly is
     * just its name): its first folder (a folder met at the top is a host itself), else the file name up to its first dot.
     */
    public static Key keyOf(List<String> relative, boolean isFolder) {
        if (relative.size() > 1 || isFolder) return new Key(relative.get(0), false);
        String n = relative.get(0);
        int dot = n.indexOf('.');
        return new Key(dot > 0 ? n.substring(0, dot) : n, true);
    }
}
