package dev.portolan.model;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The address tests on text agree with their definitions on {@link Addresses#stripScope}'s result. */
class AddressesTest {

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> pieces = Arbitraries.of("[", "]", "%", "%4", ":", "::", "::1", ".", "0", "1", "127.", "127.0.0.1",
                "0.0.0.0", "0:0:0:0:0:0:0:", "::ffff:", "::FFFF:127.", "localhost", "LocalHost", "*", "[::]", "fe80::1", "10.0.0.5");
        return pieces.list().ofMaxSize(4).map(l -> String.join("", l));
    }

    @Property(tries = 2000)
    void loopbackWildcardAndEqualityMatchTheStrippedText(@ForAll("texts") String a, @ForAll("texts") String b) {
        String s = Addresses.stripScope(a);
        boolean loopback = s.startsWith("127.") || s.equals("::1") || s.equals("0:0:0:0:0:0:0:1")
                || s.regionMatches(true, 0, "::ffff:127.", 0, 11) || s.equalsIgnoreCase("localhost");
        boolean wildcard = s.isEmpty() || s.equals("*") || s.equals("0.0.0.0") || s.equals("::") || s.equals("[::]")
                || s.equals("0:0:0:0:0:0:0:0");
        assertThat(Addresses.isLoopback(a)).as(a).isEqualTo(loopback);
        assertThat(Addresses.isWildcard(a)).as(a).isEqualTo(wildcard);
        assertThat(Addresses.equalsStripped(b, a)).as(b + " vs " + a).isEqualTo(b.equals(s));
        assertThat(Addresses.equalsStripped(s, a)).isTrue();
    }

    @Test
    void examples() {
        for (String yes : List.of("127.0.0.1", "[::1]", "::1%lo", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "LOCALHOST", "[127.1.2.3%eth0]")) {
            assertThat(Addresses.isLoopback(yes)).as(yes).isTrue();
        }
        for (String no : List.of("10.0.0.1", "::2", "[::1", "128.0.0.1", "localhost2", "", "[]")) {
            assertThat(Addresses.isLoopback(no)).as(no).isFalse();
        }
        for (String yes : List.of("", "*", "0.0.0.0", "::", "[::]", "[[::]]", "::%4", "0:0:0:0:0:0:0:0", "[]")) {
            assertThat(Addresses.isWildcard(yes)).as(yes).isTrue();
        }
        assertThat(Addresses.isWildcard(null)).isTrue();
        assertThat(Addresses.isLoopback(null)).isFalse();
        assertThat(Addresses.isWildcard("0.0.0.1")).isFalse();
        assertThat(Addresses.equalsStripped("fe80::1", "[fe80::1%4]")).isTrue();
        assertThat(Addresses.equalsStripped("fe80::1", "fe80::12")).isFalse();
    }
}
