package dev.portolan.batch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.portolan.ingest.Source;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.PortRange;
import dev.portolan.model.Protocol;
import dev.portolan.model.Severity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back what {@code audit} wrote as {@code json} (one document with a {@code hosts} array) or {@code jsonl}
 * (one finding object per line, consecutive lines of a host together), one host at a time, so a diff, a baseline
 * or a fleet report can be built from earlier runs (or from many task outputs) without holding them all.
 */
public final class AuditResults {
    /** How a JSON Lines note of the suppression file starts. */
    private static final String NOTE_LINE = "{\"suppression_note\"";

    private static final JsonFactory FACTORY = new JsonFactory();

    /** Receives one host at a time. */
    @FunctionalInterface
    public interface HostConsumer {
        void accept(HostResult host) throws IOException;
    }

    private AuditResults() {
    }

    /**
     * Reads a json or jsonl audit result (gzip transparently), calling {@code out} once per host in file order.
     *
     * @throws IOException naming the file (and line for jsonl) when it is not an audit result
     */
    public static void read(Path file, HostConsumer out) throws IOException {
        try (InputStream in = Source.of(file).open();
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            r.mark(1 << 16);
            int first = skipSpace(r);
            r.reset();
            if (first < 0) throw new IOException(file + ": empty file (expected the json or jsonl output of 'portolan audit')");
            String firstLine = peekLine(r);
            if (firstLine.startsWith("{\"host\"") || firstLine.startsWith("{\"code\"") || firstLine.startsWith(NOTE_LINE)) readLines(file, r, out);
            else readDocument(file, r, out);
        }
    }

    private static int skipSpace(Reader r) throws IOException {
        int c;
        do c = r.read(); while (c >= 0 && Character.isWhitespace(c));
        return c;
    }

    private static String peekLine(BufferedReader r) throws IOException {
        r.mark(1 << 16);
        String line = r.readLine();
        r.reset();
        return line == null ? "" : line.strip();
    }

