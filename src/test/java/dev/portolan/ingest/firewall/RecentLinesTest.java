package dev.portolan.ingest.firewall;

import dev.portolan.ingest.LogLine;
import dev.portolan.model.Direction;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.IpAddress;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache of recent lines finds a line again only by the very bytes of its key: two keys of the same length and the
 * same hash (found by trying a quarter million keys) are still told apart, so the hash only narrows the search.
 */
class RecentLinesTest {
    private static final Columns LAYOUT = Columns.parseHeader(" date time action protocol src-ip dst-ip src-port dst-port");

    /** One line of the layout above, split at its spaces. */
    private record Line(byte[] bytes, int[] bounds) {
        static Line of(String text) {
            byte[] b = text.getBytes(StandardCharsets.US_ASCII);
            // field i from bounds[2i] to bounds[2i + 1], as LineParser.tokenize leaves them
            int[] bounds = new int[2 * LineParser.MAX_FIELDS];
            int n = 0;
            for (int i = 0; i < b.length; i++) {
                if (b[i] != ' ' && (i == 0 || b[i - 1] == ' ')) bounds[2 * n] = i;
                if (b[i] != ' ' && (i + 1 == b.length || b[i + 1] == ' ')) bounds[2 * n++ + 1] = i + 1;
            }
            return new Line(b, bounds);
        }

        RecentLines.Entry find(RecentLines r) {
            return r.find(bytes, bounds, LAYOUT);
        }
    }

    /** The same length for every key: 10.a.b.c with three-digit octets, a five-digit source port. */
    private static Line line(int i) {
        return Line.of(String.format("2024-01-15 10:00:00 ALLOW TCP 10.%d.%d.%d 8.8.8.8 %d 443",
                100 + i % 100, 100 + i / 100 % 100, 100 + i / 10000 % 100, 10000 + i / 1000000));
    }

    @Test
    void twoKeysWithOneHashAreToldApartByTheirBytes() {
        Map<Integer, Integer> byHash = new HashMap<>();
        RecentLines r = new RecentLines();
        int a = -1;
        int b = -1;
        for (int i = 0; i < 1 << 20 && a < 0; i++) {
            // a fresh cache before it would judge its hits too few and switch itself off
            if (i % 4000 == 0) r = new RecentLines();
            assertThat(line(i).find(r)).isNull();
            Integer before = byHash.putIfAbsent(r.lastHash(), i);
            if (before != null) {
                a = before;
                b = i;
            }
        }
        assertThat(a).as("two keys with one hash").isNotNegative();

        RecentLines fresh = new RecentLines();
        assertThat(line(a).find(fresh)).isNull();
        IpAddress src = IpAddress.parse(new String(line(a).bytes(), StandardCharsets.US_ASCII).split(" ")[4]);
        IpAddress dst = IpAddress.parse("8.8.8.8");
        LogLine key = new LogLine();
        key.set("t.log", 1, 6, src.v6(), src.hi(), src.lo(), 10000, dst.v6(), dst.hi(), dst.lo(), 443, FirewallAction.ALLOW,
                Direction.UNKNOWN, 0, 0, line(a).bytes(), 0, 0);
        RecentLines.Entry kept = fresh.keep(key, 1L, 0, 0L);
        assertThat(kept).isNotNull();
        assertThat(line(a).find(fresh)).isSameAs(kept);
        assertThat(hashOf(b)).isEqualTo(hashOf(a));
        assertThat(line(b).find(fresh)).as("line %d has the hash of line %d, not its key", b, a).isNull();
    }

    private static int hashOf(int i) {
        RecentLines r = new RecentLines();
        line(i).find(r);
        return r.lastHash();
    }

    /** Word-wise comparison of a key's run: every byte of it counts, the last ones of a run too; none after it. */
    @Test
    void runsCompareEveryByteAndNothingAfter() {
        for (int len = 0; len <= 40; len++) {
            for (int s : new int[] {0, 3}) {
                byte[] line = new byte[s + len + 16];
                byte[] kept = new byte[5 + len + 8];
                for (int i = 0; i < len; i++) {
                    line[s + i] = (byte) ('a' + i % 26);
                    kept[5 + i] = (byte) ('a' + i % 26);
                }
                // unequal right after the run, in both
                line[s + len] = ' ';
                kept[5 + len] = '\t';
                assertThat(RecentLines.sameBytes(line, s, kept, 5, len)).as("len %d from %d", len, s).isTrue();
                for (int p = 0; p < len; p++) {
                    kept[5 + p] ^= 1;
                    assertThat(RecentLines.sameBytes(line, s, kept, 5, len)).as("len %d, byte %d differs", len, p).isFalse();
                    kept[5 + p] ^= 1;
                }
                // a run at the very end of the line's buffer
                byte[] tight = java.util.Arrays.copyOf(line, s + len);
                assertThat(RecentLines.sameBytes(tight, s, kept, 5, len)).isTrue();
                if (len > 0) {
                    tight[s + len - 1] ^= 1;
                    assertThat(RecentLines.sameBytes(tight, s, kept, 5, len)).isFalse();
                }
            }
        }
    }
}
