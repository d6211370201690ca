package dev.portolan.ingest.firewall;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A firewall log a collector turned into JSON lines, one object a record that keeps the log's field names (NXLog's W3C
 * reader with its JSON writer adds its own fields beside them). Each line becomes the record's fields in the order Windows
 * writes them (17, or 18 with pid; a field the object lacks is '-'), one line for one line, so the reader takes them
 * with the standard layout. Only files whose first line is such an object go through here; the log's own lines never do.
 */
final class FirewallJson {
    private static final JsonFactory JSON = new JsonFactory();

    private FirewallJson() {
    }

    /** True when the head's first line is a JSON object with the log's fields (date, time, action, protocol, src-ip, dst-ip). */
    static boolean isLog(List<String> headLines) {
        for (String t : headLines) {
            Map<String, String> o = object(t);
            return o != null && o.keySet().containsAll(FirewallCsv.NEEDED);
        }
        return false;
    }

    /** One line as the log's record, or the line as it is (then read as the log would read it: a problem). */
    static String line(String raw) {
        Map<String, String> o = object(raw);
        if (o == null || !o.keySet().containsAll(FirewallCsv.NEEDED)) return raw;
        List<String> names = o.containsKey("pid") ? Columns.STANDARD_PID_LAYOUT.names() : Columns.STANDARD;
        List<String> values = new ArrayList<>(names.size());
        for (String n : names) {
            String v = o.get(n);
            values.add(v == null || v.isBlank() ? "-" : v.strip());
        }
        return String.join(" ", values);
    }

    /** The scalar members of a flat JSON object on one line, names lower-cased, or null when the line is no such object. */
    private static Map<String, String> object(String line) {
        String t = line.strip();
        if (!t.startsWith("{") || !t.endsWith("}")) return null;
        // the line's text is one character a byte (the parser's view): its bytes are the file's UTF-8 again
        try (JsonParser p = JSON.createParser(t.getBytes(StandardCharsets.ISO_8859_1))) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            Map<String, String> out = new HashMap<>();
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName().toLowerCase(Locale.ROOT);
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                out.putIfAbsent(name, value == JsonToken.VALUE_NULL ? "" : p.getText());
            }
            return token == JsonToken.END_OBJECT ? out : null;
        } catch (IOException e) {
            return null;
        }
    }
}
