package dev.portolan.model;

import java.util.Locale;

/** Operating-system family of a host; decides the default ephemeral port range and OS baseline. */
public enum OsFamily {
    WINDOWS(new PortRange(49152, 65535), "os-windows"),
    WINDOWS_LEGACY(new PortRange(1025, 5000), "os-windows"),
    LINUX(new PortRange(32768, 60999), "os-linux"),
    MACOS(new PortRange(49152, 65535), "os-macos"),
    /**
     * FreeBSD and what is built on it (pfSense, OPNsense): its default range is 10000-65535 (IPPORT_EPHEMERALFIRST in
     * its netinet/in.h), and macOS's baseline (AirPlay on 5000 and 7000, AFP, Apple Remote Desktop) is not its.
     */
    FREEBSD(new PortRange(10000, 65535), null),
    /** Solaris and illumos (SmartOS, OmniOS): tcp_smallest_anon_port 32768 to 65535; no baseline of its own. */
    SOLARIS(new PortRange(32768, 65535), null),
    /**
     * OpenBSD: its sockets' default local ports are 1024 to 49151 (ipport_firstauto IPPORT_RESERVED to ipport_lastauto
     * IPPORT_USERRESERVED in its in_pcb.c; 49152-65535 only on request, IP_PORTRANGE_HIGH); no baseline of its own
     * (macOS's AirPlay and Remote Login are not its).
     */
    OPENBSD(new PortRange(1024, 49151), null),
    /** AIX: tcp_ephemeral_low 32768 to 65535; no baseline of its own. */
    AIX(new PortRange(32768, 65535), null),
    UNKNOWN(new PortRange(49152, 65535), null);

    private final PortRange ephemeral;
    private final String baselineProduct;

    OsFamily(PortRange ephemeral, String baselineProduct) {
        this.ephemeral = ephemeral;
        this.baselineProduct = baselineProduct;
    }

    public PortRange defaultEphemeralRange() {
        return ephemeral;
    }

    /** Product id of the OS baseline catalog, or null when unknown. */
    public String baselineProduct() {
        return baselineProduct;
    }

    /** Accepts exactly the documented names: windows, windows-legacy (XP/2003), linux, macos, freebsd, openbsd, solaris, aix, unknown. */
    public static OsFamily parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (OsFamily f : values()) if (f.label().equals(t)) return f;
        java.util.List<String> names = java.util.List.of("windows", "windows-legacy", "linux", "macos", "freebsd", "openbsd", "solaris", "aix");
        String hint = DidYouMean.all(t, names).stream().findFirst().map(n -> "; did you mean " + n + "?").orElse("");
        throw new IllegalArgumentException("unknown OS '" + text + "' (expected windows, windows-legacy, linux, macos, freebsd, openbsd, solaris or aix" + hint + ")");
    }

    /** The family an input's variant names ("windows-netstat", "windows-legacy-netstat", "pfirewall", "linux-netstat", "ss", "bsd-netstat" …), else UNKNOWN. */
    public static OsFamily ofInputVariant(String variant) {
        String v = variant == null ? "" : variant;
        if (v.startsWith("windows-legacy")) return WINDOWS_LEGACY;
        if (v.startsWith("windows") || v.startsWith("pfirewall")) return WINDOWS;
        if (v.startsWith("linux") || v.equals("ss") || v.startsWith("busybox")) return LINUX;
        if (v.startsWith("freebsd") || v.equals("bsd-sockstat")) return FREEBSD; // sockstat is FreeBSD's
        if (v.startsWith("solaris")) return SOLARIS;
        if (v.startsWith("openbsd")) return OPENBSD;
        if (v.startsWith("aix")) return AIX;
        if (v.startsWith("bsd") || v.startsWith("macos")) return MACOS;
        return UNKNOWN;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
