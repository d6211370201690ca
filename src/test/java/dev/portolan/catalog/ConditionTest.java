package dev.portolan.catalog;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConditionTest {

    @Test
    void versionsCompareNumericallyPerPart() {
        Condition c = Condition.parse("version>=4.33", "clientmanager");
        assertThat(c.evaluate(Map.of("clientmanager.version", "4.33"))).isEqualTo(Truth.TRUE);
        assertThat(c.evaluate(Map.of("clientmanager.version", "4.4"))).isEqualTo(Truth.FALSE);
        assertThat(c.evaluate(Map.of("clientmanager.version", "5.0"))).isEqualTo(Truth.TRUE);
        assertThat(c.evaluate(Map.of("clientmanager.version", "4.32"))).isEqualTo(Truth.FALSE);
    }

    @Test
    void unknownSettingIsUnknownNotFalse() {
        Condition c = Condition.parse("mode=tcpip", "serverprotect");
        assertThat(c.evaluate(Map.of())).isEqualTo(Truth.UNKNOWN);
        assertThat(c.evaluate(Map.of())).matches(Truth::possible);
    }

    @Test
    void alternativesAndConjunctions() {
        Condition c = Condition.parse("mode=tcpip|named-pipe and layout!=multi", "x");
        assertThat(c.evaluate(Map.of("x.mode", "named-pipe", "x.layout", "single"))).isEqualTo(Truth.TRUE);
        assertThat(c.evaluate(Map.of("x.mode", "named-pipe", "x.layout", "multi"))).isEqualTo(Truth.FALSE);
        assertThat(c.evaluate(Map.of("x.mode", "other"))).isEqualTo(Truth.FALSE);
        assertThat(c.evaluate(Map.of("x.mode", "tcpip"))).isEqualTo(Truth.UNKNOWN);
    }

    @Test
    void orBindsLooserThanAnd() {
        Condition c = Condition.parse("a=1 and b=1 or c=yes", "p");
        assertThat(c.evaluate(Map.of("p.c", "true"))).isEqualTo(Truth.TRUE);
        assertThat(c.evaluate(Map.of("p.a", "1", "p.b", "0", "p.c", "no"))).isEqualTo(Truth.FALSE);
    }

    @Test
    void qualifiedKeysReachOtherProductsAndBareSettingsDoNot() {
        Condition c = Condition.parse("clientmanager.winshare>=6.1", "desktop-patrol");
        assertThat(c.keys()).containsExactly("clientmanager.winshare");
        assertThat(Condition.parse("version=5.4", "filetransfer").evaluate(Map.of("filetransfer.version", "5.4"))).isEqualTo(Truth.TRUE);
        // a bare key is qualified against the host's products before the audit (HostCheck); here it means nothing
        assertThat(Condition.parse("version=5.4", "filetransfer").evaluate(Map.of("version", "5.4"))).isEqualTo(Truth.UNKNOWN);
    }

    @Test
    void badTermsNameTheProblem() {
        assertThatThrownBy(() -> Condition.parse("version>>4", "p")).hasMessageContaining("'>>'");
        assertThatThrownBy(() -> Condition.parse("version", "p")).hasMessageContaining("KEY OP VALUE");
        assertThatThrownBy(() -> Condition.parse("v>=1|2", "p")).hasMessageContaining("one value");
    }
}
