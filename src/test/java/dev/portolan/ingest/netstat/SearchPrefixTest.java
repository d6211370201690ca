package dev.portolan.ingest.netstat;

import dev.portolan.ingest.Inputs;
import dev.portolan.ingest.ReadOptions;
import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.Listener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows as a search tool printed them: 'netstat -ano | findstr /n LISTENING', 'grep -n LISTEN ss.txt', 'grep -r LISTEN
 * collected/' (file names), PowerShell's Select-String -Path (file and line). They were "no netstat/ss rows found".
 */
class SearchPrefixTest {
    @TempDir
    Path dir;

    private ReadResult read(String name, String text) throws Exception {
        return Inputs.read(Source.of(Files.writeString(dir.resolve(name), text)), ReadOptions.defaults());
    }

    @Test
    void lineNumbersBeforeWindowsAndSsRowsAreSearchOutput() throws Exception {
        ReadResult findstr = read("findstr.txt", "5:  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1104\n"
                + "6:  TCP    0.0.0.0:445            0.0.0.0:0              LISTENING       4\n"
                + "9:  TCP    10.0.0.5:49722         10.0.0.1:445           ESTABLISHED     4\n");
        assertThat(findstr.variant()).isEqualTo("windows-netstat");
        assertThat(findstr.problems()).isEmpty();
        assertThat(findstr.listeners()).extracting(Listener::port).containsExactly(135, 445);
        assertThat(findstr.listeners().get(0).pid()).isEqualTo(1104);
        assertThat(findstr.connections()).hasSize(1);
        // the evidence is the line as given, prefix and all
        assertThat(findstr.listeners().get(0).evidence().text()).startsWith("5:  TCP");
        assertThat(findstr.notes()).anySatisfy(n -> assertThat(n).startsWith("3 rows read after a search tool's prefix").contains("'5:'"));
        ReadResult ss = read("grep-n.txt", "2:tcp   LISTEN 0      128          0.0.0.0:22        0.0.0.0:*    users:((\"sshd\",pid=1080,fd=3))\n"
                + "4:udp   UNCONN 0      0            0.0.0.0:68        0.0.0.0:*    users:((\"dhclient\",pid=901,fd=6))\n");
        assertThat(ss.variant()).isEqualTo("ss");
        assertThat(ss.listeners()).extracting(l -> l.proto() + "/" + l.port()).containsExactly("TCP/22", "UDP/68");
    }

    @Test
    void selectStringsFileAndLineAndAWindowsPath() throws Exception {
        ReadResult r = read("select-string.txt", "\n"
                + "C:\\Temp\\web01\\netstat.txt:5:  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1104\n"
                + "C:\\Temp\\web01\\netstat.txt:9:  TCP    10.0.0.5:49722         10.0.0.1:445           ESTABLISHED     4\n\n");
        assertThat(r.problems()).isEmpty();
        assertThat(r.listeners()).extracting(Listener::port).containsExactly(135);
        assertThat(r.connections()).extracting(c -> c.remoteAddress() + ":" + c.remotePort()).containsExactly("10.0.0.1:445");
    }

    @Test
    void rowsOfSeveralFilesAreAProblemAtTheFirstRowOfTheSecond() throws Exception {
        ReadResult r = read("grep-r.txt",
                "web01/ss.txt:tcp   LISTEN 0      128          0.0.0.0:22        0.0.0.0:*\n"
                + "web01/ss.txt:tcp   LISTEN 0      511          0.0.0.0:80        0.0.0.0:*\n"
                + "web02/ss.txt:tcp   LISTEN 0      128          0.0.0.0:22        0.0.0.0:*\n"
                + "web02/ss.txt:tcp   LISTEN 0      128          0.0.0.0:3306      0.0.0.0:*\n");
        assertThat(r.listeners()).extracting(Listener::port).contains(22, 80, 3306);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.evidence().line()).isEqualTo(3);
            assertThat(p.message()).isEqualTo("rows of another file ('web02/ss.txt') after rows of 'web01/ss.txt': a search across"
                    + " several files was pasted as one dump; if they are different hosts' dumps, give each host's own");
        });
    }

    @Test
    void aDumpNumberedByCatNReadsAsTheDump() throws Exception {
        // cat -n: every line, headers and blank ones too, behind a right-aligned number and a tab
        Path sample = Path.of("samples/desktop-patrol-unknown-listener/netstat-ano.txt");
        ReadResult plain = Inputs.read(Source.of(sample), ReadOptions.defaults());
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (String l : Files.readAllLines(sample)) numbered.append(String.format("%6d\t%s%n", ++n, l));
        ReadResult r = read("cat-n.txt", numbered.toString());
        assertThat(r.problems()).isEmpty();
        assertThat(r.listeners()).extracting(l -> l.proto() + " " + l.address() + ":" + l.port() + " " + l.pid())
                .isEqualTo(plain.listeners().stream().map(l -> l.proto() + " " + l.address() + ":" + l.port() + " " + l.pid()).toList());
        assertThat(r.connections()).hasSameSizeAs(plain.connections());
        int lines = n;
        assertThat(r.notes()).anySatisfy(x -> assertThat(x).isEqualTo(lines + " lines read without the line number and tab before them (cat -n, nl)"));
    }

    @Test
    void linesWithColonsThatAreNoRowsStayAsTheyWere() throws Exception {
        // a title with a colon, a prompt, an IPv6 row: read as before
        ReadResult r = read("plain.txt", "Active Connections:\n\n"
                + "  Proto  Local Address          Foreign Address        State           PID\n"
                + "  TCP    [::]:135               [::]:0                 LISTENING       912\n"
                + "note: TCP is fine\n");
        assertThat(r.listeners()).extracting(Listener::port).containsExactly(135);
        assertThat(r.notes()).noneSatisfy(n -> assertThat(n).contains("search tool"));
        // the last line is not a row with "note:" before it but text, counted in a note
        assertThat(r.problems()).isEmpty();
        assertThat(r.notes()).contains("1 line of text around the dump (sentences, links, programs' messages) passed over,"
                + " first at line 5");
    }
}
