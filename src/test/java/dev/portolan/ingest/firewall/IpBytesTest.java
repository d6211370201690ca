package dev.portolan.ingest.firewall;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class IpBytesTest {

    private static String roundTrip(String text) {
        IpBytes ip = new IpBytes();
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        if (!ip.parse(b, 0, b.length)) return null;
        return IpBytes.format(ip.v6, ip.hi, ip.lo);
    }

    @Test
    void parsesAndFormatsCanonically() {
        assertThat(roundTrip("255.255.255.255")).isEqualTo("255.255.255.255");
        assertThat(roundTrip("0.0.0.0")).isEqualTo("0.0.0.0");
        assertThat(roundTrip("2001:0DB8:0:0:0:0:0:1")).isEqualTo("2001:db8::1");
        assertThat(roundTrip("fe80::1%12")).isEqualTo("fe80::1");
        assertThat(roundTrip("::")).isEqualTo("::");
        assertThat(roundTrip("1::")).isEqualTo("1::");
        assertThat(roundTrip("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(roundTrip("::ffff:192.168.0.1")).isEqualTo("::ffff:192.168.0.1");
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
        String text = IpBytes.format(true, hi, lo);
        IpBytes ip = new IpBytes();
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        assertThat(ip.parse(b, 0, b.length)).as(text).isTrue();
        assertThat(ip.hi).isEqualTo(hi);
        assertThat(ip.lo).isEqualTo(lo);
        assertThat(InetAddress.getByName(text).getAddress()).isEqualTo(raw);
    }
}