    private static void readLines(Path file, BufferedReader r, HostConsumer out) throws IOException {
        String current = null;
        List<Finding> findings = new ArrayList<>();
        long lineNo = 0;
        String line;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) continue;
            Map<String, Object> o;
            try (JsonParser p = FACTORY.createParser(line)) {
                Object v = value(p, p.nextToken());
                if (!(v instanceof Map<?, ?>)) throw new IOException(file + ":" + lineNo + ": expected a JSON object (a finding of 'portolan audit --format jsonl')");
                o = cast(v);
            } catch (JsonParseException e) {
                throw new IOException(file + ":" + lineNo + ": not JSON (" + e.getOriginalMessage() + ")");
            }
            if (o.containsKey("suppression_note")) continue; // the suppression file's warnings, not a host's
            String host = str(o, "host");
            if (host == null) throw new IOException(file + ":" + lineNo + ": finding without \"host\" (expected the jsonl output of 'portolan audit')");
            if (current != null && !current.equals(host)) {
                out.accept(new HostResult(current, "", null, List.of(), findings, List.of(), List.of(), false));
                findings = new ArrayList<>();
            }
            current = host;
            findings.add(finding(o, file + ":" + lineNo));
        }
        if (current != null) out.accept(new HostResult(current, "", null, List.of(), findings, List.of(), List.of(), false));
    }

    private static void readDocument(Path file, Reader r, HostConsumer out) throws IOException {
        try (JsonParser p = FACTORY.createParser(r)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw notResult(file, p);
            boolean sawHosts = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (!field.equals("hosts")) {
                    p.skipChildren();
                    continue;
                }
                if (t != JsonToken.START_ARRAY) throw notResult(file, p);
                sawHosts = true;
                while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                    long line = p.currentLocation().getLineNr();
                    out.accept(host(cast(value(p, t)), file + ":" + line));
                }
            }
            if (!sawHosts) throw new IOException(file + ": no \"hosts\" array (expected the json or jsonl output of 'portolan audit')");
        } catch (JsonParseException e) {
            throw new IOException(file + ":" + e.getLocation().getLineNr() + ": not JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private static IOException notResult(Path file, JsonParser p) {
        return new IOException(file + ":" + p.currentLocation().getLineNr()
                + ": not an audit result (expected the json or jsonl output of 'portolan audit')");
    }

    private static HostResult host(Map<String, Object> o, String where) throws IOException {
        String name = str(o, "host");
        if (name == null) throw new IOException(where + ": host without \"host\" name");
        PortRange eph = null;
        String range = str(o, "ephemeral_range");
        if (range != null) {
            try {
                eph = PortRange.parse(range);
            } catch (IllegalArgumentException e) {
                throw new IOException(where + ": " + e.getMessage());
            }
        }
        List<String> roles = new ArrayList<>();
        for (Object ro : list(o, "roles")) if (ro instanceof Map<?, ?> m && m.get("role") instanceof String s) roles.add(s);
        List<Finding> findings = new ArrayList<>();
        // findings a suppression row accepted are findings of the audit: whoever reads them back applies its own rows
        for (String part : List.of("findings", "suppressed")) {
            for (Object f : list(o, part)) {
                if (!(f instanceof Map<?, ?>)) throw new IOException(where + ": a finding is not an object");
                findings.add(finding(cast(f), where));
            }
        }
        List<String> listeners = new ArrayList<>();
        for (Object l : list(o, "listeners")) {
            if (!(l instanceof Map<?, ?>)) continue;
            Map<String, Object> m = cast(l);
            listeners.add(HostResult.listenerKey(str(m, "proto"), num(m, "port"), str(m, "address"), eph));
        }
        List<String> services = new ArrayList<>();
        for (Object s : list(o, "services")) {
            if (!(s instanceof Map<?, ?>)) continue;
            Map<String, Object> m = cast(s);
            services.add(HostResult.serviceKey(str(m, "proto"), num(m, "resp_p"), str(m, "direction"), eph));
        }
        String os = str(o, "os");
        return new HostResult(name, os == null ? "" : os, eph, roles, findings, listeners, services, true);
    }

    private static Finding finding(Map<String, Object> o, String where) throws IOException {
        try {
            Finding.Builder b = Finding.of(FindingCode.valueOf(str(o, "code")));
            b.severity(Severity.parse(str(o, "severity")));
            String proto = str(o, "proto");
            if (proto != null) b.proto(Protocol.parse(proto));
            if (o.get("port") instanceof Number n) b.port(n.intValue());
            b.address(str(o, "address")).peer(str(o, "peer")).product(str(o, "product")).role(str(o, "role"));
            String msg = str(o, "message");
            b.message(msg == null ? "" : msg);
            List<Evidence> ev = new ArrayList<>();
            for (Object e : list(o, "evidence")) {
                if (!(e instanceof Map<?, ?>)) continue;
                Map<String, Object> m = cast(e);
                ev.add(new Evidence(str(m, "file"), num(m, "line") < 0 ? 0 : num(m, "line"),
                        num(m, "packet") < 0 ? 0 : num(m, "packet"), str(m, "time"), str(m, "text")));
            }
            b.evidence(ev);
            if (o.get("entry") instanceof Map<?, ?> en) {
                Map<String, Object> m = cast(en);
                b.entry(str(m, "id"), str(m, "source")).firewallException(str(m, "firewall_exception"));
            }
            return b.build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IOException(where + ": not a finding of 'portolan audit' (code, severity and proto must be known values)");
        }
    }

    /** A JSON value as Map (objects, field order kept), List, String, Number, Boolean or null. */
    private static Object value(JsonParser p, JsonToken t) throws IOException {
        if (t == null) throw new JsonParseException(p, "unexpected end of input");
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    m.put(k, value(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                JsonToken n;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY) l.add(value(p, n));
                return l;
            }
            case VALUE_STRING -> { return p.getText(); }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> { return p.getNumberValue(); }
            case VALUE_TRUE -> { return Boolean.TRUE; }
            case VALUE_FALSE -> { return Boolean.FALSE; }
            case VALUE_NULL -> { return null; }
            default -> throw new JsonParseException(p, "unexpected " + t);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    private static String str(Map<String, Object> o, String k) {
        return o.get(k) instanceof String s ? s : null;
    }

    private static int num(Map<String, Object> o, String k) {
        return o.get(k) instanceof Number n ? n.intValue() : -1;
    }

    private static List<?> list(Map<String, Object> o, String k) {
        return o.get(k) instanceof List<?> l ? l : List.of();
    }
}
