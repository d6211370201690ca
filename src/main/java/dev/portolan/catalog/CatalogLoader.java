package dev.portolan.catalog;

import dev.portolan.io.ConfigText;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads catalog CSV files: the bundled catalog (the repository's {@code catalog/} folder, packaged into
 * the jar) and any overlay folders. Overlay rows replace bundled rows with the same id; a row whose
 * port is {@code -} removes the row with that id. {@code roles*.csv} files declare role names.
 */
public final class CatalogLoader {
    static final String BUNDLED = "META-INF/portolan/catalog/";

    private final List<CatalogIssue> issues = new ArrayList<>();
    private final Map<String, CatalogEntry> entries = new LinkedHashMap<>();
    private final Map<String, String> roleNames = new HashMap<>();
    private final Map<String, CatalogSource> documents = new LinkedHashMap<>();
    private final List<String> sources = new ArrayList<>();
    private final List<CatalogEntry> allRows = new ArrayList<>();

    /** The bundled catalog read ahead by {@link #readBundledAhead} (null: not asked for), and the folder it was read for. */
    private static java.util.concurrent.CompletableFuture<CatalogLoader> ahead;
    private static String aheadDir;

    /**
     * Starts reading the bundled catalog on a thread of its own, for the next {@link #load} to take instead of reading it
     * then: a command line that audits is parsed (picocli, most of a small audit's start) while the catalog is read.
     * Failures wait for that load, which reports them as it would have.
     */
    public static synchronized void readBundledAhead() {
        String dir = System.getProperty("portolan.catalog.dir");
        if (ahead != null && java.util.Objects.equals(aheadDir, dir)) return;
        aheadDir = dir;
        java.util.concurrent.CompletableFuture<CatalogLoader> f = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                CatalogLoader l = new CatalogLoader();
                l.addBundled();
                f.complete(l);
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "portolan-catalog");
        t.setDaemon(true);
        ahead = f;
        t.start();
    }

    /** Forgets the catalog read ahead: the next load reads the bundled catalog itself (tests compare both ways). */
    static synchronized void forgetReadAhead() {
        ahead = null;
        aheadDir = null;
    }

    /** A loader holding the bundled catalog: a copy of the one read ahead (when read for this folder), else read now. */
    private static CatalogLoader withBundled() throws IOException {
        java.util.concurrent.CompletableFuture<CatalogLoader> f;
        synchronized (CatalogLoader.class) {
            f = ahead != null && java.util.Objects.equals(aheadDir, System.getProperty("portolan.catalog.dir")) ? ahead : null;
        }
        if (f == null) {
            CatalogLoader l = new CatalogLoader();
            l.addBundled();
            return l;
        }
        CatalogLoader read;
        try {
            read = f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
        CatalogLoader l = new CatalogLoader();
        l.issues.addAll(read.issues);
        l.entries.putAll(read.entries);
        l.roleNames.putAll(read.roleNames);
        l.documents.putAll(read.documents);
        l.sources.addAll(read.sources);
        l.allRows.addAll(read.allRows);
        return l;
    }

    /** Loads the bundled catalog plus overlays; any error row makes it fail with a file:line message. */
    public static Catalog load(List<Path> overlays) throws CatalogException {
        CatalogLoader l;
        try {
            l = withBundled();
            for (Path p : overlays) l.addPath(p, true);
        } catch (IOException e) {
            throw new CatalogException("cannot read catalog: " + e.getMessage());
        }
        List<CatalogIssue> errors = l.issues.stream().filter(i -> i.level() == CatalogIssue.Level.ERROR).toList();
        if (!errors.isEmpty()) {
            StringBuilder sb = new StringBuilder("catalog has " + errors.size() + " bad row(s):");
            for (CatalogIssue i : errors.subList(0, Math.min(20, errors.size()))) sb.append("\n  ").append(i);
            throw new CatalogException(sb.toString());
        }
        return l.build();
    }

    public static Catalog loadBundled() throws CatalogException {
        return load(List.of());
    }

    /** Reads the given folders/files (or the bundled catalog when none) and returns every issue found. */
    public static List<CatalogIssue> lint(List<Path> paths, boolean withBundled) throws IOException {
        CatalogLoader l = new CatalogLoader();
        if (withBundled || paths.isEmpty()) l.addBundled();
        for (Path p : paths) l.addPath(p, true);
        List<CatalogIssue> out = new ArrayList<>(l.issues);
        out.addAll(CatalogLint.check(l.allRows, l.build()));
        return inLineOrder(out);
    }

    /** Issues by file (in the order the files were read), then by line: the order a person fixes them in. */
    private static List<CatalogIssue> inLineOrder(List<CatalogIssue> issues) {
        Map<String, Integer> fileOrder = new java.util.HashMap<>();
        for (CatalogIssue i : issues) fileOrder.putIfAbsent(i.file(), fileOrder.size());
        List<CatalogIssue> sorted = new ArrayList<>(issues);
        sorted.sort(java.util.Comparator.<CatalogIssue>comparingInt(i -> fileOrder.get(i.file())).thenComparingLong(CatalogIssue::line));
        return sorted;
    }

    /** Every row read from {@code paths} alone (no bundled catalog), for checks that look at rows. */
    static List<CatalogEntry> rowsOf(List<Path> paths) throws IOException {
        CatalogLoader l = new CatalogLoader();
        for (Path p : paths) l.addPath(p, true);
        return List.copyOf(l.allRows);
    }

    Catalog build() {
        return new Catalog(new ArrayList<>(entries.values()), roleNames, sources, documents);
    }

    private void addBundled() throws IOException {
        String dir = System.getProperty("portolan.catalog.dir");
        if (dir != null && !dir.isBlank()) {
            addPath(Paths.get(dir), false);
            return;
        }
        URL url = CatalogLoader.class.getClassLoader().getResource(BUNDLED);
        if (url == null) throw new IOException("the bundled catalog is missing from the class path (" + BUNDLED + ")");
        addFolder(url);
        if (entries.isEmpty()) throw new IOException("the bundled catalog at " + url + " has no rows");
    }

    /** The catalog in a folder of the class path: in a jar or a directory. */
    private void addFolder(URL url) throws IOException {
        if (url.getProtocol().equals("jar")) {
            addJarEntries(url);
        } else {
            try {
                addPath(Paths.get(url.toURI()), false);
            } catch (URISyntaxException e) {
                throw new IOException("bad bundled catalog location " + url, e);
            }
        }
    }

    /** The catalog of a class path folder alone, as the bundled one is read (tests read one in a jar this way). */
    static Catalog loadFolder(URL url) throws IOException {
        CatalogLoader l = new CatalogLoader();
        l.addFolder(url);
        return l.build();
    }

    /**
     * The catalog files in the jar's catalog folder, read through the jar the class loader has open: a zip file system
     * of the jar would first index all its entries (about a third of loading the catalog), and only one such file
     * system per jar may be open at a time (a Spark executor's tasks load catalogs at once).
     */
    private void addJarEntries(URL folder) throws IOException {
        java.net.JarURLConnection connection = (java.net.JarURLConnection) folder.openConnection();
        java.util.jar.JarFile jar = connection.getJarFile(); // shared by the URL handler's cache: not closed here
        Map<String, java.util.jar.JarEntry> files = new java.util.TreeMap<>();
        java.util.Enumeration<java.util.jar.JarEntry> all = jar.entries();
        while (all.hasMoreElements()) {
            java.util.jar.JarEntry e = all.nextElement();
            String name = e.getName();
            if (!e.isDirectory() && name.startsWith(BUNDLED) && name.indexOf('/', BUNDLED.length()) < 0 && isCsv(name)) {
                files.put(name.substring(BUNDLED.length()), e);
            }
        }
        List<CatalogFile> texts = new ArrayList<>();
        for (Map.Entry<String, java.util.jar.JarEntry> f : files.entrySet()) {
            String name = "catalog/" + f.getKey();
            texts.add(new CatalogFile(f.getKey(), name, () -> {
                try (java.io.InputStream in = jar.getInputStream(f.getValue())) {
                    return read(in, name);
                }
            }));
        }
        addFiles(texts, false);
    }

    /** A catalog file of a folder: its file name, its name in issues, and its text when asked (in the order files are read). */
    private record CatalogFile(String fileName, String name, TextSource text) {
    }

    private interface TextSource {
        ConfigText get() throws IOException;
    }

    private void addPath(Path path, boolean overlay) throws IOException {
        if (Files.isDirectory(path)) {
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(path,
                    f -> isCsv(f.getFileName().toString()) && Files.isRegularFile(f))) {
                for (Path p : ds) files.add(p);
            }
            files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
            List<CatalogFile> texts = new ArrayList<>();
            for (Path p : files) texts.add(new CatalogFile(p.getFileName().toString(), display(p, overlay), () -> read(p, display(p, overlay))));
            addFiles(texts, overlay);
        } else if (Files.isRegularFile(path)) {
            String file = path.getFileName().toString();
            ConfigText text = read(path, path.toString());
            if (isRolesFile(file)) readRoles(text, path.toString());
            else if (isSourcesFile(file)) readSources(text, path.toString());
            else readEntries(text, path.toString(), overlay);
        } else {
            throw new IOException("catalog path not found: " + path);
        }
    }

    /** The files of one catalog folder, in name order. */
    private void addFiles(List<CatalogFile> files, boolean overlay) throws IOException {
        // role and document declarations first, so that every product file can be checked against them
        for (CatalogFile f : files) if (isRolesFile(f.fileName())) readRoles(f.text().get(), f.name());
        for (CatalogFile f : files) if (isSourcesFile(f.fileName())) readSources(f.text().get(), f.name());
        for (CatalogFile f : files) {
            if (!isRolesFile(f.fileName()) && !isSourcesFile(f.fileName())) readEntries(f.text().get(), f.name(), overlay);
        }
    }

    private static boolean isCsv(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    private static String display(Path p, boolean overlay) {
        return overlay ? p.toString() : "catalog/" + p.getFileName();
    }

    private static boolean isRolesFile(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).startsWith("roles");
    }

    private static boolean isSourcesFile(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).startsWith("sources");
    }

    /** Reads a {@code sources*.csv} file: the documents rows cite as "ID: section". */
    private void readSources(ConfigText config, String name) throws IOException {
        sources.add(name);
        String text = config.text();
        LineIndex lines = new LineIndex(text);
        try (CSVParser parser = CSVParser.parse(text, format())) {
            for (String col : List.of("id", "vendor", "product", "title")) {
                if (!parser.getHeaderNames().contains(col)) {
                    issues.add(new CatalogIssue(name, 1, CatalogIssue.Level.ERROR,
                            "sources file needs columns id,vendor,product,title (edition, heading optional); '" + col + "' is missing"));
                    return;
                }
            }
            for (CSVRecord rec : parser) {
                long line = lines.lineOf(text, rec.getCharacterPosition());
                Map<String, String> row = rec.toMap();
                String id = CatalogRowParser.cell(row, "id");
                if (!CatalogRowParser.NAME.matcher(id).matches()) {
                    issues.add(new CatalogIssue(name, line, CatalogIssue.Level.ERROR, "bad source id '" + id
                            + "' (lower-case letters, digits, - . _)"));
                    continue;
                }
                if (CatalogRowParser.cell(row, "title").isEmpty()) {
                    issues.add(new CatalogIssue(name, line, CatalogIssue.Level.ERROR, "source '" + id + "' has no title"));
                    continue;
                }
                CatalogSource old = documents.get(id);
                if (old != null && old.file().equals(name)) {
                    issues.add(new CatalogIssue(name, line, CatalogIssue.Level.ERROR, "duplicate source id '" + id
                            + "' (first at line " + old.line() + ")"));
                    continue;
                }
                documents.put(id, new CatalogSource(id, CatalogRowParser.cell(row, "vendor"), CatalogRowParser.cell(row, "product"),
                        CatalogRowParser.cell(row, "title"), CatalogRowParser.cell(row, "edition"),
                        CatalogRowParser.cell(row, "heading"), name, line));
            }
        } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            csvError(name, config, e);
        }
    }

    private static CSVFormat format() {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#')
                .setIgnoreEmptyLines(true).setTrim(true).setAllowMissingColumnNames(false).build();
    }

    private void readRoles(ConfigText config, String name) throws IOException {
        sources.add(name);
        String text = config.text();
        LineIndex lines = new LineIndex(text);
        try (CSVParser parser = CSVParser.parse(text, format())) {
            if (!parser.getHeaderNames().contains("role")) {
                issues.add(new CatalogIssue(name, 1, CatalogIssue.Level.ERROR, "roles file needs columns role,name,description"));
                return;
            }
            for (CSVRecord rec : parser) {
                String role = rec.isMapped("role") && rec.isSet("role") ? rec.get("role").trim().toLowerCase(Locale.ROOT) : "";
                long line = lines.lineOf(text, rec.getCharacterPosition());
                if (!CatalogRowParser.QUALIFIED_ROLE.matcher(role).matches()) {
                    issues.add(new CatalogIssue(name, line, CatalogIssue.Level.ERROR, "bad role '" + role + "' (expected PRODUCT:ROLE)"));
                    continue;
                }
                String n = rec.isMapped("name") && rec.isSet("name") ? rec.get("name").trim() : "";
                roleNames.put(role, n);
            }
        } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            csvError(name, config, e);
        }
    }

    private void readEntries(ConfigText config, String name, boolean overlay) throws IOException {
        sources.add(name);
        String text = config.text();
        LineIndex lines = new LineIndex(text);
        try (CSVParser parser = CSVParser.parse(text, format())) {
            List<String> header = parser.getHeaderNames();
            for (String col : header) {
                if (!CatalogRowParser.COLUMNS.contains(col)) {
                    issues.add(new CatalogIssue(name, 1, CatalogIssue.Level.ERROR, "unknown column '" + col
                            + "' (expected " + String.join(",", CatalogRowParser.COLUMNS) + ")"));
                }
            }
            for (String col : CatalogRowParser.REQUIRED) {
                if (!header.contains(col)) {
                    issues.add(new CatalogIssue(name, 1, CatalogIssue.Level.ERROR, "missing column '" + col + "'"));
                    return;
                }
            }
            Map<String, Long> idsInFile = new HashMap<>();
            for (CSVRecord rec : parser) {
                long line = lines.lineOf(text, rec.getCharacterPosition());
                Map<String, String> row = rec.toMap();
                Long firstLine = idsInFile.putIfAbsent(CatalogRowParser.cell(row, "id"), line);
                if (firstLine != null) {
                    issues.add(new CatalogIssue(name, line, CatalogIssue.Level.ERROR, "duplicate id '" + CatalogRowParser.cell(row, "id")
                            + "' (first at line " + firstLine + ")"));
                    continue;
                }
                if (rec.size() != header.size()) {
                    issues.add(new CatalogIssue(name, line, CatalogIssue.Level.ERROR, "row has " + rec.size()
                            + " cells, the header has " + header.size()));
                    continue;
                }
                if ("-".equals(CatalogRowParser.cell(row, "port")) && overlay) {
                    String id = CatalogRowParser.cell(row, "id");
                    if (entries.remove(id) == null) {
                        issues.add(new CatalogIssue(name, line, CatalogIssue.Level.WARNING, "removes row '" + id + "' that does not exist"));
                    }
                    continue;
                }
                CatalogEntry e = CatalogRowParser.parse(row, name, line, issues, documents);
                if (e == null) continue;
                allRows.add(e);
                CatalogEntry old = entries.put(e.id(), e);
                if (old != null && !overlay) {
                    issues.add(new CatalogIssue(name, line, CatalogIssue.Level.ERROR, "duplicate id '" + e.id()
                            + "' (first at " + old.file() + ":" + old.line() + ")"));
                }
            }
        } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            csvError(name, config, e);
        }
    }

    /** Reads a catalog file with {@link ConfigText}'s bounds; a blanked over-long line is an error of its own. */
    private ConfigText read(Path p, String name) throws IOException {
        return cutLinesNoted(ConfigText.read(p, name), name);
    }

    private ConfigText read(java.io.InputStream in, String name) throws IOException {
        return cutLinesNoted(ConfigText.read(in, name), name);
    }

    private ConfigText cutLinesNoted(ConfigText config, String name) {
        for (long line : config.cutLines()) {
            issues.add(new CatalogIssue(name, line, CatalogIssue.Level.ERROR, "line longer than "
                    + ConfigText.MAX_LINE + " characters; skipped"));
        }
        return config;
    }

    /** The CSV library gave up: say where (an unclosed quote is found by line) without its class names. */
    private void csvError(String name, ConfigText config, RuntimeException e) {
        long quoteLine = config.unclosedQuoteLine('#');
        if (quoteLine > 0) {
            issues.add(new CatalogIssue(name, quoteLine, CatalogIssue.Level.ERROR, "a quote opened on this line is never "
                    + "closed (a \" inside a quoted cell is written \"\")"));
        } else {
            issues.add(new CatalogIssue(name, 1, CatalogIssue.Level.ERROR, "not a valid CSV file: " + ConfigText.innermostMessage(e)));
        }
    }

    /** Maps character offsets to 1-based line numbers, so every row can name its line. */
    private static final class LineIndex {
        private final int[] starts;

        LineIndex(String text) {
            // String.indexOf rather than a loop over the characters: this runs at start-up, in the interpreter
            int[] s = new int[64];
            int n = 1;
            for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
                if (n == s.length) s = java.util.Arrays.copyOf(s, n * 2);
                s[n++] = i + 1;
            }
            starts = java.util.Arrays.copyOf(s, n);
        }

        /** The line where the record at {@code offset} starts: blank lines before it (skipped by the parser) do not count. */
        long lineOf(String text, long offset) {
            while (offset < text.length() && (text.charAt((int) offset) == '\n' || text.charAt((int) offset) == '\r')) offset++;
            return lineOf(offset);
        }

        long lineOf(long offset) {
            int idx = java.util.Arrays.binarySearch(starts, (int) offset);
            return (idx >= 0 ? idx : -idx - 2) + 1;
        }
    }
}
