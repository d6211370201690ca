package dev.portolan.model;

import java.util.Objects;

/**
 * Where an observation came from: a file plus a line number (text inputs) or a packet number
 * and timestamp (captures). {@code line} and {@code packet} are 1-based; 0 means "not applicable".
 * {@code text} is the raw line (or a short packet summary), kept for reports.
 */
public record Evidence(String file, long line, long packet, String time, String text) {

    public Evidence {
        file = file == null ? "" : file;
        text = text == null ? "" : text;
    }

    public static Evidence ofLine(String file, long line, String text) {
        return new Evidence(file, line, 0, null, text);
    }

    public static Evidence ofPacket(String file, long packet, String time, String text) {
        return new Evidence(file, 0, packet, time, text);
    }

    public static Evidence ofFile(String file, String text) {
        return new Evidence(file, 0, 0, null, text);
    }

    /** Where in its file: the packet number of a packet, else the line number (0 when neither is known). */
    public long at() {
        return packet > 0 ? packet : line;
    }

    /** "file:line", "file#packet" or just "file". */
    public String location() {
        if (line > 0) return file + ":" + line;
        if (packet > 0) return file + "#" + packet;
        return file;
    }
    // written out, as in every record compared at run time: a record's generated equals/hashCode bootstrap through
    // method handles on first use, spinning classes the JIT then compiles (README, "Performance")
    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        return o instanceof Evidence e && line == e.line && packet == e.packet && file.equals(e.file) && text.equals(e.text)
                && Objects.equals(time, e.time);
    }

    @Override
    public int hashCode() {
        int h = file.hashCode();
        h = 31 * h + Long.hashCode(line);
        h = 31 * h + Long.hashCode(packet);
        h = 31 * h + Objects.hashCode(time);
        return 31 * h + text.hashCode();
    }
}
