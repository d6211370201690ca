package dev.portolan.cli;

import dev.portolan.report.Renderers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code ./portolan ...} command the README shows runs in-process and gives what the README says: the exit
 * code a "-> exit N" comment or the samples table states (else no usage error), and the samples table's verdict,
 * command and deciding ports agree with the sample and the tool. Excluded, each with its reason: {@code capture}
 * (needs root or CAP_NET_RAW and a live interface; LiveCaptureTest covers it in a network namespace) and the how-to's
 * placeholders for the reader's own folders.
 */
class ReadmeCommandsTest {
    static final Path README = Path.of("README.md");
    /** Placeholders in prose commands that stand for the reader's own files, and why they are not run. */
    static final Map<String, String> PLACEHOLDERS = Map.of(
            "my-dir/", "the how-to's folder of the reader's own catalog (CatalogLoaderTest lints the authored overlays)",
            "site/", "the overlay how-to (the same overlay is src/test/resources/catalog/overlay, exercised by CatalogLoaderTest)",
            "~/", "writes into the reader's home; HelpAndDocsTest writes every man page into a temporary folder",
            "report out/", "the result folder the spark/portolan-spark line before it writes (spark/'s FleetJobTest runs report on one)");
    static final Pattern EXIT_COMMENT = Pattern.compile("->\\s*exit (\\d)");

    record Shown(String line, String command, String stdinFile, Integer exit) {
    }

    static List<Shown> shownCommands() throws Exception {
        List<Shown> out = new ArrayList<>();
        boolean fenced = false;
        String lang = "";
        for (String line : Files.readAllLines(README, StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                lang = fenced ? line.substring(3).trim() : "";
                continue;
            }
            if (fenced) {
                if (lang.equals("sh") && line.contains("./portolan ")) out.add(shown(line, line));
                continue;
            }
            Matcher m = Pattern.compile("`([^`]*\\./portolan [^`]*)`").matcher(line);
            while (m.find()) {
                String cmd = m.group(1);
                Integer exit = null;
                if (line.startsWith("| [`")) {
                    String[] cells = line.split(" \\| ");
                    Matcher e = Pattern.compile("^exit (\\d)").matcher(cells[cells.length - 1].trim());
                    if (e.find()) exit = Integer.parseInt(e.group(1));
                }
                Shown s = shown(line, cmd.substring(cmd.indexOf("./portolan ")));
                out.add(exit == null ? s : new Shown(line, s.command(), s.stdinFile(), exit));
            }
        }
        return out;
    }

    private static Shown shown(String line, String text) {
        String cmd = text;
        String stdin = null;
        int pipeIn = cmd.indexOf("| ./portolan ");
        if (pipeIn >= 0) {
            String left = cmd.substring(0, pipeIn).trim();
            assertThat(left).as("only 'cat FILE |' may feed a shown command: %s", line).startsWith("cat ");
            stdin = left.substring(4).trim();
            cmd = cmd.substring(pipeIn + 2);
        }
        Integer exit = null;
        Matcher e = EXIT_COMMENT.matcher(cmd);
        if (e.find()) exit = Integer.parseInt(e.group(1));
        int comment = cmd.indexOf(" #");
        if (comment >= 0) cmd = cmd.substring(0, comment);
        for (String stop : new String[] {" | ", ")"}) {
            int at = cmd.indexOf(stop);
            if (at >= 0) cmd = cmd.substring(0, at);
        }
        return new Shown(line, cmd.trim(), stdin, exit);
    }

