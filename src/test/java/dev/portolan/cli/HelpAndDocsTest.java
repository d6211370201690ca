package dev.portolan.cli;

import dev.portolan.model.FindingCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.portolan.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** help CMD, per-command exit codes, explain, completion, man pages, catalog roles, the Windows launcher. */
class HelpAndDocsTest {
    @Test
    void everyFindingCodeIsExplained() throws Exception {
        assertThat(ExplainCommand.table().keySet()).containsExactlyElementsOf(Arrays.stream(FindingCode.values()).map(Enum::name).toList());
        for (var e : ExplainCommand.table().values()) {
            assertThat(e.meaning()).hasSizeGreaterThan(30);
            assertThat(e.why()).hasSizeGreaterThan(30);
            assertThat(e.fix()).hasSizeGreaterThan(20);
        }
        CliTest.Run r = run("explain", "blocked-expected");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("BLOCKED_EXPECTED (default severity: error)\n"
                + "  what:  The firewall dropped traffic the catalog expects (the row and its firewall_exception column are named).\n"
                + "  why:   The product's documented communication is being cut: features that depend on it fail, often silently.\n"
                + "  fix:   Add a firewall exception for the protocol/port on the listening host (the catalog's firewall_exception column "
                + "says whether the vendor requires one).\n\n");
        CliTest.Run bad = run("explain", "BLOKED_EXPECTED");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("portolan: unknown finding code 'BLOKED_EXPECTED' (did you mean BLOCKED_EXPECTED?)\n");
        assertThat(run("explain").out().lines().filter(l -> l.contains("(default severity: ")).count()).isEqualTo(FindingCode.values().length);
    }

    @Test
    void helpShowsEachCommandsOwnExitCodesAndOptions() {
        CliTest.Run flows = run("help", "flows");
        assertThat(flows.code()).isZero();
        assertThat(flows.out()).startsWith("Usage: portolan flows").contains("Exit codes:\n  0   the flows of every capture were listed\n  2   ")
                .doesNotContain("--fail-on");
        assertThat(run("audit", "--help").out()).contains("Exit codes:\n  0   no finding at or above --fail-on\n  1   findings at or above --fail-on\n");
        assertThat(run("catalog", "lint", "--help").out()).contains("  1   issues found (file:line, in line order)");
        assertThat(run("help", "catalog").out()).contains("roles");
        CliTest.Run capture = run("capture", "--help");
        assertThat(capture.out()).contains("--interface").contains("--fail-on").doesNotContain("--batch");
        CliTest.Run batch = run("capture", "-i", "lo", "--batch");
        assertThat(batch.code()).isEqualTo(2);
        assertThat(batch.err()).startsWith("portolan: Unknown option: '--batch'");
    }

    @Test
    void completionScriptsAreGeneratedFromTheCommands() {
        CliTest.Run bash = run("completion", "bash");
        assertThat(bash.code()).isZero();
        assertThat(bash.out()).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_portolan")
                .contains("--infer-roles").contains("lint");
        assertThat(run("completion", "zsh").out()).isEqualTo(bash.out());
        CliTest.Run fish = run("completion", "fish");
        assertThat(fish.code()).isEqualTo(2);
        assertThat(fish.err()).startsWith("portolan: unsupported shell 'fish' (expected bash or zsh)\n");
    }

    @Test
    void manPagesAreGeneratedForEveryCommand(@TempDir Path dir) throws Exception {
        CliTest.Run audit = run("man", "audit");
        assertThat(audit.code()).isZero();
        assertThat(audit.out()).startsWith(".TH PORTOLAN-AUDIT 1 \"\" \"portolan ").contains("\n.SH SYNOPSIS\n.B portolan audit\n")
                .contains("\n.SH EXIT STATUS\n.TP\n.B 0\nno finding at or above \\-\\-fail\\-on\n").contains(".B \\-\\-role PRODUCT:ROLE\n");
        assertThat(run("man", "catalog", "lint").out()).startsWith(".TH PORTOLAN-CATALOG-LINT 1");
        assertThat(run("man", "audti").err()).startsWith("portolan: no command 'audti' (did you mean audit?)");
        CliTest.Run all = run("man", "--dir", dir.toString());
        assertThat(all.code()).isZero();
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted()).containsExactly("portolan-audit.1", "portolan-capture.1",
                    "portolan-catalog-conflicts.1", "portolan-catalog-lint.1", "portolan-catalog-list.1", "portolan-catalog-lookup.1",
                    "portolan-catalog-roles.1", "portolan-catalog.1", "portolan-completion.1", "portolan-diff.1", "portolan-explain.1", "portolan-flows.1",
                    "portolan-man.1", "portolan-report.1", "portolan.1");
        }
    }

    @Test
    void catalogRolesListsEveryRoleWithItsName() {
        CliTest.Run r = run("catalog", "roles", "--product", "deliverymanager");
        assertThat(r.code()).isZero();
        assertThat(r.out().lines().toList()).contains(
                String.format("%-42s %-8s %s", "deliverymanager:manager", "listens", "マネージャ / 管理元システム (DM, FT; Relay when Relay is used)"));
        assertThat(r.out()).endsWith("5 role(s)\n");
        assertThat(run("catalog", "roles", "--product", "delivery-manager").err())
                .startsWith("portolan: unknown product 'delivery-manager' (did you mean deliverymanager?)");
    }

    @Test
    void theWindowsLauncherBuildsWhenTheJarIsMissingAndRunsIt() throws Exception {
        String cmd = Files.readString(Path.of("portolan.cmd"));
        assertThat(cmd.lines().count()).isEqualTo(cmd.split("\r\n", -1).length - 1);
        assertThat(cmd).contains("if not exist \"%JAR%\"").contains("call mvn -q -B -DskipTests package")
                .contains("\"%JAVA%\" %PORTOLAN_JAVA_OPTS% -jar \"%JAR%\" %*").contains("exit /b %ERRORLEVEL%");
    }
}
