package dev.portolan.spark;

import dev.portolan.batch.HostInputs;
import dev.portolan.ingest.InputWalk;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lists the inputs with Hadoop's FileSystem (file://, hdfs://, s3a://, plain local paths) and groups the files into
 * hosts the way {@code audit --batch} groups a local tree ({@link HostInputs#keyOf}): a folder below a given folder is
 * a host, a loose file is a host of its own. Runs on the driver; only names and URIs, never file content.
 */
public final class HostListing {
    private HostListing() {
    }

    /** The hosts of the inputs, in input order and then by path; an input that does not exist is an IOException. */
    public static List<HostTask> list(List<String> inputs, Configuration conf) throws IOException {
        Map<HostInputs.Key, List<HostTask.File>> hosts = new LinkedHashMap<>();
        for (String input : inputs) {
            Path root = new Path(input);
            FileSystem fs = root.getFileSystem(conf);
            FileStatus status;
            try {
                status = fs.getFileStatus(root);
            } catch (FileNotFoundException e) {
                throw new FileNotFoundException(input + ": no such file or folder");
            }
            String shown = trimSlashes(input);
            if (!status.isDirectory()) {
                hosts.computeIfAbsent(HostInputs.keyOf(List.of(root.getName()), false), k -> new ArrayList<>())
                        .add(new HostTask.File(status.getPath().toString(), shown, false));
                continue;
            }
            TreeMap<String, String> files = filesBelow(fs, status.getPath());
            for (Map.Entry<String, String> f : files.entrySet()) {
                List<String> segments = List.of(f.getKey().split("/"));
                hosts.computeIfAbsent(HostInputs.keyOf(segments, false), k -> new ArrayList<>())
                        .add(new HostTask.File(f.getValue(), shown + "/" + f.getKey(), true));
            }
        }
        List<HostTask> out = new ArrayList<>(hosts.size());
        hosts.forEach((k, files) -> out.add(new HostTask(k.name(), k.nameFromContent(), files)));
        return out;
    }

    /**
     * The files below a folder: relative path (sorted, like the local walk) to URI; hidden folders and files and
     * READMEs left out as the local walk leaves them out. A local folder is walked folder by folder, because Hadoop's
     * recursive listing of the local file system asks a child process ({@code ls}/{@code stat}) for the permissions of
     * every file; other file systems list recursively in one go (one paged listing on an object store).
     */
    private static TreeMap<String, String> filesBelow(FileSystem fs, Path dir) throws IOException {
        String base = dir.toUri().getPath();
        TreeMap<String, String> files = new TreeMap<>();
        if (fs.getScheme().equals("file")) {
            walk(fs, dir, base, files);
            return files;
        }
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
        while (it.hasNext()) {
            LocatedFileStatus f = it.next();
            String rel = relative(f.getPath(), base);
            if (f.isFile() && !InputWalk.leftOut(f.getPath().getName()) && !inHiddenFolder(rel)) files.put(rel, f.getPath().toString());
        }
        return files;
    }

    private static void walk(FileSystem fs, Path dir, String base, Map<String, String> files) throws IOException {
        for (FileStatus f : fs.listStatus(dir)) {
            String name = f.getPath().getName();
            if (f.isDirectory()) {
                if (!InputWalk.isHidden(name)) walk(fs, f.getPath(), base, files);
            } else if (f.isFile() && !InputWalk.leftOut(name)) {
                files.put(relative(f.getPath(), base), f.getPath().toString());
            }
        }
    }

    private static String relative(Path file, String base) {
        return file.toUri().getPath().substring(base.length()).replaceFirst("^/+", "");
    }

    /** Like the local walk, which does not enter hidden folders. */
    private static boolean inHiddenFolder(String relative) {
        String[] segments = relative.split("/");
        for (int i = 0; i < segments.length - 1; i++) if (InputWalk.isHidden(segments[i])) return true;
        return false;
    }

    private static String trimSlashes(String s) {
        int end = s.length();
        while (end > 1 && s.charAt(end - 1) == '/') end--;
        return s.substring(0, end);
    }
}
