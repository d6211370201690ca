package dev.portolan.ingest.firewall;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where each field sits in a data line, as a {@code #Fields:} header defines it. Indices are
 * 0-based field numbers, -1 when the header lacks the field. Fields the reader does not use
 * (tcpflags, tcpsyn, …) only count towards {@link #fieldCount()}.
 */
final class Columns {
    /** The layout Windows writes (XP through Windows 10 before the pid column). */
    static final List<String> STANDARD = List.of("date", "time", "action", "protocol", "src-ip", "dst-ip",
            "src-port", "dst-port", "size", "tcpflags", "tcpsyn", "tcpack", "tcpwin", "icmptype", "icmpcode",
            "info", "path");

    static final Columns STANDARD_LAYOUT = of(STANDARD);
    static final Columns STANDARD_PID_LAYOUT = of(concat(STANDARD, "pid"));

    final int fieldCount;
    final int date;
    final int time;
    final int action;
    final int protocol;
    final int srcIp;
    final int dstIp;
    final int srcPort;
    final int dstPort;
    final int size;
    final int icmpType;
    final int info;
    final int path;
    final int pid;
    private final List<String> names;

    private Columns(List<String> names) {
        this.names = List.copyOf(names);
        this.fieldCount = names.size();
        this.date = names.indexOf("date");
        this.time = names.indexOf("time");
        this.action = names.indexOf("action");
        this.protocol = names.indexOf("protocol");
        this.srcIp = names.indexOf("src-ip");
        this.dstIp = names.indexOf("dst-ip");
        this.srcPort = names.indexOf("src-port");
        this.dstPort = names.indexOf("dst-port");
        this.size = names.indexOf("size");
        this.icmpType = names.indexOf("icmptype");
        this.info = names.indexOf("info");
        this.path = names.indexOf("path");
        this.pid = names.indexOf("pid");
    }

    static Columns of(List<String> names) {
        return new Columns(names);
    }

    /**
     * Parses the text after {@code #Fields:}. Returns null when a field the reader needs
     * (date, time, action, protocol, src-ip, dst-ip) is missing, or a name repeats.
     */
    static Columns parseHeader(String afterColon) {
        String[] parts = afterColon.trim().toLowerCase(Locale.ROOT).split("[ \\t]+");
        List<String> names = Arrays.asList(parts);
        if (names.size() > LineParser.MAX_FIELDS || names.stream().distinct().count() != names.size()) return null;
        Columns c = new Columns(names);
        if (c.date < 0 || c.time < 0 || c.action < 0 || c.protocol < 0 || c.srcIp < 0 || c.dstIp < 0) return null;
        return c;
    }

    List<String> names() {
        return names;
    }

    boolean hasPid() {
        return pid >= 0;
    }

    private static List<String> concat(List<String> a, String b) {
        String[] all = a.toArray(new String[a.size() + 1]);
        all[a.size()] = b;
        return List.of(all);
    }

    @Override
    public String toString() {
        return String.join(" ", names);
    }
}
