package dev.portolan.cli;

import dev.portolan.model.DidYouMean;
import dev.portolan.model.FindingCode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** portolan explain CODE: what a finding means, why it matters and how to fix it (text kept in findings.csv). */
@Command(name = "explain", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Explains a finding code: what it means, why it matters, how to fix it. Without CODE: every code.")
public final class ExplainCommand implements Callable<Integer> {
    static final String TABLE = "META-INF/portolan/findings.csv";

    /** One code's explanation. */
    record Explanation(String meaning, String why, String fix) {
    }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CODE", arity = "0..*", description = "Finding codes, e.g. BLOCKED_EXPECTED (case-insensitive).")
    List<String> codes = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        Map<String, Explanation> table = table();
        List<String> asked = new ArrayList<>();
        for (String c : codes) {
            String code = c.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            if (!table.containsKey(code)) {
                String hint = DidYouMean.hint(code, table.keySet());
                throw new ParameterException(spec.commandLine(), "unknown finding code '" + c + "'"
                        + (hint.isEmpty() ? " (codes: " + String.join(", ", table.keySet()) + ")" : hint));
            }
            asked.add(code);
        }
        if (asked.isEmpty()) asked.addAll(table.keySet());
        PrintWriter out = spec.commandLine().getOut();
        for (String code : asked) {
            Explanation e = table.get(code);
            FindingCode fc = FindingCode.valueOf(code);
            out.println(code + " (default severity: " + fc.defaultSeverity().name().toLowerCase(Locale.ROOT) + ")");
            out.println("  what:  " + e.meaning());
            out.println("  why:   " + e.why());
            out.println("  fix:   " + e.fix());
            out.println();
        }
        out.flush();
        return ExitCode.OK.code();
    }

    /** The explanations by code, in the table's order. */
    static Map<String, Explanation> table() throws IOException {
        Map<String, Explanation> out = new LinkedHashMap<>();
        try (InputStream in = ExplainCommand.class.getClassLoader().getResourceAsStream(TABLE)) {
            if (in == null) throw new IOException("the finding explanations are missing from the class path (" + TABLE + ")");
            CSVFormat fmt = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build();
            try (CSVParser p = CSVParser.parse(new InputStreamReader(in, StandardCharsets.UTF_8), fmt)) {
                for (CSVRecord r : p) out.put(r.get("code"), new Explanation(r.get("meaning"), r.get("why"), r.get("fix")));
            }
        }
        return out;
    }
}
