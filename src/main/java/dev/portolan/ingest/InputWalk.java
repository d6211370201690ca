package dev.portolan.ingest;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * Walks a given folder for input files. What cannot be walked never stops the walk: a symbolic-link loop, a
 * sub-folder or file that cannot be read, and a link that leads out of the given folder (not followed unless
 * asked, so a link to {@code /etc} does not make system files into evidence) each become an {@link Entry} with
 * its {@link Kind}, for the caller to report as a problem of the host the path belongs to.
 */
public final class InputWalk {
    private InputWalk() {
    }

    /** What was found at a path. */
    public enum Kind {
        FILE, LOOP, UNREADABLE, LINK_OUT_OF_TREE,
        /** The same file (same device and inode, or same real path) as one met before: read once. */
        SAME_FILE_AGAIN;
    }

    /** A path met while walking; {@code message} says what was wrong (empty for a file). */
    public record Entry(Path path, Kind kind, String message) {
        public boolean isFile() {
            return kind == Kind.FILE;
        }
    }

    /**
     * The entries under {@code root}, sorted by path; hidden files and README.md are left out.
     * {@code followLinksOut}: also follow links that lead outside {@code root}.
     */
    public static List<Entry> walk(Path root, boolean followLinksOut) throws IOException {
        List<Entry> out = walk(root, followLinksOut, false);
        out.sort(Comparator.comparing(Entry::path));
        return out;
    }

    /**
     * True when walking {@code root} (links out of it not followed) meets an input file: the same files as
     * {@link #walk}, but the walk stops at the first.
     */
    public static boolean holdsInputFile(Path root) throws IOException {
        for (Entry e : walk(root, false, true)) if (e.isFile()) return true;
        return false;
    }

    /** The entries in the order met; with {@code firstFileOnly} the walk ends at the first file. */
    private static List<Entry> walk(Path root, boolean followLinksOut, boolean firstFileOnly) throws IOException {
        Path realRoot = root.toRealPath();
        List<Entry> out = new ArrayList<>();
        Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(root) && isHidden(dir)) return FileVisitResult.SKIP_SUBTREE;
                if (!dir.equals(root) && leavesTree(dir)) return FileVisitResult.SKIP_SUBTREE;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (leftOut(file.getFileName().toString())) return FileVisitResult.CONTINUE;
                if (!attrs.isRegularFile() || leavesTree(file)) return FileVisitResult.CONTINUE;
                out.add(new Entry(file, Kind.FILE, ""));
                return firstFileOnly ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                if (isHidden(file)) return FileVisitResult.CONTINUE;
                if (e instanceof FileSystemLoopException) {
                    out.add(new Entry(file, Kind.LOOP, file + ": a symbolic link loop (leads back to a folder above it); not followed"));
                } else if (e instanceof AccessDeniedException) {
                    out.add(new Entry(file, Kind.UNREADABLE, file + ": permission denied"));
                } else if (Files.isSymbolicLink(file) && !Files.exists(file)) {
                    return FileVisitResult.CONTINUE; // a dangling link names nothing to read
                } else {
                    out.add(new Entry(file, Kind.UNREADABLE, file + ": cannot be read (" + reason(e) + ")"));
                }
                return FileVisitResult.CONTINUE;
            }

            /** A link (at any level) whose target lies outside the given folder; reported once, at the link. */
            private boolean leavesTree(Path p) {
                if (followLinksOut || !Files.isSymbolicLink(p)) return false;
                try {
                    if (p.toRealPath().startsWith(realRoot)) return false;
                } catch (IOException e) {
                    return false; // visitFileFailed reports it
                }
                out.add(new Entry(p, Kind.LINK_OUT_OF_TREE, p + ": a symbolic link out of " + root
                        + "; not followed (use --follow-links to read it)"));
                return true;
            }
        });
        return out;
    }

    /**
     * Marks every entry after the first that names the same file (a hard link, a symlink, a file given twice or
     * inside a given folder) as {@link Kind#SAME_FILE_AGAIN}, so it is read once.
     */
    public static List<Entry> readOnce(List<Entry> entries) {
        java.util.Map<Object, Path> seen = new java.util.HashMap<>();
        List<Entry> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            Object key = e.isFile() ? identity(e.path()) : null;
            Path first = key == null ? null : seen.putIfAbsent(key, e.path());
            out.add(first == null ? e : new Entry(e.path(), Kind.SAME_FILE_AGAIN, e.path() + ": the same file as " + first
                    + "; read once"));
        }
        return out;
    }

    private static Object identity(Path p) {
        try {
            Object key = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
            return key != null ? key : p.toRealPath();
        } catch (IOException e) {
            return null; // reading it will say what is wrong
        }
    }

    private static boolean isHidden(Path p) {
        Path name = p.getFileName();
        return name != null && isHidden(name.toString());
    }

    /** A hidden file or folder name (".git", ".DS_Store"); the walk does not enter or read them. */
    public static boolean isHidden(String name) {
        return name.startsWith(".") && !name.equals(".") && !name.equals("..");
    }

    /** A file the walk leaves out by its name: hidden, or the README.md of a sample folder. */
    public static boolean leftOut(String fileName) {
        return isHidden(fileName) || fileName.equalsIgnoreCase("README.md");
    }

    /** An I/O error's own words, without the exception's class name. */
    private static String reason(IOException e) {
        String r = e instanceof java.nio.file.FileSystemException fse ? fse.getReason() : e.getMessage();
        return r == null ? "I/O error" : r.toLowerCase(Locale.ROOT);
    }
}
