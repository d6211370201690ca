package dev.portolan.batch;

import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.PortRange;
import dev.portolan.model.Protocol;
import dev.portolan.report.Labels;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Accepted risks: a CSV file with the header {@code host,product_role,proto,port,code,reason,expires}. Every
 * column but {@code reason} may be {@code *} (or empty) for "any"; {@code host} and {@code product_role} are
 * globs ({@code web-*}, {@code clientmanager:*}); {@code port} is a number or a range; {@code expires} an ISO
 * date after which the row no longer suppresses. A finding that a row matches does not count for the exit code
 * and is listed separately with the row's reason. Rows are tried in file order; the first match wins.
 */
public final class Suppressions {
    public static final List<String> HEADER = List.of("host", "product_role", "proto", "port", "code", "reason", "expires");

    private final String file;
    private final List<Rule> rules;
    private final LocalDate today;

    /** One row of the file. {@code expires} is null for "never". */
    public static final class Rule {
        private final String file;
        private final long line;
        private final String host;
        private final Pattern hostGlob;
        private final String productRole;
        private final Pattern roleGlob;
        private final Protocol proto;
        private final PortRange port;
        private final FindingCode code;
        private final String reason;
        private final LocalDate expires;
        private final AtomicLong matched = new AtomicLong();

        private Rule(String file, long line, String host, String productRole, Protocol proto, PortRange port, FindingCode code,
                     String reason, LocalDate expires) {
            this.file = file;
            this.line = line;
            this.host = host;
            this.hostGlob = glob(host);
            this.productRole = productRole;
            this.roleGlob = glob(productRole);
            this.proto = proto;
            this.port = port;
            this.code = code;
            this.reason = reason;
            this.expires = expires;
        }

        public String location() { return file + ":" + line; }
        public String reason() { return reason; }
        public LocalDate expires() { return expires; }
        public long matched() { return matched.get(); }

        /** "host=web-* code=UNKNOWN_LISTENER tcp/4444" — the row's conditions, for messages. */
        public String describe() {
            return "host=" + host + " product_role=" + productRole + " proto=" + (proto == null ? "*" : proto.label())
                    + " port=" + (port == null ? "*" : port) + " code=" + (code == null ? "*" : code.name());
        }

        boolean matches(String hostName, Finding f) {
            if (!hostGlob.matcher(hostName).matches()) return false;
            if (code != null && f.code() != code) return false;
            if (proto != null && f.proto() != proto) return false;
            if (port != null && (f.port() < 0 || !port.contains(f.port()))) return false;
            return roleGlob.matcher(Labels.productRole(f)).matches();
        }
    }

    /** A finding with the row that suppressed it. */
    public record Suppressed(String host, Finding finding, Rule rule) {
    }

    /** A host's findings split into those that count and those a row suppressed. */
    public record Applied(HostResult kept, List<Suppressed> suppressed) {
    }

    /** A message about the file itself: an expired row (warning) or a row that matched nothing (info). */
    public record Note(boolean warning, String text) {
    }

    private Suppressions(String file, List<Rule> rules, LocalDate today) {
        this.file = file;
        this.rules = List.copyOf(rules);
        this.today = today;
    }

    public static Suppressions none() {
        return new Suppressions("", List.of(), LocalDate.now());
    }

    /**
     * Reads a suppression file; {@code today} decides which rows have expired.
     *
     * @throws IOException with file:line and what was expected, for the first bad row
     */
    public static Suppressions read(Path path, LocalDate today) throws IOException {
        String name = path.toString();
        CSVFormat fmt = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#')
                .setIgnoreEmptyLines(true).setTrim(true).build();
        List<Rule> rules = new ArrayList<>();
        // bounded like every file a person writes: 1 MiB lines, 64 MiB, UTF-8 (BOM fine), errors with file:line
        dev.portolan.io.ConfigText config = dev.portolan.io.ConfigText.read(path, name);
        if (!config.cutLines().isEmpty()) {
            throw new IOException(name + ":" + config.cutLines().get(0) + ": line longer than " + dev.portolan.io.ConfigText.MAX_LINE
                    + " characters");
        }
        try (CSVParser p = CSVParser.parse(config.text(), fmt)) {
            List<String> header = new ArrayList<>();
            for (String h : p.getHeaderNames()) header.add(h.strip().toLowerCase(Locale.ROOT).replace("\uFEFF", ""));
            if (!header.containsAll(HEADER)) {
                throw new IOException(name + ":1: suppression file needs the header " + String.join(",", HEADER));
            }
            for (CSVRecord rec : p) {
                long line = p.getCurrentLineNumber();
                rules.add(rule(name, line, rec));
            }
        } catch (java.io.UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            // Commons CSV reports a broken record (an unclosed quote) as an unchecked exception: say where, as for manifests
            long quote = config.unclosedQuoteLine('#');
            throw new IOException(name + ":" + Math.max(1, quote) + ": " + (quote > 0
                    ? "a quote opened on this line is never closed" : "not a valid CSV file: " + dev.portolan.io.ConfigText.innermostMessage(e)));
        }
        return new Suppressions(name, rules, today);
    }

