package dev.portolan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.portolan.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** No silent wrong answers: a manifest, --set, --role or catalog name that means nothing is exit 2 with the fix. */
class ValidationTest {
    static final String HEALTHY = CliTest.HEALTHY;
    static final String CAPTURE = "samples/deliverymanager-capture/deliverymanager.pcap";

    @Test
    void aManifestIsCheckedLikeTheCommandLineWithEveryProblemAndItsLine(@TempDir Path dir) throws Exception {
        Path m = dir.resolve("hosts.csv");
        Files.writeString(m, String.join("\n",
                "host,addresses,os,roles,settings",
                "dm-manager,192.0.2.10,windows,deliverymanager:mgr,deliverymanager.relya=no",
                "dm-agent,192.0.2.20,win,deliverymanager:agent,deliverymanager.relay=no",
                "ws-1,10.0.0.300,windows,clientmanager:client,clientmanager.version=latest",
                "dm-agent,192.0.2.21,windows,deliverymanager:agent,",
                "dm-agent2,192.0.2.10,windows,deliverymanager:agent,relay=maybe", ""));
        CliTest.Run r = run("audit", "--hosts", m.toString(), CAPTURE);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).containsExactly(
                "portolan: " + m + ":2: unknown role 'deliverymanager:mgr' (did you mean deliverymanager:manager?)",
                "portolan: " + m + ":2: no catalog condition reads the setting 'deliverymanager.relya' (did you mean deliverymanager.relay?)",
                "portolan: " + m + ":3: unknown OS 'win' (expected windows, windows-legacy, linux, macos, freebsd, openbsd, solaris or aix; did you mean windows?)",
                "portolan: " + m + ":4: invalid address '10.0.0.300' (expected IPv4 such as 10.0.0.5 or IPv6 such as fe80::1)",
                "portolan: " + m + ":4: 'latest' is not a version number: the catalog compares clientmanager.version as a version (e.g. 4.0)",
                "portolan: " + m + ":5: host 'dm-agent' is already described at line 3",
                "portolan: " + m + ":6: 'maybe' is not yes or no: the catalog tests deliverymanager.relay=yes/no",
                "portolan: " + m + ":6: address 192.0.2.10 is already given to host 'dm-manager' (line 2)");
    }

    @Test
    void aValidManifestWithABareKeyStillAudits(@TempDir Path dir) throws Exception {
        Path m = dir.resolve("hosts.csv");
        Files.writeString(m, "host,addresses,os,roles,settings\n"
                + "dm-manager,192.0.2.10,windows,deliverymanager:manager,relay=no\n"
                + "dm-agent,192.0.2.20,windows,deliverymanager:agent,deliverymanager.relay=no\n");
        CliTest.Run r = run("audit", "--hosts", m.toString(), "--host", "dm-manager", "--fail-on", "warning", CAPTURE);
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("settings:  deliverymanager.relay=no").contains("DIRECTION_MISMATCH");
    }

    /** The issue's case: a bare version also set os-windows.version, and six healthy RPC listeners became warnings. */
    @Test
    void aBareSetKeyBelongsOnlyToTheProductsOfTheHostsRoles() {
        CliTest.Run bare = run("audit", "--role", "clientmanager:manager", "--set", "version=4.33", HEALTHY);
        CliTest.Run qualified = run("audit", "--role", "clientmanager:manager", "--set", "clientmanager.version=4.33", HEALTHY);
        assertThat(bare.code()).isZero();
        // the RPC listeners 49664-49669 stay notices of the heuristic row win-24 (no process names in -ano), never warnings
        assertThat(bare.out()).doesNotContain("WARNING").contains("settings:  clientmanager.version=4.33")
                .contains("PASS (fail-on error): 0 error, 0 warning, 6 notice, 18 info");
        assertThat(bare.out().replaceAll("generated \\S+", "")).isEqualTo(qualified.out().replaceAll("generated \\S+", ""));
    }

    @Test
    void anAmbiguousOrUnknownSetKeyIsRefused() {
        CliTest.Run amb = run("audit", "--role", "clientmanager:manager", "--role", "filetransfer:ft", "--set", "version=4.33", HEALTHY);
        assertThat(amb.code()).isEqualTo(2);
        assertThat(amb.err()).startsWith("portolan: the setting 'version' is ambiguous for this host's products: "
                + "write clientmanager.version or filetransfer.version\n");
        CliTest.Run noRoles = run("audit", "--infer-roles", "--set", "version=4.33", HEALTHY);
        assertThat(noRoles.code()).isEqualTo(2);
        assertThat(noRoles.err()).startsWith("portolan: the setting 'version' needs its product: the host has no roles to say which "
                + "product it belongs to (write PRODUCT.version: clientmanager.version, filetransfer.version, os-windows.version)\n");
        CliTest.Run typo = run("audit", "--role", "clientmanager:manager", "--set", "clientmanager.verison=4.33", HEALTHY);
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).startsWith("portolan: no catalog condition reads the setting 'clientmanager.verison' "
                + "(did you mean clientmanager.version?)\n");
        CliTest.Run value = run("audit", "--role", "clientmanager:manager", "--set", "clientmanager.version=latest", HEALTHY);
        assertThat(value.code()).isEqualTo(2);
        assertThat(value.err()).contains("'latest' is not a version number");
    }

    @Test
    void rolesAndOsNamesSuggestTheNearestValidName() {
        CliTest.Run bare = run("audit", "--role", "manager", HEALTHY);
        assertThat(bare.code()).isEqualTo(2);
        assertThat(bare.err()).startsWith("portolan: bad role 'manager': expected PRODUCT:ROLE "
                + "(did you mean clientmanager:manager or deliverymanager:manager?)\n");
        assertThat(run("audit", "--role", "deliverymanager:mgr", HEALTHY).err())
                .startsWith("portolan: unknown role 'deliverymanager:mgr' (did you mean deliverymanager:manager?)\n");
        CliTest.Run os = run("audit", "--role", "clientmanager:manager", "--os", "win", HEALTHY);
        assertThat(os.code()).isEqualTo(2);
        assertThat(os.err()).startsWith("portolan: unknown OS 'win' (expected windows, windows-legacy, linux, macos, freebsd, openbsd, solaris or aix; did you mean windows?)\n");
        CliTest.Run addr = run("audit", "--role", "clientmanager:manager", "--host", "10.0.0.300", HEALTHY);
        assertThat(addr.code()).isEqualTo(2);
        assertThat(addr.err()).startsWith("portolan: invalid address '10.0.0.300'");
    }

    @Test
    void catalogCommandsRefuseUnknownNames() {
        CliTest.Run role = run("catalog", "list", "--role", "clientmanager:mgr");
        assertThat(role.code()).isEqualTo(2);
        assertThat(role.err()).startsWith("portolan: unknown role 'clientmanager:mgr' (did you mean clientmanager:manager?)\n");
        CliTest.Run products = run("catalog", "conflicts", "--products", "clientmanagr,deliverymanager");
        assertThat(products.code()).isEqualTo(2);
        assertThat(products.err()).startsWith("portolan: unknown product 'clientmanagr' (did you mean clientmanager?)\n");
        assertThat(run("catalog", "list", "--product", "serverprotekt").err())
                .startsWith("portolan: unknown product 'serverprotekt' (did you mean serverprotect?)\n");
        CliTest.Run ok = run("catalog", "list", "--role", "serverprotect:normal-server");
        assertThat(ok.code()).isZero();
    }

    @Test
    void lintFlagsAMistypedConditionKeyAndListsIssuesInLineOrder(@TempDir Path dir) throws Exception {
        String header = "id,product,role,port,protocol,initiator,source_port,conditions,fallback,configurable,firewall_exception,"
                + "required,purpose,source,notes,process\n";
        Files.writeString(dir.resolve("site.csv"), header
                + "x-01,clientmanager,manager,4444,tcp,clientmanager:client,ephemeral,verison>=1,,no,no,yes,Test row,site,,\n"
                + "x-02,clientmanager,manager,4445,tcp,nobody:here,ephemeral,,,no,no,yes,Test row,site,,\n"
                + "x-03,clientmanager,manager,4446,udp,clientmanager:client,ephemeral,snmp=yes,4446,no,no,yes,Test row,site,,\n");
        CliTest.Run r = run("catalog", "lint", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        Path f = dir.resolve("site.csv");
        assertThat(r.out().lines()).containsExactly(
                f + ":2: warning: row x-01: unknown condition key 'clientmanager.verison': no other row reads it "
                        + "(did you mean clientmanager.version?)",
                f + ":3: error: row x-02: unknown initiator role 'nobody:here' (not a listening role of any row and not declared in a roles*.csv file)",
                f + ":4: error: row x-03: fallback 4446 overlaps the primary ports 4446",
                "2 error(s), 1 warning(s)");
    }
}
