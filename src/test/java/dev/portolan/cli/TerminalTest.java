package dev.portolan.cli;

import dev.portolan.cli.Terminal.ColorMode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalTest {

    @Test
    void autoColoursOnlyATerminalAndHonoursNoColor() {
        assertThat(Terminal.of(Map.of(), true, 120).color(ColorMode.AUTO, true)).isTrue();
        assertThat(Terminal.of(Map.of(), false, 0).color(ColorMode.AUTO, true)).as("piped").isFalse();
        assertThat(Terminal.of(Map.of(), true, 120).color(ColorMode.AUTO, false)).as("written to a file").isFalse();
        assertThat(Terminal.of(Map.of("NO_COLOR", "1"), true, 120).color(ColorMode.AUTO, true)).as("NO_COLOR").isFalse();
        // no-color.org: only a non-empty NO_COLOR counts
        assertThat(Terminal.of(Map.of("NO_COLOR", ""), true, 120).color(ColorMode.AUTO, true)).isTrue();
        assertThat(Terminal.of(Map.of("TERM", "dumb"), true, 120).color(ColorMode.AUTO, true)).isFalse();
        // an explicit choice wins
        assertThat(Terminal.of(Map.of("NO_COLOR", "1"), false, 0).color(ColorMode.ALWAYS, false)).isTrue();
        assertThat(Terminal.of(Map.of(), true, 120).color(ColorMode.NEVER, true)).isFalse();
    }

    @Test
    void widthFromColumnsThenTheTerminalElse80() {
        assertThat(Terminal.of(Map.of("COLUMNS", "132"), false, 0).columns()).isEqualTo(132);
        assertThat(Terminal.of(Map.of("COLUMNS", "132"), true, 100).columns()).isEqualTo(132);
        assertThat(Terminal.of(Map.of(), true, 100).columns()).isEqualTo(100);
        assertThat(Terminal.of(Map.of(), false, 100).columns()).as("not a terminal").isEqualTo(80);
        assertThat(Terminal.of(Map.of("COLUMNS", "wide"), false, 0).columns()).isEqualTo(80);
        assertThat(Terminal.of(Map.of("COLUMNS", "0"), true, 90).columns()).isEqualTo(90);
    }
}
