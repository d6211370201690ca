package dev.portolan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.portolan.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A manifest's os cell (or --os) that the inputs contradict — windows for a host whose dump is ss — silently checked the
 * wrong OS baseline: sshd became an unknown listener and nothing said why. Now a warning names both.
 */
class DeclaredOsCliTest {
    private static final String SS = "src/test/resources/fixtures/netstat/linux/ss-tulpn.txt";
    private static final String WINDOWS = "samples/desktop-patrol-unknown-listener/netstat-ano.txt";
    private static final String LOG = "../shared/corpus/firewall/rafaelnett-Lab_03-pfirewall.log";

    @TempDir
    Path dir;

    private static List<String> declared(CliTest.Run r) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode h : new ObjectMapper().readTree(r.out()).get("hosts")) {
            for (JsonNode f : h.get("findings")) {
                String m = f.get("message").asText();
                if (f.get("code").asText().equals("INPUT_PROBLEM") && m.contains(" is declared ")) out.add(f.get("severity").asText() + " " + m);
            }
        }
        return out;
    }

    private static List<String> codes(CliTest.Run r, int port) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode f : new ObjectMapper().readTree(r.out()).get("hosts").get(0).get("findings")) {
            if (f.get("port").asInt() == port) out.add(f.get("code").asText());
        }
        return out;
    }

    @Test
    void aLinuxDumpOfAHostDeclaredWindowsIsAWarningNamingBoth() throws Exception {
        Path hosts = Files.writeString(dir.resolve("hosts.csv"), "host,addresses,os,roles\nweb01,,windows,\nweb02,,linux,\nweb03,,,\n");
        CliTest.Run wrong = run("audit", "--host", "web01", "--hosts", hosts.toString(), "--format", "json", SS);
        assertThat(declared(wrong)).containsExactly("warning web01 is declared windows (--os or the hosts manifest's os cell), but its"
                + " input is linux output (ss): the OS baseline and ephemeral range checked are windows's, so linux's own services"
                + " may show as unknown listeners; if web01 runs linux, correct the os (or leave it empty: the input tells) and"
                + " audit again");
        // which is what happened: sshd was no OS service of a Windows host
        assertThat(codes(wrong, 22)).contains("UNKNOWN_LISTENER");
        CliTest.Run right = run("audit", "--host", "web02", "--hosts", hosts.toString(), "--format", "json", SS);
        assertThat(declared(right)).isEmpty();
        assertThat(codes(right, 22)).doesNotContain("UNKNOWN_LISTENER");
        assertThat(declared(run("audit", "--host", "web03", "--hosts", hosts.toString(), "--format", "json", SS))).isEmpty();
    }

    @Test
    void theOsFlagAndFirewallLogsAreCheckedTooAndWindowsLegacyIsWindows() throws Exception {
        assertThat(declared(run("audit", "--host", "10.0.0.5", "--os", "linux", "--format", "json", LOG)))
                .singleElement().asString().contains("is declared linux").contains("its input is windows output (pfirewall");
        assertThat(declared(run("audit", "--host", "ws01", "--os", "windows-legacy", "--format", "json", WINDOWS))).isEmpty();
        assertThat(declared(run("audit", "--host", "mac01", "--os", "macos", "--format", "json", WINDOWS)))
                .singleElement().asString().contains("is declared macos").contains("its input is windows output (windows-netstat)");
    }
}
