package dev.portolan.ingest.netstat;

import dev.portolan.ingest.Inputs;
import dev.portolan.ingest.NotAnInputException;
import dev.portolan.ingest.ReadOptions;
import dev.portolan.ingest.Source;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Outputs collected instead of a socket list are named, with what to collect instead; a socket list is never one of them. */
class OtherNetstatOutputTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // what was collected | its first lines (authored in each tool's layout; \n between lines) | what it is said to be
            "linux netstat -rn | Kernel IP routing table\\nDestination     Gateway         Genmask         Flags   MSS Window  irtt Iface\\n0.0.0.0         10.0.2.2        0.0.0.0         UG        0 0          0 eth0 | a routing table",
            "macOS netstat -rn | Routing tables\\n\\nInternet:\\nDestination        Gateway            Flags        Netif Expire\\ndefault            10.0.2.2           UGScg          en0 | a routing table",
            "Windows route print | ===========================================================================\\nInterface List\\n 12...00 15 5d 01 02 03 ......Ethernet adapter\\n===========================================================================\\n\\nIPv4 Route Table | a routing table",
            "linux netstat -i | Kernel Interface table\\nIface      MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\\neth0      1500   4711      0      0 0          815      0      0      0 BMRU | an interface table",
            "BSD netstat -i | Name    Mtu Network       Address              Ipkts Ierrs Idrop    Opkts Oerrs  Coll\\nem0    1500 <Link#1>      08:00:27:aa:bb:cc     4711     0     0      815     0     0 | an interface table",
            "Windows netstat -e | Interface Statistics\\n\\n                           Received            Sent\\n\\nBytes                    1234567         7654321 | an interface table",
            "linux netstat -s | Ip:\\n    Forwarding: 2\\n    4711 total packets received\\nTcp:\\n    81 active connection openings | protocol statistics",
            "Windows netstat -s | \\nIPv4 Statistics\\n\\n  Packets Received                   = 4711 | protocol statistics",
            "/proc/net/netstat | TcpExt: SyncookiesSent SyncookiesRecv SyncookiesFailed\\nTcpExt: 0 0 0 | protocol statistics",
            "ss with a state filter and no socket | Recv-Q Send-Q Local Address:Port  Peer Address:Port Process | a netstat/ss listing without a single socket row",
            "ss -tuna and no socket | $ ss -tuna\\nNetid State  Recv-Q Send-Q Local Address:Port Peer Address:Port | a netstat/ss listing without a single socket row",
            "Windows netstat -ano, header only | \\nActive Connections\\n\\n  Proto  Local Address          Foreign Address        State           PID | a netstat/ss listing without a single socket row",
            "Japanese netstat, title only | \\nアクティブな接続\\n | a netstat/ss listing without a single socket row",
            "lsof without -i | COMMAND     PID   TID             USER   FD      TYPE             DEVICE SIZE/OFF       NODE NAME\\nsystemd       1                   root  cwd       DIR              253,0      224         64 /\\nsystemd       1                   root  txt       REG              253,0  1624520   50331785 /usr/lib/systemd/systemd | lsof output without a socket",
            // real outputs of iproute2 6.1 and net-tools 2.10 on Debian 12 (2026-12-02), shortened
            "ss -s | Total: 25\\nTCP:   5 (estab 2, closed 0, orphaned 0, timewait 0)\\n\\nTransport Total     IP        IPv6 | socket counts (ss -s)",
            "netstat -g | IPv6/IPv4 Group Memberships\\nInterface       RefCnt Group\\n--------------- ------ ---------------------\\nlo              1      224.0.0.1 | multicast group memberships",
            "ss -xa | Netid State  Recv-Q Send-Q Local Address:Port  Peer Address:Port Process\\nu_str ESTAB  0      0                  * 514              * 515 | a netstat/ss listing of UNIX-domain and other non-TCP/UDP sockets only",
            "netstat -lx | Active UNIX domain sockets (only servers)\\nProto RefCnt Flags       Type       State         I-Node   Path\\nunix  2      [ ACC ]     STREAM     LISTENING     2173001  /run/dbus/system_bus_socket | a netstat/ss listing of UNIX-domain and other non-TCP/UDP sockets only",
            "netstat -a with no TCP/UDP socket | Active Internet connections (servers and established)\\nProto Recv-Q Send-Q Local Address           Foreign Address         State\\nActive UNIX domain sockets (servers and established)\\nProto RefCnt Flags       Type       State         I-Node   Path\\nunix  2      [ ACC ]     STREAM     LISTENING     2173001  /run/dbus/system_bus_socket | a netstat/ss listing of UNIX-domain and other non-TCP/UDP sockets only",
            "ss -tlnZ without SELinux | ss: SELinux is not enabled. | a command's error message, not a list of sockets (ss: SELinux is not enabled.)",
            "netstat not installed | bash: netstat: command not found\\n | a command's error message, not a list of sockets (bash: netstat: command not found)",
            "cmd without netstat | 'netstat' is not recognized as an internal or external command,\\noperable program or batch file. | a command's error message",
            // netsh's excluded port ranges, as an OpenTelemetry CI issue pasted them (a sentence, then the table)
            "netsh excludedportrange | Run & .\\\\win-required-ports.ps1\\n\\nProtocol tcp Port Exclusion Ranges\\n\\nStart Port    End Port\\n----------    --------\\n        80          80\\n      5986        5986\\n\\n* - Administered port exclusions. | the ports Windows keeps from programs (netsh interface ipv4 show excludedportrange)",
            "/proc/net/udp6 with no socket | \\x20 sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\\n | a kernel socket table",
    })
    void namesWhatWasCollectedInstead(String what, String lines, String kind) throws Exception {
        byte[] head = lines.replace("\\n", "\n").replace("\\x20", " ").getBytes(StandardCharsets.UTF_8);
        assertThat(OtherNetstatOutput.describe(head)).as(what).hasValueSatisfying(d -> assertThat(d).startsWith(kind));
        assertThat(NetstatReader.sniff(head)).as(what).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"netstat/windows10-netstat-an.out", "netstat/centos-7.7-netstat-l.out", "netstat/freebsd12-netstat-an.out",
            "netstat/osx-10.14.6-netstat-An.out", "ss/ubuntu-18.04-ss-sudo-tulpen.out"})
    void aSocketListIsNone(String corpusFile) throws Exception {
        byte[] head = Source.of(NetstatTestSupport.shared("corpus").resolve(corpusFile)).head(8192);
        assertThat(OtherNetstatOutput.describe(head)).isEmpty();
    }

    @Test
    void theReadErrorSaysWhatItIsAndWhatToCollect(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path routes = Files.writeString(dir.resolve("netstat-r.txt"), "Kernel IP routing table\n"
                + "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n"
                + "0.0.0.0         10.0.2.2        0.0.0.0         UG        0 0          0 eth0\n");
        assertThatThrownBy(() -> Inputs.read(Source.of(routes), ReadOptions.defaults()))
                .isInstanceOf(NotAnInputException.class)
                .hasMessage(routes + ": not a recognised input: it looks like a routing table (netstat -r, route print), not a list"
                        + " of sockets; collect 'netstat -ano' (Windows), 'ss -tunap' or 'netstat -tunap' (Linux) or 'netstat -an' (macOS/BSD)");
        Path other = Files.writeString(dir.resolve("notes.txt"), "nothing here\n");
        assertThatThrownBy(() -> Inputs.read(Source.of(other), ReadOptions.defaults()))
                .hasMessageEndingWith("not a recognised input (expected a netstat/ss dump, a Windows Firewall log (pfirewall.log) "
                        + "or a pcap/pcapng capture; gzip is fine)");
    }
}
