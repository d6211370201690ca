package dev.portolan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.portolan.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** A pcapng capture whose interface statistics say it dropped packets: a LOG_GAP finding, and NOT_OBSERVED says why. */
class CaptureLossCliTest {
    @TempDir
    Path dir;

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] block(int type, byte[] body) {
        return le(12 + body.length).putInt(type).putInt(12 + body.length).put(body).putInt(12 + body.length).array();
    }

    /** An Ethernet frame of a TCP segment with the given flags between two IPv4 hosts (checksums left 0). */
    private static byte[] tcp(int src, int sport, int dst, int dport, int flags) {
        ByteBuffer f = ByteBuffer.allocate(54);
        f.put(new byte[] {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6}).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) 40).putShort((short) 1).putShort((short) 0).put((byte) 64)
                .put((byte) 6).putShort((short) 0).putInt(src).putInt(dst);
        f.putShort((short) sport).putShort((short) dport).putInt(1).putInt(0).put((byte) 0x50).put((byte) flags)
                .putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        return f.array();
    }

    private static byte[] epb(long ts, byte[] frame) {
        int pad = (4 - frame.length % 4) % 4;
        return block(6, le(20 + frame.length + pad).putInt(0).putInt((int) (ts >>> 32)).putInt((int) ts)
                .putInt(frame.length).putInt(frame.length).put(frame).array());
    }

    @Test
    void packetsTheCaptureDroppedAreALogGapAndTheCaveatOfWhatWasNotObserved() throws Exception {
        int a = 0x0a000001, b = 0x0a000002;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(block(0x0A0D0D0A, le(16).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1).array()));
        out.writeBytes(block(1, le(12).putShort((short) 1).putShort((short) 0).putInt(65535).putInt(0).array()));
        long t = 1_700_000_000_000_000L;
        out.writeBytes(epb(t, tcp(a, 50000, b, 80, 0x02)));
        out.writeBytes(epb(t + 1000, tcp(b, 80, a, 50000, 0x12)));
        // interface statistics: isb_ifdrop 40, isb_osdrop 2
        out.writeBytes(block(5, le(12 + 24 + 4).putInt(0).putInt(0).putInt(0).putShort((short) 5).putShort((short) 8).putLong(40)
                .putShort((short) 7).putShort((short) 8).putLong(2).putInt(0).array()));
        Path cap = dir.resolve("lost.pcapng");
        Files.write(cap, out.toByteArray());
        CliTest.Run r = run("audit", "--host", "10.0.0.2", "--role", "clientmanager:client", "--set", "clientmanager.version=4.33",
                "--format", "jsonl", cap.toString());
        List<JsonNode> f = new ArrayList<>();
        ObjectMapper m = new ObjectMapper();
        for (String line : r.out().split("\n")) if (!line.isBlank()) f.add(m.readTree(line));
        List<JsonNode> gaps = f.stream().filter(n -> "LOG_GAP".equals(n.path("code").asText())).toList();
        assertThat(gaps).hasSize(1);
        assertThat(gaps.get(0).get("severity").asText()).isEqualTo("notice");
        assertThat(gaps.get(0).get("message").asText()).isEqualTo(cap + " says 42 packet(s) were lost while capturing (its"
                + " interface statistics, 1 interface(s)): the capture was read, but it is incomplete; traffic may be missing"
                + " from the findings and flows counted short");
        List<JsonNode> notObserved = f.stream().filter(n -> "NOT_OBSERVED".equals(n.path("code").asText())).toList();
        assertThat(notObserved).isNotEmpty().allSatisfy(n -> assertThat(n.get("message").asText()).endsWith(
                "; the capture lost packets (" + cap + " lost 42 packet(s)), so this traffic may have been among them"));
        assertThat(f).noneMatch(n -> "INPUT_PROBLEM".equals(n.path("code").asText()));
    }
}