    /** Splits like a shell would for these commands: spaces, and '...' or "..." quoting. */
    static List<String> words(String command) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : command.toCharArray()) {
            if (quote != 0) {
                if (c == quote) quote = 0;
                else w.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (c == ' ') {
                if (w.length() > 0 || any) out.add(w.toString());
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
            }
        }
        if (w.length() > 0 || any) out.add(w.toString());
        return out;
    }

    @Test
    void everyShownCommandRunsAndGivesWhatTheReadmeSays(@TempDir Path tmp) throws Exception {
        List<Shown> shown = shownCommands();
        int ran = 0;
        List<String> skipped = new ArrayList<>();
        for (Shown s : shown) {
            List<String> args = words(s.command());
            assertThat(args.get(0)).isEqualTo("./portolan");
            args.remove(0);
            if (args.get(0).equals("capture")) {
                skipped.add(s.command() + " (capture: needs root or CAP_NET_RAW and a live interface; see LiveCaptureTest)");
                continue;
            }
            String placeholder = PLACEHOLDERS.keySet().stream().filter(s.command()::contains).findFirst().orElse(null);
            if (placeholder != null) {
                skipped.add(s.command() + " (" + PLACEHOLDERS.get(placeholder) + ")");
                continue;
            }
            List<List<String>> runs = new ArrayList<>();
            if (args.contains("FORMAT")) {
                for (String f : Renderers.names()) {
                    List<String> a = new ArrayList<>(args);
                    a.set(a.indexOf("FORMAT"), f);
                    runs.add(a);
                }
            } else {
                runs.add(args);
            }
            for (List<String> a : runs) {
                for (int i = 0; i + 1 < a.size(); i++) {
                    if (List.of("-o", "-w", "--dir").contains(a.get(i)) && !a.get(i + 1).equals("-")) {
                        a.set(i + 1, tmp.resolve(Path.of(a.get(i + 1)).getFileName()).toString());
                    }
                }
                CliTest.Run r = s.stdinFile() == null ? CliTest.run(a.toArray(new String[0]))
                        : withStdin(Files.readAllBytes(Path.of(s.stdinFile())), a.toArray(new String[0]));
                if (s.exit() != null) {
                    assertThat(r.code()).as("README: %s%nstderr: %s", s.line(), r.err()).isEqualTo(s.exit());
                } else {
                    assertThat(r.code()).as("README: %s%nstderr: %s", s.line(), r.err()).isIn(0, 1);
                }
                ran++;
            }
        }
        assertThat(skipped).hasSize(7);
        assertThat(ran).isGreaterThanOrEqualTo(30);
    }

    private static CliTest.Run withStdin(byte[] bytes, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(bytes));
        try {
            return CliTest.run(args);
        } finally {
            System.setIn(saved);
        }
    }

    /** The samples table says what each sample's verdict.properties says, and the deciding ports the tool prints. */
    @Test
    void theSamplesTableAgreesWithTheSamplesAndTheTool() throws Exception {
        int rows = 0;
        for (String line : Files.readAllLines(README, StandardCharsets.UTF_8)) {
            if (!line.startsWith("| [`")) continue;
            rows++;
            String[] cells = line.split(" \\| ");
            String sample = cells[0].substring(cells[0].indexOf('`') + 1, cells[0].lastIndexOf('`'));
            Properties v = new Properties();
            try (Reader r = Files.newBufferedReader(Path.of("samples", sample, "verdict.properties"), StandardCharsets.UTF_8)) {
                v.load(r);
            }
            assertThat(cells[1].trim()).isEqualTo("`./portolan " + v.getProperty("command") + "`");
            String verdict = cells[2].trim();
            assertThat(verdict.substring(0, verdict.length() - 1).trim()).isEqualTo(v.getProperty("verdict"));
            Matcher inferred = Pattern.compile("(\\S+) is inferred \\(confidence [0-9.]+ from ([^;)]+)[;)]").matcher(verdict);
            if (inferred.find()) {
                CliTest.Run r = CliTest.run(words(v.getProperty("command")).toArray(new String[0]));
                Matcher tool = Pattern.compile(Pattern.quote(inferred.group(1)) + " \\(inferred [0-9.]+: ([^)]*)\\)").matcher(r.out());
                assertThat(tool.find()).as(r.out()).isTrue();
                assertThat(tool.group(1).replaceAll("(tcp|udp)/", "")).isEqualTo(inferred.group(2).trim());
            }
        }
        assertThat(rows).isEqualTo(10);
    }
}
