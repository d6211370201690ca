package dev.portolan.ingest.netstat;

import dev.portolan.ingest.ReadResult;
import dev.portolan.model.Connection;
import dev.portolan.model.Listener;
import dev.portolan.model.Protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared helpers for the netstat tests. */
final class NetstatTestSupport {
    private NetstatTestSupport() {
    }

    static Path shared(String relative) {
        return Path.of(System.getProperty("portolan.shared", "../shared")).resolve(relative);
    }

    static Path fixture(String relative) {
        return Path.of("src/test/resources/fixtures/netstat").resolve(relative);
    }

    static Listener listener(ReadResult r, Protocol proto, String address, int port) {
        List<Listener> found = r.listeners().stream()
                .filter(l -> l.proto() == proto && l.address().equals(address) && l.port() == port).toList();
        assertThat(found).as("listener %s %s:%d", proto, address, port).isNotEmpty();
        return found.get(0);
    }

    static Connection connection(ReadResult r, String local, int localPort, String remote, int remotePort) {
        List<Connection> found = r.connections().stream()
                .filter(c -> c.localAddress().equals(local) && c.localPort() == localPort
                        && c.remoteAddress().equals(remote) && c.remotePort() == remotePort).toList();
        assertThat(found).as("connection %s:%d -> %s:%d", local, localPort, remote, remotePort).isNotEmpty();
        return found.get(0);
    }

    /** Physical lines as an editor counts them: LF, CRLF, CR CR LF and lone CR each end one line. */
    static long physicalLines(byte[] bytes) {
        long lines = 0;
        int i = 0;
        boolean open = false;
        while (i < bytes.length) {
            byte b = bytes[i];
            if (b == '\n') {
                lines++;
                open = false;
                i++;
            } else if (b == '\r') {
                lines++;
                open = false;
                if (i + 1 < bytes.length && bytes[i + 1] == '\n') i += 2;
                else if (i + 2 < bytes.length && bytes[i + 1] == '\r' && bytes[i + 2] == '\n') i += 3;
                else i++;
            } else {
                open = true;
                i++;
            }
        }
        return open ? lines + 1 : lines;
    }

    static long physicalLines(Path p) throws IOException {
        return physicalLines(Files.readAllBytes(p));
    }
}
