package dev.portolan.model;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

class IpAddressTest {

    private static String roundTrip(String text) {
        IpAddress ip = IpAddress.parse(text);
        return ip == null ? null : ip.text();
    }

    @Test
    void parsesAndFormatsCanonically() {
        assertThat(roundTrip("255.255.255.255")).isEqualTo("255.255.255.255");
        assertThat(roundTrip("0.0.0.0")).isEqualTo("0.0.0.0");
        assertThat(roundTrip("2001:0DB8:0:0:0:0:0:1")).isEqualTo("2001:db8::1");
        assertThat(roundTrip("fe80::1%12")).isEqualTo("fe80::1");
        assertThat(roundTrip("::")).isEqualTo("::");
        assertThat(roundTrip("1::")).isEqualTo("1::");
        assertThat(roundTrip("1:0:0:2::3")).isEqualTo("1:0:0:2::3");
        assertThat(roundTrip("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(roundTrip("::ffff:192.168.0.1")).isEqualTo("::ffff:192.168.0.1");
    }

    @Test
    void anIpv4MappedAddressIsWrittenWithItsIpv4PartDotted() {
        // the one form every input path prints (a capture once printed ::ffff:a00:5, a firewall log ::ffff:10.0.0.5)
        assertThat(IpAddress.format(true, 0, 0xFFFF_0A00_0005L)).isEqualTo("::ffff:10.0.0.5");
        assertThat(roundTrip("::ffff:a00:5")).isEqualTo("::ffff:10.0.0.5");
        assertThat(roundTrip("0:0:0:0:0:ffff:10.0.0.5")).isEqualTo("::ffff:10.0.0.5");
        // the same four bytes as IPv4 are another address
        assertThat(IpAddress.parse("10.0.0.5")).isNotEqualTo(IpAddress.parse("::ffff:10.0.0.5"));
        assertThat(IpAddress.parse("::10.0.0.5")).isNotEqualTo(IpAddress.parse("10.0.0.5"));
    }

    @Test
    void rejectsMalformedAddresses() {
        for (String bad : new String[] {"", "-", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4.", "1..2.3", "1:2:3:4:5:6:7:8:9",
                ":::", "1:::2", "1::2::3", "12345::", ":1::", "1:2", "g::1", "192.168.1.10055"}) {
            assertThat(roundTrip(bad)).as(bad).isNull();
        }
    }

    @Property(tries = 500)
    void agreesWithInetAddressOnIpv6(@ForAll long hi, @ForAll long lo) throws UnknownHostException {
        byte[] raw = new byte[16];
        for (int i = 0; i < 8; i++) {
            raw[i] = (byte) (hi >>> (56 - 8 * i));
            raw[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        String text = IpAddress.format(true, hi, lo);
        assertThat(IpAddress.parse(text)).as(text).isEqualTo(new IpAddress(true, hi, lo));
        assertThat(InetAddress.getByName(text).getAddress()).isEqualTo(raw);
    }

    @Property(tries = 300)
    void zeroRunsOfEveryShapeRoundTrip(@ForAll("sparse") long hi, @ForAll("sparse") long lo) {
        String text = IpAddress.format(true, hi, lo);
        assertThat(IpAddress.parse(text)).as(text).isEqualTo(new IpAddress(true, hi, lo));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Long> sparse() {
        // groups that are often zero, so the :: run falls everywhere
        return net.jqwik.api.Arbitraries.integers().between(0, 15).map(mask -> {
            long v = 0;
            for (int g = 0; g < 4; g++) v = (v << 16) | ((mask >> g & 1) == 0 ? 0 : 0x1234 + g);
            return v;
        });
    }

    /**
     * The dotted quad as defined: exactly four groups of one to three digits, each at most 255, dots between, nothing
     * else (leading zeros allowed). Texts of digits and dots with groups of every length, and some other byte.
     */
    @Property(tries = 3000)
    void readsADottedQuadExactlyAsDefined(@ForAll("quadLike") String text) {
        byte[] b = ("x" + text + "7").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        String[] groups = text.split("\\.", -1);
        long expected = groups.length == 4 ? 0 : -1;
        for (String g : groups) {
            if (expected < 0) break;
            if (!g.matches("[0-9]{1,3}") || Integer.parseInt(g) > 255) expected = -1;
            else expected = (expected << 8) | Integer.parseInt(g);
        }
        assertThat(IpAddress.parseV4(b, 1, b.length - 1)).as(text).isEqualTo(expected);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> quadLike() {
        net.jqwik.api.Arbitrary<String> group = net.jqwik.api.Arbitraries.oneOf(
                net.jqwik.api.Arbitraries.integers().between(0, 300).map(String::valueOf),
                net.jqwik.api.Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(5),
                net.jqwik.api.Arbitraries.strings().withChars("09.:a/\u00e9 ").ofMinLength(1).ofMaxLength(2));
        return group.list().ofMinSize(1).ofMaxSize(6).map(gs -> String.join(".", gs));
    }
}
