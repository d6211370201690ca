package dev.portolan.report;

import dev.portolan.model.Severity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The report formats by name, for {@code --format} (and its completion), and by file extension, for
 * choosing a format from {@code -o report.md}. Each renderer is made for one {@link ReportOptions} (fail-on
 * threshold, display threshold, colour, width, CSV byte order mark).
 */
public final class Renderers {
    /** Name → factory taking the report options. */
    private static final SortedMap<String, Function<ReportOptions, Renderer>> BY_NAME;
    /** Extra file extensions beyond each renderer's own. */
    private static final Map<String, String> EXTENSION_ALIASES = Map.of(
            "sarif", SarifRenderer.NAME,
            "htm", HtmlRenderer.NAME,
            "markdown", MarkdownRenderer.NAME,
            "ndjson", JsonLinesRenderer.NAME,
            "text", TextRenderer.NAME);

    static {
        SortedMap<String, Function<ReportOptions, Renderer>> m = new TreeMap<>();
        m.put(TextRenderer.NAME, TextRenderer::new);
        m.put(MarkdownRenderer.NAME, MarkdownRenderer::new);
        m.put(CsvRenderer.NAME, CsvRenderer::new);
        m.put(JsonRenderer.NAME, JsonRenderer::new);
        m.put(JsonLinesRenderer.NAME, JsonLinesRenderer::new);
        m.put(HtmlRenderer.NAME, HtmlRenderer::new);
        m.put(SarifRenderer.NAME, SarifRenderer::new);
        m.put(JunitRenderer.NAME, JunitRenderer::new);
        BY_NAME = Collections.unmodifiableSortedMap(m);
    }

    private Renderers() {
    }

    /** Format names in alphabetical order: csv, html, json, jsonl, junit, md, sarif, text. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** The default format when none is asked for. */
    public static Renderer defaultRenderer() {
        return forName(TextRenderer.NAME);
    }

    /** The renderer for a format name (case-insensitive); junit fails on error findings. */
    public static Renderer forName(String name) {
        return forName(name, Severity.ERROR);
    }

    /**
     * The renderer for a format name (case-insensitive), with the fail-on threshold for junit
     * ({@code null} = no finding fails).
     *
     * @throws IllegalArgumentException naming the valid formats when the name is unknown
     */
    public static Renderer forName(String name, Severity failOn) {
        return forName(name, ReportOptions.DEFAULTS.withFailOn(failOn));
    }

    /**
     * The renderer for a format name (case-insensitive), made for the given report options.
     *
     * @throws IllegalArgumentException naming the valid formats when the name is unknown
     */
    public static Renderer forName(String name, ReportOptions options) {
        Function<ReportOptions, Renderer> factory = name == null ? null : BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
        if (factory == null) {
            throw new IllegalArgumentException("unknown report format '" + name + "' (expected one of: "
                    + String.join(", ", names()) + ")");
        }
        return factory.apply(options);
    }

    /**
     * The format a file name asks for by its extension ("report.md" → md, "scan.sarif.json" → sarif,
     * "x.json" → json, "tests.xml" → junit), or empty when the extension names no format.
     */
    public static Optional<Renderer> forExtension(String fileName) {
        return forExtension(fileName, Severity.ERROR);
    }

    public static Optional<Renderer> forExtension(String fileName, Severity failOn) {
        return forExtension(fileName, ReportOptions.DEFAULTS.withFailOn(failOn));
    }

    public static Optional<Renderer> forExtension(String fileName, ReportOptions options) {
        if (fileName == null) return Optional.empty();
        String lower = fileName.toLowerCase(Locale.ROOT);
        // longest extension first, so "sarif.json" wins over "json"
        List<Map.Entry<String, String>> candidates = new ArrayList<>();
        for (String name : names()) candidates.add(Map.entry(forName(name, options).extension(), name));
        candidates.addAll(EXTENSION_ALIASES.entrySet());
        candidates.sort((a, b) -> Integer.compare(b.getKey().length(), a.getKey().length()));
        for (Map.Entry<String, String> c : candidates) {
            if (lower.endsWith("." + c.getKey())) return Optional.of(forName(c.getValue(), options));
        }
        return Optional.empty();
    }
}
