package dev.portolan.ingest.netstat;

import dev.portolan.model.Protocol;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Service names that netstat prints in place of port numbers ({@code quail:epmap}, {@code 0.0.0.0:ssh}),
 * from the bundled {@code dev/portolan/services.tsv} (the names Windows, Linux and macOS print, some of them not
 * IANA's) and, for a name it does not hold, IANA's registry ({@code dev/portolan/services-iana.tsv}, loaded on first
 * need: macOS and BSD netstat print any registered name, {@code *.pds}, {@code localhost.ldgateway}). Lookups never
 * touch the host's own services file, so results do not depend on the machine portolan runs on.
 */
public final class ServiceTable {
    private static final String RESOURCE = "/dev/portolan/services.tsv";
    private static final String IANA = "/dev/portolan/services-iana.tsv";
    private static final ServiceTable BUNDLED = load(RESOURCE, true);

    /** IANA's names, loaded when a class first asks for them (the JVM's lazy class initialisation). */
    private static final class Iana {
        static final ServiceTable TABLE = load(IANA, false);
    }

    private final Map<String, Integer> tcp;
    private final Map<String, Integer> udp;
    /** Whether a name this table does not hold is looked up in IANA's. */
    private final boolean thenIana;

    private ServiceTable(Map<String, Integer> tcp, Map<String, Integer> udp, boolean thenIana) {
        this.tcp = tcp;
        this.udp = udp;
        this.thenIana = thenIana;
    }

    public static ServiceTable bundled() {
        return BUNDLED;
    }

    /** The port for a service name, or -1 when the name is unknown for that protocol. */
    public int port(String name, Protocol proto) {
        String key = name.toLowerCase(Locale.ROOT);
        int p = own(key, proto);
        return p < 0 && thenIana ? Iana.TABLE.own(key, proto) : p;
    }

    private int own(String key, Protocol proto) {
        Integer p = (proto == Protocol.UDP ? udp : tcp).get(key);
        if (p == null) p = (proto == Protocol.UDP ? tcp : udp).get(key); // some dumps name the other protocol's entry
        return p == null ? -1 : p;
    }

    /**
     * The one service name (for that protocol, else the other) that starts with {@code prefix}, or null when none or
     * several with different ports do: how a name netstat cut short at its column width is read. The bundled names
     * first; IANA's only when none of them fits.
     */
    public String nameStartingWith(String prefix, Protocol proto) {
        String p = prefix.toLowerCase(Locale.ROOT);
        String found = ownStartingWith(p, proto);
        return found == null && thenIana ? Iana.TABLE.ownStartingWith(p, proto) : found;
    }

    private String ownStartingWith(String p, Protocol proto) {
        String found = unique(proto == Protocol.UDP ? udp : tcp, p);
        return found != null ? found : unique(proto == Protocol.UDP ? tcp : udp, p);
    }

    private static String unique(Map<String, Integer> names, String prefix) {
        String found = null;
        for (Map.Entry<String, Integer> e : names.entrySet()) {
            if (!e.getKey().startsWith(prefix)) continue;
            if (found != null && !names.get(found).equals(e.getValue())) return null;
            if (found == null || e.getKey().compareTo(found) < 0) found = e.getKey();
        }
        return found;
    }

    public int size() {
        return tcp.size() + udp.size();
    }

    private static ServiceTable load(String resource, boolean thenIana) {
        Map<String, Integer> tcp = new HashMap<>();
        Map<String, Integer> udp = new HashMap<>();
        try (InputStream in = ServiceTable.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                int port = Integer.parseInt(f[1].trim());
                String name = f[0].trim().toLowerCase(Locale.ROOT);
                (f[2].trim().equalsIgnoreCase("udp") ? udp : tcp).put(name, port);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ServiceTable(Map.copyOf(tcp), Map.copyOf(udp), thenIana);
    }
}
