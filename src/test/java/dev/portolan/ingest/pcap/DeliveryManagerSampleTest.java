package dev.portolan.ingest.pcap;

import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.Flow;
import dev.portolan.model.Initiator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed sample matches its README (values there come from the generator's design and tshark -z conv). */
class DeliveryManagerSampleTest {
    @Test
    void fiveHandshakesOneReversed() throws IOException {
        Path sample = Path.of(System.getProperty("portolan.root", "."), "samples", "deliverymanager-capture", "deliverymanager.pcap");
        ReadResult r = new CaptureReader(p -> p == 4090 || p == 4091 || p == 4093 || p == 4095 || p == 4096).read(Source.of(sample));
        assertThat(r.records()).isEqualTo(50);
        assertThat(r.flows()).extracting(Flow::describe).containsExactly(
                "tcp 192.0.2.20:49801 -> 192.0.2.10:4091",
                "tcp 192.0.2.10:50311 -> 192.0.2.20:4093",
                "tcp 192.0.2.10:50312 -> 192.0.2.20:4095",
                "tcp 192.0.2.10:50313 -> 192.0.2.20:4096",
                "tcp 192.0.2.10:4091 -> 192.0.2.20:49822");
        assertThat(r.flows()).allSatisfy(f -> {
            assertThat(f.initiator()).isEqualTo(Initiator.HANDSHAKE);
            assertThat(f.connState()).isEqualTo("SF");
            assertThat(f.origPackets()).isEqualTo(6);
            assertThat(f.respPackets()).isEqualTo(4);
        });
        Flow reversed = r.flows().get(4);
        assertThat(reversed.origBytes()).isEqualTo(259);
        assertThat(reversed.respBytes()).isEqualTo(168);
        assertThat(reversed.evidence().get(0).packet()).isEqualTo(41);
        assertThat(reversed.evidence().get(0).time()).isEqualTo("2024-04-01T09:00:04.000000Z");
    }
}