    /** The protocol names a rule may give, as its error message lists them ("tcp, udp, …, udplite"). */
    private static final String PROTOCOLS = java.util.Arrays.stream(Protocol.values()).map(Protocol::label)
            .collect(java.util.stream.Collectors.joining(", "));

    private static Rule rule(String file, long line, CSVRecord rec) throws IOException {
        String where = file + ":" + line + ": ";
        String host = any(cell(rec, "host"));
        String role = any(cell(rec, "product_role")).toLowerCase(Locale.ROOT);
        Protocol proto = null;
        String p = cell(rec, "proto");
        if (!isAny(p)) {
            for (Protocol candidate : Protocol.values()) if (candidate.label().equalsIgnoreCase(p)) proto = candidate;
            if (proto == null) throw new IOException(where + "bad proto '" + p + "' (expected " + PROTOCOLS + " or *)");
        }
        PortRange port = null;
        String ps = cell(rec, "port");
        if (!isAny(ps)) {
            try {
                port = PortRange.parse(ps);
            } catch (IllegalArgumentException e) {
                throw new IOException(where + "bad port '" + ps + "' (expected a number 0-65535, a range like 49152-65535, or *)");
            }
        }
        FindingCode code = null;
        String cs = cell(rec, "code");
        if (!isAny(cs)) {
            try {
                code = FindingCode.valueOf(cs.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IOException(where + "unknown code '" + cs + "' (expected a finding code such as UNKNOWN_LISTENER, or *)");
            }
        }
        String reason = cell(rec, "reason");
        if (reason.isEmpty()) throw new IOException(where + "empty reason (say why this finding is accepted)");
        LocalDate expires = null;
        String es = cell(rec, "expires");
        if (!es.isEmpty()) {
            try {
                expires = LocalDate.parse(es);
            } catch (DateTimeParseException e) {
                throw new IOException(where + "bad expires '" + es + "' (expected a date like 2027-03-31, or empty for never)");
            }
        }
        if (host.equals("*") && role.equals("*") && proto == null && port == null && code == null) {
            throw new IOException(where + "a row of only wildcards would suppress every finding (name a host, role, port or code)");
        }
        return new Rule(file, line, host, role, proto, port, code, reason, expires);
    }

    private static String cell(CSVRecord rec, String col) {
        return rec.isMapped(col) && rec.isSet(col) && rec.get(col) != null ? rec.get(col).trim() : "";
    }

    private static boolean isAny(String s) {
        return s.isEmpty() || s.equals("*");
    }

    private static String any(String s) {
        return s.isEmpty() ? "*" : s;
    }

    /** A case-insensitive glob: {@code *} any run of characters, {@code ?} one character. */
    static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (char c : g.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    public String file() {
        return file;
    }

    private boolean active(Rule r) {
        return r.expires == null || !today.isAfter(r.expires);
    }

    /** Splits a host's findings; safe to call from several threads. */
    public Applied apply(HostResult h) {
        if (rules.isEmpty()) return new Applied(h, List.of());
        List<Finding> kept = new ArrayList<>(h.findings().size());
        List<Suppressed> out = new ArrayList<>();
        for (Finding f : h.findings()) {
            Rule hit = null;
            for (Rule r : rules) {
                if (active(r) && r.matches(h.host(), f)) {
                    hit = r;
                    break;
                }
            }
            if (hit == null) {
                kept.add(f);
            } else {
                hit.matched.incrementAndGet();
                out.add(new Suppressed(h.host(), f, hit));
            }
        }
        return out.isEmpty() ? new Applied(h, List.of()) : new Applied(h.withFindings(kept), out);
    }

    /** After the run: expired rows (warnings) and rows that matched nothing (info), in file order. */
    public List<Note> notes() {
        List<Note> out = new ArrayList<>();
        for (Rule r : rules) {
            if (!active(r)) {
                out.add(new Note(true, r.location() + ": suppression expired on " + r.expires + " and no longer suppresses ("
                        + r.describe() + "; reason: " + r.reason + ")"));
            } else if (r.matched() == 0) {
                out.add(new Note(false, r.location() + ": suppression matched no finding (" + r.describe() + ")"));
            }
        }
        return out;
    }

    public List<Rule> rules() {
        return rules;
    }
}
