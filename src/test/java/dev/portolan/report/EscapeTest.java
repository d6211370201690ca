package dev.portolan.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EscapeTest {
    static final String HOSTILE = "<script>alert(1)</script> \"q\" 'a' & \u0000nul\u001b[2J\r\n\ud800x";

    @Test
    void htmlEscapesMarkupQuotesAndDropsIllegalCharacters() {
        assertThat(Escape.html(HOSTILE)).isEqualTo(
                "&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot; &#39;a&#39; &amp; nul[2J&#13;&#10;x");
        assertThat(Escape.html(null)).isEmpty();
        assertThat(Escape.html("日本語 ✓ \uD83D\uDE00")).isEqualTo("日本語 ✓ \uD83D\uDE00");
    }

    @Test
    void xmlUsesAposAndKeepsOnlyXml10Characters() {
        assertThat(Escape.xml("a'b\"c<d>&\u0000\u0008\uFFFE\uFFFF\t")).isEqualTo("a&apos;b&quot;c&lt;d&gt;&amp;&#9;");
        assertThat(Escape.xml("]]>")).isEqualTo("]]&gt;");
    }

    @Test
    void textMakesControlCharactersVisible() {
        assertThat(Escape.text("a\u0000b\u001b[31mc\r\nd\te\u007f\u0085\u2028")).isEqualTo("a\\x00b\\x1b[31mc\\r\\nd\\te\\x7f\\x85\\u2028");
        assertThat(Escape.text("C:\\dumps\\x.txt")).isEqualTo("C:\\dumps\\x.txt");
    }

    @Test
    void markdownEscapesCellBreakersAndMarkup() {
        assertThat(Escape.markdown("a|b `c` *d* _e_ [f](g) <h> \\ i\r\nj\u0000"))
                .isEqualTo("a\\|b \\`c\\` \\*d\\* \\_e\\_ \\[f\\](g) \\<h\\> \\\\ i<br>j\\x00");
    }

    @Test
    void spreadsheetNeutralisesFormulaStarts() {
        for (String s : new String[] {"=1+1", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"}) {
            assertThat(Escape.spreadsheet(s)).isEqualTo("'" + s);
        }
        assertThat(Escape.spreadsheet("a=1")).isEqualTo("a=1");
        assertThat(Escape.spreadsheet("")).isEmpty();
        assertThat(Escape.spreadsheet(null)).isEmpty();
    }

    @Test
    void markdownFenceIsLongerThanAnyBacktickRun() {
        assertThat(MarkdownRenderer.fence(java.util.List.of("plain"))).isEqualTo("```");
        assertThat(MarkdownRenderer.fence(java.util.List.of("a ```` b", "``"))).isEqualTo("`````");
    }
}
