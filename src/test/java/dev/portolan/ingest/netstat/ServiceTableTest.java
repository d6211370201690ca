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
