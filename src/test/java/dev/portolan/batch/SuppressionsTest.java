package dev.portolan.batch;

import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SuppressionsTest {
    static final String HEADER = "host,product_role,proto,port,code,reason,expires\n";
    static final LocalDate TODAY = LocalDate.of(2026, 11, 30);

    static Finding f(FindingCode code, Protocol proto, int port, String product, String role) {
        return Finding.of(code).proto(proto).port(port).address("0.0.0.0").product(product).role(role).build();
    }

    static HostResult host(String name, Finding... findings) {
        return new HostResult(name, "windows", null, List.of(), List.of(findings), List.of(), List.of(), false);
    }

    static Suppressions read(Path dir, String body) throws IOException {
        Path p = dir.resolve("s.csv");
        Files.writeString(p, HEADER + body, StandardCharsets.UTF_8);
        return Suppressions.read(p, TODAY);
    }

    @Test
    void globsWildcardsRangesAndExpiry(@TempDir Path dir) throws IOException {
        Suppressions s = read(dir, """
                web-*,*,tcp,8000-8099,UNKNOWN_LISTENER,web consoles,
                *,jp1-itdm:*,*,*,EXPOSED_INTERNAL,segment firewall,2026-11-30
                db-0?,*,udp,*,*,old,2026-11-29
                *,*,tcp,9999,*,never matches,
                """);
        Finding web = f(FindingCode.UNKNOWN_LISTENER, Protocol.TCP, 8080, null, null);
        Finding jp1 = f(FindingCode.EXPOSED_INTERNAL, Protocol.TCP, 31008, "jp1-itdm", "management-server");
        Finding udp = f(FindingCode.UNKNOWN_LISTENER, Protocol.UDP, 161, null, null);
        Suppressions.Applied a = s.apply(host("WEB-01", web, jp1, udp));
        assertThat(a.kept().findings()).containsExactly(udp);
        assertThat(a.suppressed()).extracting(x -> x.rule().reason()).containsExactly("web consoles", "segment firewall");
        // a host that the glob does not match keeps its finding; ? is one character
        assertThat(s.apply(host("mail-01", web)).suppressed()).isEmpty();
        assertThat(s.apply(host("db-01", udp)).kept().findings()).containsExactly(udp); // expired yesterday
        assertThat(s.notes()).extracting(Suppressions.Note::warning, Suppressions.Note::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple(true, dir.resolve("s.csv") + ":4: suppression expired on 2026-11-29 and no longer suppresses "
                        + "(host=db-0? product_role=* proto=udp port=* code=*; reason: old)"),
                org.assertj.core.groups.Tuple.tuple(false, dir.resolve("s.csv") + ":5: suppression matched no finding "
                        + "(host=* product_role=* proto=tcp port=9999 code=*)"));
    }

    @Test
    void badRowsNameFileAndLine(@TempDir Path dir) {
        String p = dir.resolve("s.csv").toString();
        assertThatThrownBy(() -> read(dir, "a,*,tcp,80,*,ok,\nb,*,tcpx,80,*,ok,\n")).hasMessage(p + ":3: bad proto 'tcpx' (expected tcp, udp, icmp, icmpv6, other, sctp, dccp, udplite or *)");
        assertThatThrownBy(() -> read(dir, "a,*,tcp,99999,*,ok,\n")).hasMessageStartingWith(p + ":2: bad port '99999'");
        assertThatThrownBy(() -> read(dir, "a,*,tcp,80,UNKNOWN,ok,\n")).hasMessageStartingWith(p + ":2: unknown code 'UNKNOWN'");
        assertThatThrownBy(() -> read(dir, "a,*,tcp,80,*,,\n")).hasMessageStartingWith(p + ":2: empty reason");
        // found by fuzzing: Commons CSV's unchecked error for an unclosed quote escaped as a crash
        assertThatThrownBy(() -> read(dir, "a,*,tcp,80,*,ok,\nb,*,tcp,81,*,\"open,\n")).isInstanceOf(IOException.class)
                .hasMessage(p + ":3: a quote opened on this line is never closed");
        assertThatThrownBy(() -> read(dir, "a,*,tcp,80,*,ok,31/12/2026\n")).hasMessageStartingWith(p + ":2: bad expires '31/12/2026'");
        assertThatThrownBy(() -> read(dir, "*,*,*,*,*,everything,\n")).hasMessageStartingWith(p + ":2: a row of only wildcards");
        assertThatThrownBy(() -> {
            Path q = dir.resolve("h.csv");
            Files.writeString(q, "host,port\nx,1\n", StandardCharsets.UTF_8);
            Suppressions.read(q, TODAY);
        }).hasMessage(dir.resolve("h.csv") + ":1: suppression file needs the header host,product_role,proto,port,code,reason,expires");
    }
}
