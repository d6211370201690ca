package dev.portolan.report;

import dev.portolan.model.AuditReport;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes an {@link AuditReport} in one format. Renderers never open files or stdout themselves; the
 * caller passes the writer (and writes files atomically, see {@link AtomicOutput}).
 */
public interface Renderer {

    /** Format name used by {@code --format} (text, md, csv, json, jsonl, html, sarif, junit). */
    String name();

    /** Default file extension, without the dot. */
    String extension();

    void render(AuditReport report, Writer out) throws IOException;
}
