package dev.portolan.io;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ConfigText's scans, which jump with String.indexOf, against their character-by-character definitions. */
class ConfigTextTest {

    @Property(tries = 3000)
    void unclosedQuoteLineAsDefined(@ForAll @StringLength(max = 60) @CharRange(from = '"', to = '#') @CharRange(from = '\n', to = '\n')
                                    @CharRange(from = 'a', to = 'b') String text) {
        assertThat(new ConfigText(text, List.of()).unclosedQuoteLine('#')).as(text).isEqualTo(definition(text, '#'));
    }

    @Test
    void unclosedQuoteLineCases() {
        assertThat(quoteLine("a,b\n\"c,d\n")).isEqualTo(2);
        assertThat(quoteLine("a,\"b\nc\"\n\"d")).isEqualTo(3);
        assertThat(quoteLine("# \"comment\n\"x\"\n")).isZero();
        assertThat(quoteLine("# \"comment")).isZero();
        assertThat(quoteLine("x\n\"a\n# not a comment inside quotes \"\n\"")).isEqualTo(4);
        assertThat(quoteLine("")).isZero();
    }

    @Test
    void longLinesAreBlankedShortTextsKeptAsTheyAre() {
        ConfigText same = ConfigText.blankLongLines("ab\ncd\n", 2);
        assertThat(same.text()).isEqualTo("ab\ncd\n");
        assertThat(same.cutLines()).isEmpty();
        ConfigText cut = ConfigText.blankLongLines("ab\ncde\nf", 2);
        assertThat(cut.text()).isEqualTo("ab\n\nf");
        assertThat(cut.cutLines()).containsExactly(2L);
        assertThat(ConfigText.blankLongLines("abc", 3).text()).isEqualTo("abc");
        assertThat(ConfigText.blankLongLines("abcd", 3).cutLines()).containsExactly(1L);
    }

    private static long quoteLine(String text) {
        long got = new ConfigText(text, List.of()).unclosedQuoteLine('#');
        assertThat(got).as(text).isEqualTo(definition(text, '#'));
        return got;
    }

    /** The scan one character at a time, as it was written before. */
    private static long definition(String text, char commentMarker) {
        boolean quoted = false;
        long line = 1;
        long openedAt = 0;
        boolean lineStart = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!quoted && lineStart && c == commentMarker) {
                while (i < text.length() && text.charAt(i) != '\n') i++;
                line++;
                continue;
            }
            lineStart = false;
            if (c == '"') {
                quoted = !quoted;
                if (quoted) openedAt = line;
            } else if (c == '\n') {
                line++;
                lineStart = true;
            }
        }
        return quoted ? openedAt : 0;
    }
}
