package dev.portolan.model;

import java.util.Locale;

/** Operating-system family of a host; decides the default ephemeral port range and OS baseline. */
public enum OsFamily {
    WINDOWS(new PortRange(49152, 65535), "os-windows"),
    WINDOWS_LEGACY(new PortRange(1025, 5000), "os-windows"),
    LINUX(new PortRange(32768, 60999), "os-linux"),
    MACOS(new PortRange(49152, 65535), "os-macos"),
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

    /** Accepts windows, windows-legacy (XP/2003), linux, macos (also bsd, freebsd), unknown. */
    public static OsFamily parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        switch (t) {
            case "windows": case "win": return WINDOWS;
            case "windows-legacy": case "windows-xp": case "xp": return WINDOWS_LEGACY;
            case "linux": return LINUX;
            case "macos": case "mac": case "osx": case "bsd": case "freebsd": return MACOS;
            case "unknown": return UNKNOWN;
            default:
                throw new IllegalArgumentException("unknown OS '" + text + "' (expected windows, windows-legacy, linux or macos)");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
