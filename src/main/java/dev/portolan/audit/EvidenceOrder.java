package dev.portolan.audit;

import dev.portolan.model.Evidence;

import java.util.Map;

/**
 * Input order of evidence across a host's files: file (in the order the files were given), then line or packet.
 * Samples keep the earliest items by this order, so they come out the same whatever order flows arrive in
 * (parallel chunks, flushed flow tables).
 */
final class EvidenceOrder {
    private final Map<String, Integer> files = new java.util.concurrent.ConcurrentHashMap<>();

    /** Registers a file; files registered earlier sort first. */
    synchronized void file(String name) {
        files.putIfAbsent(name, files.size());
    }

    /** The position of an evidence item; none (null) sorts last. */
    long position(Evidence e) {
        if (e == null) return Long.MAX_VALUE;
        return position(e.file(), e.line() > 0 ? e.line() : e.packet());
    }

    /** The position of line (or packet) {@code at} of a file. */
    long position(String file, long at) {
        return fileBits(file) | Math.min(at, (1L << 43) - 1);
    }

    /** What {@link #position(String, long)} adds for the file (to add the line to it later). */
    long fileBits(String file) {
        return (long) files.getOrDefault(file, 0xFFFFF) << 43;
    }
}
