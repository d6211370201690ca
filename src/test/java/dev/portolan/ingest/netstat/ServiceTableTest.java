package dev.portolan.ingest.netstat;

import dev.portolan.model.Protocol;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundled service names, and how a name netstat cut short is read: only when it begins one port's names. */
class ServiceTableTest {
    private final ServiceTable table = ServiceTable.bundled();

    @Test
    void namesAndTheirPorts() {
        assertThat(table.port("epmap", Protocol.TCP)).isEqualTo(135);
        assertThat(table.port("MICROSOFT-DS", Protocol.UDP)).isEqualTo(445);
        assertThat(table.port("netbios-dgm", Protocol.TCP)).as("the other protocol's entry").isEqualTo(138);
        assertThat(table.port("afpov", Protocol.TCP)).isEqualTo(-1);
        // Debian's /etc/services names that IANA's registry has not: lsof printed "TCP *:tproxy (LISTEN)" for a node
        // server on 8081 (a real issue thread), and the row was lost as an unknown name
        assertThat(table.port("tproxy", Protocol.TCP)).isEqualTo(8081);
        assertThat(table.port("webmin", Protocol.TCP)).isEqualTo(10000);
        assertThat(table.port("postgres", Protocol.TCP)).isEqualTo(5432);
        assertThat(table.port("smtps", Protocol.TCP)).isEqualTo(465);
        // macOS's /etc/services names (an older IANA copy): "ARDAgent … TCP *:net-assistant (LISTEN)", a node server on
        // 3001 as "*:redwood-broker" in pasted lsof output; both were unknown names, their rows problems
        assertThat(table.port("net-assistant", Protocol.TCP)).isEqualTo(3283);
        assertThat(table.port("redwood-broker", Protocol.TCP)).isEqualTo(3001);
    }

    @Test
    void ianaNamesThatCommonDevelopmentAndBrokerPortsPrintAs() throws Exception {
        // what RHEL's and macOS's full /etc/services make netstat print for a dev server on 8081, Kafka on 9092, a printer on 9100
        assertThat(table.port("sunproxyadmin", Protocol.TCP)).isEqualTo(8081);
        assertThat(table.port("XmlIpcRegSvc", Protocol.TCP)).isEqualTo(9092);
        assertThat(table.port("hp-pdl-datastr", Protocol.TCP)).isEqualTo(9100);
        String header = "Active Internet connections (including servers)\n"
                + "Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)\n";
        // a macOS row and a Linux one: each in a dump of its own (one file of both is two kinds of host)
        String[][] dumps = {{"tcp4       0      0  *.sunproxyadmin        *.*                    LISTEN\n", "8081"},
                {"tcp        0      0 0.0.0.0:XmlIpcRegSvc    0.0.0.0:*               LISTEN\n", "9092"}};
        for (String[] dump : dumps) {
            java.nio.file.Path f = java.nio.file.Files.createTempFile("netstat-names", ".txt");
            try {
                java.nio.file.Files.writeString(f, header + dump[0]);
                dev.portolan.ingest.ReadResult r = new NetstatReader().read(dev.portolan.ingest.Source.of(f));
                assertThat(r.listeners()).extracting(dev.portolan.model.Listener::port).containsExactly(Integer.parseInt(dump[1]));
                assertThat(r.problems()).isEmpty();
            } finally {
                java.nio.file.Files.deleteIfExists(f);
            }
        }
    }

    @Test
    void aCutNameIsReadOnlyWhenItBeginsTheNamesOfOnePort() {
        assertThat(table.nameStartingWith("afpov", Protocol.TCP)).isEqualTo("afpovertcp");
        assertThat(table.nameStartingWith("microsoft-", Protocol.TCP)).isEqualTo("microsoft-ds");
        // netbios-ns 137, netbios-dgm 138, netbios-ssn 139: which one is not known
        assertThat(table.nameStartingWith("netbios", Protocol.UDP)).isNull();
        assertThat(table.nameStartingWith("netbios-s", Protocol.TCP)).isEqualTo("netbios-ssn");
        assertThat(table.nameStartingWith("zzz", Protocol.TCP)).isNull();
    }
}
