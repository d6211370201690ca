package dev.portolan.batch;

import dev.portolan.catalog.Catalog;
import dev.portolan.catalog.HostCheck;
import dev.portolan.model.DidYouMean;
import dev.portolan.model.Host;
import dev.portolan.model.OsFamily;
import dev.portolan.model.PortRange;
import dev.portolan.io.ConfigText;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A hosts manifest: CSV with columns {@code host,addresses,os,roles,settings[,ephemeral]}; addresses and
 * roles separated by {@code |} or spaces, settings as {@code key=value;key=value}. It tells which address
 * belongs to which host and what that host is.
 */
public final class HostsManifest {
    private final Map<String, Host> byName = new LinkedHashMap<>();
    private final Map<String, Host> byAddress = new LinkedHashMap<>();

    public static HostsManifest empty() {
        return new HostsManifest();
    }

    /** Reads the manifest without checking it against a catalog (syntax, addresses and duplicates only). */
    public static HostsManifest read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * Reads and checks the manifest like the command line: unknown roles, OS names, settings no catalog condition
     * reads, values it cannot compare, invalid addresses, duplicate hosts or addresses. Every problem is collected
     * with its file:line; any problem throws a {@link ManifestException} listing them all.
     */
    public static HostsManifest read(Path file, Catalog catalog) throws IOException {
        return read(ConfigText.read(file, file.toString()), file.toString(), catalog);
    }

    /** The same, from the manifest's text however it was read (a Hadoop file); {@code file} names it in messages. */
    public static HostsManifest read(ConfigText config, String file, Catalog catalog) throws IOException {
        HostsManifest m = new HostsManifest();
        List<String> problems = new ArrayList<>();
        HostCheck check = catalog == null ? null : new HostCheck(catalog);
        Map<String, Long> nameLines = new HashMap<>();
        Map<String, String> addressOwners = new HashMap<>();
        CSVFormat fmt = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#')
                .setIgnoreEmptyLines(true).setTrim(true).build();
        if (!config.cutLines().isEmpty()) {
            throw new ManifestException(List.of(file + ":" + config.cutLines().get(0) + ": line longer than "
                    + ConfigText.MAX_LINE + " characters"));
        }
        try (CSVParser p = CSVParser.parse(config.text(), fmt)) {
            if (!p.getHeaderNames().contains("host")) {
                throw new ManifestException(List.of(file + ":1: hosts manifest needs a header with at least 'host' (columns: "
                        + String.join(",", COLUMNS) + ")"));
            }
            for (String col : p.getHeaderNames()) {
                if (!COLUMNS.contains(col)) {
                    problems.add(file + ":1: unknown column '" + col + "'" + DidYouMean.hint(col, COLUMNS) + " (columns: " + String.join(",", COLUMNS) + ")");
                }
            }
            for (CSVRecord rec : p) {
                long line = p.getCurrentLineNumber();
                String where = file + ":" + line + ": ";
                String name = get(rec, "host");
                Long first = nameLines.putIfAbsent(name.toLowerCase(Locale.ROOT), line);
                if (first != null) problems.add(where + "host '" + name + "' is already described at line " + first);
                try {
                    Host h = parse(rec);
                    if (check != null) {
                        HostCheck.Result res = check.check(h);
                        for (String problem : res.problems()) problems.add(where + problem);
                        h = res.host();
                    }
                    for (String a : h.addresses()) {
                        String owner = addressOwners.putIfAbsent(a, h.name() + "' (line " + line + ")");
                        if (owner != null) problems.add(where + "address " + a + " is already given to host '" + owner);
                    }
                    m.add(h);
                } catch (IllegalArgumentException e) {
                    problems.add(where + e.getMessage());
                }
            }
        } catch (java.io.UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            long quote = config.unclosedQuoteLine('#');
            throw new ManifestException(List.of(file + ":" + Math.max(1, quote) + ": " + (quote > 0
                    ? "a quote opened on this line is never closed" : "not a valid CSV file: " + ConfigText.innermostMessage(e))));
        }
        if (!problems.isEmpty()) throw new ManifestException(problems);
        return m;
    }

    /** The manifest's columns, in order. */
    public static final List<String> COLUMNS = List.of("host", "addresses", "os", "roles", "settings", "ephemeral");

    /** A manifest with problems: every one, each with file:line and what to write instead. */
    public static final class ManifestException extends IOException {
        private final List<String> problems;

        public ManifestException(List<String> problems) {
            super(String.join(System.lineSeparator(), problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** Between addresses and between roles; between settings. Compiled once: a manifest has thousands of rows. */
    private static final Pattern LIST = Pattern.compile("[|\\s,;]+");
    private static final Pattern SETTINGS = Pattern.compile("[;\\s]+");

    private static Host parse(CSVRecord rec) {
        Host.Builder b = Host.builder().name(get(rec, "host"));
        if (get(rec, "host").isEmpty()) throw new IllegalArgumentException("empty host name");
        for (String a : LIST.split(get(rec, "addresses"))) if (!a.isBlank()) b.address(a);
        String os = get(rec, "os");
        if (!os.isEmpty()) b.os(OsFamily.parse(os));
        for (String r : LIST.split(get(rec, "roles"))) if (!r.isBlank()) b.role(r);
        for (String kv : SETTINGS.split(get(rec, "settings"))) {
            if (kv.isBlank()) continue;
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("bad setting '" + kv + "' (expected key=value)");
            b.setting(kv.substring(0, eq), kv.substring(eq + 1));
        }
        String eph = get(rec, "ephemeral");
        if (!eph.isEmpty()) b.ephemeral(PortRange.parse(eph));
        return b.build();
    }

    private static String get(CSVRecord rec, String col) {
        return rec.isMapped(col) && rec.isSet(col) && rec.get(col) != null ? rec.get(col).trim() : "";
    }

    public void add(Host h) {
        byName.put(h.name().toLowerCase(Locale.ROOT), h);
        for (String a : h.addresses()) byAddress.put(a, h);
    }

    public Host byName(String name) {
        return name == null ? null : byName.get(name.toLowerCase(Locale.ROOT));
    }

    public Host byAddress(String address) {
        return byAddress.get(address);
    }

    public Map<String, Host> addresses() {
        return byAddress;
    }

    public Collection<Host> hosts() {
        return byName.values();
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }
}
