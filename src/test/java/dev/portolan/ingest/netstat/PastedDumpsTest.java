package dev.portolan.ingest.netstat;

import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.InputProblem;
import dev.portolan.model.Listener;
import dev.portolan.model.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.util.List;

import static dev.portolan.ingest.netstat.NetstatTestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dumps as other people pasted them into notes, tutorials and docstrings (fixtures/netstat/pasted/SOURCES.md): the
 * prompts of themed shells and FreeBSD's root shell, a prompt alone, a command echoed without one, a Markdown fence
 * right after the last row, sockstat's UNIX-domain rows, a Solaris dump indented as a code block, in a web page's
 * paragraph tags or without its section titles; the text around them
 * in notes and issue threads (sentences, headings, captions, links, other commands' output). Every socket row is read;
 * text is counted in a note, and only what may be a row left unread (an elision, a redacted or damaged row, a line of
 * no known kind) is a problem.
 */
class PastedDumpsTest {
    private final NetstatReader reader = new NetstatReader();

    private ReadResult read(String name) throws Exception {
        return reader.read(Source.of(fixture("pasted/" + name)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // file, variant, listeners, connections, problem lines (;-separated line numbers)
            "fr-ano-arthu.txt,         windows-netstat,    59, 8, ''",
            "zh-ano-findstr.txt,       windows-netstat,     8, 0, ''",
            "ps-tcp-korean-where.txt,  windows-powershell,  2, 1, ''",
            "sockstat-ns1.txt,         bsd-sockstat,       11, 1, ''",
            "sockstat-tabbed.txt,      bsd-sockstat,        3, 3, '15'",
            "mac-netstat-anvp-awk.txt, bsd-netstat,        13, 0, ''",
            "mac-lsof-Pn-i4.txt,       bsd-lsof,            4, 6, ''",
            "ka-ss-tunlp.txt,          ss,                 23, 0, ''",
            "solaris-f-inet-salt.txt,  solaris-netstat,     0, 2, ''",
            "smartos-f-inet-an.txt,    solaris-netstat,     4, 0, ''",
            "es-thm-abon-elided.txt,   windows-netstat,     5, 1, '14;23'",
            "abno-md-indented4.txt,    windows-netstat,     4, 2, '21'",
            "pt-notes-ipconfig-ping-tracert-route.txt, windows-netstat, 0, 15, ''",
            "fr-fragments-captions-links.txt,          windows-netstat, 2, 3, ''",
            "zh-ps-getnettcp-then-formatlist.txt,      windows-powershell, 1, 0, ''",
            "issue-busybox-prose-after.txt,            linux-netstat,   0, 1, ''",
            "issue-macos-del-uname.txt,                bsd-netstat,     1, 0, ''",
            "issue-opnsense-sockstat-inline.txt,       bsd-sockstat,    4, 0, '22;27;35'",
            "issue-centos6-sockstat-file-elided.txt,   linux-netstat,   7, 0, '26;27;28;29'",
            "zh-xp-ano-in-java-comments.txt,           windows-legacy-netstat, 22, 1, ''",
            "ja-ps-session-two-tables-rightaligned.txt, windows-powershell, 8, 0, ''",
            "fr-ps-pscustomobject-state-rightaligned.txt, windows-powershell, 37, 41, ''",
            "thm-udpendpoint-select-wildcard-column.txt, windows-powershell, 15, 0, ''",
            "de-linux-netstat-tupan-verbunden.txt,     linux-netstat,   23, 2, ''",
            "es-linux-netstat-atop-apagado-timer.txt,  linux-netstat,    6, 0, '7'",
            "fr-linux-lsof-ip6-localhost.txt,          linux-lsof,      18, 4, ''",
            "ja-linux-netstat-double-star.txt,         linux-netstat,    9, 0, '16'",
            "opensolaris-zone-html-p.txt,              solaris-netstat,  7, 0, ''",
            "omnios-nuf-inet-no-title.txt,             solaris-netstat,  0, 2, ''",
            "mac-netstat-anv-pid-epid.txt,             bsd-netstat,     45, 19, ''",
            "openbsd-netstat-a-p-tcp-lo0.txt,          unix-netstat,     7, 2, ''",
            "mac-netstat-anv-hash-comments.txt,        bsd-netstat,      1, 0, '6;10;12'",
            "mac-lsof-netstat-in-javadoc.txt,          bsd-lsof,         2, 0, '4'",
            "zh-ps-findstr-row-wrapped-onto-prompt.txt, windows-netstat, 2, 0, ''",
            "mac-netstat-La-listen-queues.txt,         bsd-netstat,     11, 0, '14'",
            "openbsd-fstat-n-grep-udp.txt,             openbsd-fstat,    5, 5, ''",
            "openbsd-netstat-then-fstat.txt,           openbsd-netstat, 19, 1, ''",
            "zhtw-anob-owner-on-row.txt,               windows-netstat,  9, 0, '13'",
            // text around dumps in notes: a Markdown table, labelled values ("ip dst :  172.65.252.253", "Mon ip et mon
            // port : 10.33.70.185:63608"), an owner line moved above its row, a file tree, fences typed as three quotes,
            // a PowerShell cmdlet after a bare ">" prompt; what stays a problem is a lone word (a caption, a heading)
            "flair-fr-de-triple-quote-fences.txt,      windows-netstat,  2, 0, '12'",
            "fr-a-hostname0-md-table-after.txt,        windows-netstat, 10, 0, '19'",
            "fr-tp-exe-above-rows-labelled-values.txt, windows-netstat,  0, 11, '33'",
            "fr-labelled-ip-port-hash-comments.txt,    windows-netstat,  0, 5, ''",
            "ru-rst-code-block-file-tree.txt,          windows-netstat, 17, 2, '38;43'",
            "ru-notes-gt-prompt-cmdlet.txt,            windows-netstat,  1, 0, ''",
            // a cmdlet whose first argument is a bare word (Get-CimInstance Win32_Service …) names its table as another
            // command's output; tasklist /v rows pasted without their header; a one-word list item ("- TCPView")
            "es-mkdocs-aon-then-ciminstance-tables.txt, windows-netstat, 15, 6, ''",
            "ps-established-anob-more-tasklist-rows.txt, windows-powershell, 5, 2, ''",
            // a heading with a time of day ("## Turn 8 — 2026-04-24 23:55:10 UTC") above a connection's full property list
            "ps-chatlog-nettcp-full-property-list.txt, windows-powershell, 1, 0, ''",
            // Markdown emphasis stars glued to a block's first and last lines ("***Proto …", "TIME_WAIT***", "*:****"),
            // a label before a command in backticks ("Parancs: `ping microsoft.com`"), an image alone
            "hu-details-emphasis-stars-netstat-f.txt,  windows-netstat, 12, 15, ''",
            // netstat's own help (netstat /?, Chinese) is no socket list; numbered captions ("1. 帮助文档") are text
            "issue-zh-netstat-help-then-ano.txt,       windows-netstat,  0, 2, ''",
            "openwrt-netstat-tulnp-hash-notes.txt,     linux-netstat,    4, 0, '10'",
            "fr-readme-netstat-ntap-arrow-note.txt,    linux-netstat,    2, 0, '39'",
            "android-tv-root-prompt-kernel-log.txt,    linux-netstat,    1, 0, '18;25'",
            "zh-ss-amp-logger-timestamps.txt,          ss,               8, 3, ''",
            "zh-netstat-ano-sentence-with-addresses.txt, linux-netstat,  3, 3, ''",
            "zh-book-netstat-no-queues-callouts.txt,   linux-netstat,    5, 1, '12;23'",
            "zh-ss-o-state-filter-timer-hostmon.txt,   ss,               2, 2, ''",
            "sr-ss-tenp-definition-list.txt,           ss,               1, 1, ''",
            "zh-ss-ltnp-wrapped-then-netstat-s-ss-s.txt, ss,             2, 0, ''",
            "kali-prompt-adb-busybox-tlnup.txt,        linux-netstat,    4, 0, ''",
            "ko-kubectl-exec-busybox-alntp-ps.txt,     linux-netstat,    2, 4, ''",
            "debian12-session-grep-wc-netstat-g.txt,   linux-netstat,    0, 3, ''",
            "sadservers-session-cat-conf-curl-html.txt, linux-netstat,   7, 0, ''",
            "zh-mac-zsh-folder-prompt-mongod-lsof.txt, bsd-lsof,         1, 0, ''",
            "issue-mac-lsof-percent-prompt-commplex.txt, bsd-lsof,       4, 0, ''",
            "claude-code-mac-lsof-wrapped-80col.txt,   bsd-lsof,         2, 4, '5;23;24'",
            "junos-show-system-connections-grep.txt,   freebsd-netstat,  1, 1, ''",
            "hpux-netstat-an-finet-inspec.txt,         unix-netstat,     5, 3, ''",
            "issue-mac-row-quoted-in-code-span.txt,    bsd-netstat,      1, 0, ''",
            "bastille-jails-gentoo-prompt-sockstat.txt, bsd-sockstat,    6, 0, '17;18;19'",
            "sr-chat-export-mac-lsof-timestamps.txt,   bsd-lsof,         1, 2, ''",
            "zhtw-solaris-pfiles-pid.txt,              solaris-pfiles,   1, 0, ''",
            "issue-zh-template-rows-sentence-after.txt, windows-netstat, 2, 0, ''",
            // a log viewer's time of day alone on a line ("21:57:26"), the container ID "docker run -d" printed: text
            "issue-log-times-alone-then-ps-findstr.txt, windows-netstat, 1, 0, ''",
            "issue-docker-run-id-then-dollar-netstat.txt, windows-netstat, 0, 10, '29'",
            // sentences in Chinese naming a command and a PID ("使用 kill -9 7300", "kill-15 7300 刪除process卻都沒反應")
            "issue-zhtw-template-row-command-in-sentence.txt, windows-netstat, 1, 0, ''",
            // a quoted callout's "> <...SNIP...>" is the one problem (an elision); HTML comments around it are text
            "md-callout-ano-snip-html-comments.txt,   windows-netstat, 6, 0, '25'",
            "ps-script-select-string-context-as-comments.txt, windows-netstat, 4, 0, ''",
    })
    void everySocketRowIsReadAndOnlyWhatMayBeAnUnreadRowIsAProblem(String file, String variant, int listeners, int connections,
            String problemLines) throws Exception {
        assertThat(NetstatReader.sniff(Files.readAllBytes(fixture("pasted/" + file)))).as("recognised").isTrue();
        ReadResult r = read(file);
        assertThat(r.variant()).isEqualTo(variant);
        assertThat(r.listeners()).hasSize(listeners);
        assertThat(r.connections()).hasSize(connections);
        List<Long> lines = r.problems().stream().map(p -> p.evidence().line()).toList();
        List<Long> expected = problemLines.isEmpty() ? List.of()
                : java.util.Arrays.stream(problemLines.split(";")).map(Long::parseLong).toList();
        assertThat(lines).as(r.problems().stream().map(InputProblem::toString).toList().toString()).isEqualTo(expected);
    }

    /**
     * A Chinese sentence right under the rows, written without a space, is no netstat -b component (a service's key name,
     * always in Latin letters): it was the owner of both sockets on port 10808.
     */
    @Test
    void aSentenceInChineseUnderTheRowsIsNoComponentOfTheirs() throws Exception {
        assertThat(read("issue-zh-template-rows-sentence-after.txt").listeners())
                .extracting(l -> l.address() + " " + l.port() + " " + l.process())
                .containsExactly("0.0.0.0 10808 null", ":: 10808 null");
    }

    /**
     * An elision in words under the last row ("<...SNIP...>") stands for rows left out: it is no netstat -b component of
     * that row (it was the process of the listener on 3389).
     */
    @Test
    void anElisionInAngleBracketsIsNoComponentOfTheRowAbove() throws Exception {
        assertThat(read("md-callout-ano-snip-html-comments.txt").listeners()).extracting(l -> l.port() + " " + l.process())
                .contains("3389 null");
    }

    /**
     * What "netstat -anob | Select-String … -Context 1" printed, kept as a script's comments: each match marked "> " after
     * the "#", and around it the executable lines of rows not shown. Every row is read, each with the executable right
     * under it (the second one under 50200 is the line above the next, unshown, row).
     */
    @Test
    void selectStringMatchesInCommentsAreRowsWithTheExecutableUnderThem() throws Exception {
        assertThat(read("ps-script-select-string-context-as-comments.txt").listeners())
                .extracting(l -> l.address() + " " + l.port() + " " + l.pid() + " " + l.process())
                .containsExactly("0.0.0.0 50000 2196 sqlservr.exe", "0.0.0.0 50100 2196 sqlservr.exe",
                        "192.168.56.155 50200 2196 sqlservr.exe", ":: 50000 2196 sqlservr.exe");
    }

    /**
     * A Solaris/illumos section without its title ("TCP: IPv4"): its column header says which, and netstat -u's User, Pid
     * and Command columns give the owner (the OmniOS paste was "not a recognised input").
     */
    @Test
    void aSolarisSectionWithoutItsTitleIsToldByItsHeader() throws Exception {
        ReadResult r = read("omnios-nuf-inet-no-title.txt");
        assertThat(r.connections()).extracting(c -> c.proto() + " " + c.localPort() + " " + c.pid() + " " + c.process())
                .containsExactly("TCP 22 531 sshd", "TCP 22 533 sshd");
    }

    /**
     * macOS netstat -anv whose header ends "rhiwat shiwat pid epid" (no state and options columns: every pid was lost);
     * BSD's loopback link-local address fe80::1%lo0 is loopback (OpenBSD's sendmail on it was an exposed listener);
     * dumps written as comments, "#" without a space and Javadoc's " * ", are read.
     */
    @Test
    void macPidsLoopbackLinkLocalAndCommentedDumps() throws Exception {
        ReadResult anv = read("mac-netstat-anv-pid-epid.txt");
        assertThat(anv.listeners()).allSatisfy(l -> assertThat(l.pid()).isPositive());
        assertThat(anv.listeners()).anyMatch(l -> l.port() == 631 && l.pid() == 196);
        // macOS cut its IPv6 addresses to the column ("2603:6010:7c00:4.51737"): said in a note
        assertThat(anv.notes()).anyMatch(n -> n.matches("\\d+ addresses were cut short by netstat's column width \\(e\\.g\\. '2603:6010:7c00:4'\\).*"));
        assertThat(read("issue-kippo-established-only.txt").notes())
                .anyMatch(n -> n.startsWith("1 address was cut short by netstat's column width (e.g. 'ec2-54-93-54-143.')"));
        ReadResult openbsd = read("openbsd-netstat-a-p-tcp-lo0.txt");
        assertThat(openbsd.listeners()).filteredOn(l -> l.port() == 25).hasSize(3)
                .allSatisfy(l -> assertThat(dev.portolan.model.Addresses.isLoopback(l.address())).as(l.address()).isTrue())
                .anyMatch(l -> l.address().equals("fe80::1%lo0"));
        assertThat(read("mac-netstat-anv-hash-comments.txt").listeners()).singleElement()
                .satisfies(l -> assertThat(l.port() + " " + l.pid()).isEqualTo("80 92386"));
        // -b's owner written onto the row after the PID: read as the process (it was dropped without a word)
        assertThat(read("zhtw-anob-owner-on-row.txt").listeners()).extracting(l -> l.port() + " " + l.process())
                .contains("135 svchost.exe (RpcSs)", "623 LMS.exe", "5040 svchost.exe (CDPSvc)", "6646 MMSSHOST.EXE", "445 null");
        // a row the console wrapped onto the prompt's line (after the rest of its width in spaces) was lost silently
        assertThat(read("zh-ps-findstr-row-wrapped-onto-prompt.txt").listeners()).extracting(l -> l.address() + ":" + l.port())
                .containsExactly("0.0.0.0:3306", ":::3306");
        assertThat(read("mac-lsof-netstat-in-javadoc.txt").listeners()).extracting(l -> l.proto() + " " + l.port() + " " + l.process())
                .contains("UDP 2222 null");
    }

    /**
     * From the 2026-12-02 sweeps: elisions in words are elisions (they were text, or a header right under one); other
     * commands' lines written beside a dump (iptables rules, /etc/hosts and resolv.conf) are other output; commands
     * written without a prompt after sudo, or a program that shows a file or runs one elsewhere, are commands; a web
     * page's escaped prompt is a prompt.
     */
    @Test
    void elisionsInWordsOtherFilesAndBareCommands(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        for (String e : new String[] {"........ETC tot asa.......", "...중략", "[snip]", "(省略)", "... snip ...", "<output truncated>"}) {
            assertThat(NetstatParser.wordyElision(e)).as(e).isTrue();
        }
        for (String e : new String[] {"...and then I ran netstat", "Mail truncated by the list", "tcp 0 0 ... ESTABLISHED"}) {
            assertThat(NetstatParser.wordyElision(e)).as(e).isFalse();
        }
        for (String l : new String[] {"0     0 REJECT     all  --  *      eno1    0.0.0.0/0            0.0.0.0/0",
                "ACCEPT     tcp  --  anywhere             anywhere             tcp dpt:ssh", "Chain INPUT (policy ACCEPT 0 packets, 0 bytes)",
                "127.0.0.1\tlocalhost", "::1\t\tlocalhost ip6-localhost ip6-loopback", "search .", "nameserver 10.0.0.2"}) {
            assertThat(OtherNetstatOutput.otherCommandLine(l.replace("\\t", "\t"))).as(l).isNotNull();
        }
        assertThat(OtherNetstatOutput.otherCommandLine("tcp 0 0 127.0.0.1:25 0.0.0.0:* LISTEN")).isNull();
        assertThat(Vocabulary.namedCommand("cat /proc/net/tcp").listsSockets()).isEmpty();
        assertThat(Vocabulary.namedCommand("sudo iptables -vnL | grep -i 8888").listsSockets()).contains(false);
        assertThat(Vocabulary.namedCommand("adb connect 192.168.0.110:5555")).isNotNull();
        assertThat(Vocabulary.namedCommand("cat is on the keyboard")).isNull();
        java.nio.file.Path f = dir.resolve("page.txt");
        Files.writeString(f, "PS C:\\&gt; Get-NetTCPConnection -State Listen\n\nLocalAddress LocalPort RemoteAddress RemotePort State  AppliedSetting OwningProcess\n"
                + "------------ --------- ------------- ---------- -----  -------------- -------------\n"
                + "0.0.0.0      135       0.0.0.0       0          Listen                1040\n");
        ReadResult page = reader.read(Source.of(f));
        assertThat(page.problems()).isEmpty();
        assertThat(page.listeners()).singleElement().satisfies(l -> assertThat(l.port() + " " + l.pid()).isEqualTo("135 1040"));
        // the command as Markdown inline code, under Junos's banner
        Files.writeString(f, Files.readString(f).replace("PS C:\\&gt; Get-NetTCPConnection -State Listen",
                "{master:0}\n`Get-NetTCPConnection -State Listen | ft -auto`"));
        assertThat(Vocabulary.isConsoleBanner("{master:0}")).isTrue();
        ReadResult code = reader.read(Source.of(f));
        assertThat(code.problems()).isEmpty();
        assertThat(code.listeners()).hasSize(1);
    }

    /**
     * OpenBSD's fstat lists each process's sockets with its name and PID (its rows were problems, or "not a recognised
     * input"): a TCP socket without a remote end listens, a UDP one is bound, port 0 is none yet. Its client ports
     * (3947, 19339 …) are in OpenBSD's range, 1024-49151.
     */
    @Test
    void openBsdFstatListsSocketsWithTheirProcesses() throws Exception {
        ReadResult udp = read("openbsd-fstat-n-grep-udp.txt");
        assertThat(dev.portolan.model.OsFamily.ofInputVariant(udp.variant())).isEqualTo(dev.portolan.model.OsFamily.OPENBSD);
        assertThat(udp.listeners()).extracting(l -> l.address() + " " + l.port() + " " + l.process() + " " + l.pid())
                .containsExactly("::1 53 named 55537", "fe80::1%lo0 53 named 55537", "127.0.0.1 53 named 55537",
                        "10.0.2.15 53 named 55537", "192.168.56.111 53 named 55537");
        assertThat(udp.connections()).allSatisfy(c -> assertThat(c.remotePort() + " " + c.process()).isEqualTo("123 ntpd"));
        assertThat(dev.portolan.model.OsFamily.OPENBSD.defaultEphemeralRange().contains(3947)).isTrue();
        assertThat(read("openbsd-netstat-then-fstat.txt").listeners()).filteredOn(l -> "httpd2".equals(l.process())).hasSize(12)
                .allSatisfy(l -> assertThat(l.port()).isEqualTo(80));
    }

    /** A command written as a list item's inline code, or quoted in prose, names its output: no problem. */
    @Test
    void commandsInListItemsAndQuotesAreCommands(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve("notes.txt");
        Files.writeString(f, "- `sudo lsof -i :8080 `\nnode    45330 me   21u  IPv4 0x1      0t0  TCP *:8080 (LISTEN)\n"
                + "'netstat -an | grep 11434'\ntcp4       0      0  127.0.0.1.11434        *.*                    LISTEN\n"
                + "4. `$ lsof -nP -iTCP:22`\nsshd    812 root    3u  IPv4 0x2      0t0  TCP *:22 (LISTEN)\n");
        ReadResult r = reader.read(Source.of(f));
        assertThat(r.problems()).as(r.problems().toString()).isEmpty();
        assertThat(r.listeners()).extracting(Listener::port).containsExactly(8080, 11434, 22);
    }

    /** A fence closing the dump right after its last row was taken for a `netstat -b` component: the process "```". */
    @Test
    void aFenceAfterTheLastRowNamesNoProcess() throws Exception {
        for (String f : new String[] {"fr-ano-arthu.txt", "zh-ano-findstr.txt"}) {
            ReadResult r = read(f);
            assertThat(r.listeners()).as(f).allSatisfy(l -> assertThat(l.process()).isNull());
            assertThat(r.notes()).as(f).anyMatch(n -> n.contains("0 process lines (-b)"));
        }
        Listener last = read("fr-ano-arthu.txt").listeners().stream()
                .filter(l -> l.proto() == Protocol.UDP && l.port() == 56063).findFirst().orElseThrow();
        assertThat(last.pid()).isEqualTo(8708);
    }

    /**
     * netstat -b: an elision someone left ("[...]", "...") after a row's executable was taken for the next executable or
     * component: port 135 was "... (RpcSs)", 3389 "... (TermService)". It names nothing (the line is a problem: rows were
     * left out there) and the executable read before it stays. Three quotes alone are a fence typed with the wrong key
     * ("'''DOS" … "'''"): they name nothing either, and nothing was left out there.
     */
    @Test
    void anElisionAfterAnExecutableNamesNoProcess(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        assertThat(listenerOn(read("es-thm-abon-elided.txt"), 135).process()).isEqualTo("svchost.exe (RpcSs)");
        assertThat(listenerOn(read("abno-md-indented4.txt"), 3389).process()).isEqualTo("svchost.exe (TermService)");
        for (String elision : new String[] {"    ...", "[...]", "(\u2026)", "  . . .", "'''"}) {
            java.nio.file.Path f = dir.resolve("anb.txt");
            Files.writeString(f, "Active Connections\n\n  Proto  Local Address          Foreign Address        State           PID\n"
                    + "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       820\n  RpcSs\n [svchost.exe]\n"
                    + elision + "\n  TCP    0.0.0.0:3580           0.0.0.0:0              LISTENING       4552\n" + elision + "\n");
            ReadResult r = reader.read(Source.of(f));
            assertThat(listenerOn(r, 135).process()).as(elision).isEqualTo("svchost.exe (RpcSs)");
            assertThat(listenerOn(r, 3580).process()).as(elision).isNull();
            assertThat(r.problems()).as(elision).extracting(p -> p.evidence().line())
                    .isEqualTo(elision.equals("'''") ? List.of() : List.of(7L, 9L));
        }
        assertThat(NetstatParser.elision("[svchost.exe]")).isFalse();
        assertThat(NetstatParser.elision("..")).isFalse();
    }

    private static Listener listenerOn(ReadResult r, int port) {
        return r.listeners().stream().filter(l -> l.proto() == Protocol.TCP && l.port() == port).findFirst().orElseThrow();
    }

    /**
     * A Get-NetTCPConnection table that Select-Object left with its local side only ({@code -State Listen | Select
     * LocalAddress,LocalPort,OwningProcess}) was taken for Get-NetUDPEndpoint's: every TCP listener came out as UDP. The
     * prompt above it names the cmdlet; without one the columns still decide (UDP, said in a note).
     */
    @Test
    void theCmdletAPromptNamesTypesALocalOnlyTable(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String table = "\nLocalAddress LocalPort OwningProcess ProcessName\n------------ --------- ------------- -----------\n"
                + "::               49668           640 services\n0.0.0.0            135           924 svchost\n";
        java.nio.file.Path f = dir.resolve("ps.txt");
        Files.writeString(f, "PS C:\\> Get-NetTCPConnection -State Listen | Select-Object LocalAddress,LocalPort,OwningProcess,"
                + "@{n='ProcessName';e={(Get-Process -Id $_.OwningProcess).Name}}\n" + table);
        ReadResult tcp = reader.read(Source.of(f));
        assertThat(tcp.listeners()).extracting(Listener::proto).containsOnly(Protocol.TCP).hasSize(2);
        assertThat(listenerOn(tcp, 135).process()).isEqualTo("svchost");
        Files.writeString(f, "PS C:\\> Get-NetUDPEndpoint | Select-Object LocalAddress,LocalPort,OwningProcess,ProcessName\n" + table);
        assertThat(reader.read(Source.of(f)).listeners()).extracting(Listener::proto).containsOnly(Protocol.UDP);
        Files.writeString(f, table);
        ReadResult untyped = reader.read(Source.of(f));
        assertThat(untyped.listeners()).extracting(Listener::proto).containsOnly(Protocol.UDP);
    }

    /** sockstat's UNIX-domain rows are sockets of another kind, counted as such, not lines that failed. */
    @Test
    void sockstatUnixRowsAreOtherSockets() throws Exception {
        assertThat(read("sockstat-ns1.txt").notes()).anyMatch(n -> n.contains("2 non-TCP/UDP sockets skipped"));
        assertThat(read("sockstat-tabbed.txt").notes()).anyMatch(n -> n.contains("2 non-TCP/UDP sockets skipped"));
    }

    /**
     * ss names the device a socket is bound to after its IPv4 address ({@code 127.0.0.53%lo:53}): the address is the part
     * before it, as netstat and lsof of the same host print it; an IPv6 zone stays (it is part of the address).
     */
    @Test
    void ssDeviceAfterAnIPv4AddressIsNotPartOfIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ReadResult r = read("ka-ss-tunlp.txt");
        assertThat(r.listeners()).extracting(Listener::address).contains("127.0.0.53", "192.168.56.101", "10.0.3.15")
                .noneMatch(a -> a.contains("%") && !a.contains(":"));
        java.nio.file.Path f = dir.resolve("ss.txt");
        Files.writeString(f, "Netid State  Recv-Q Send-Q Local Address:Port  Peer Address:Port Process\n"
                + "udp   UNCONN 0      0      [fe80::5054:ff:fe12:3456]%eth0:546 [::]:*\n"
                + "udp   UNCONN 0      0      0.0.0.0%eth0:68    0.0.0.0:*\n");
        ReadResult zones = reader.read(Source.of(f));
        assertThat(zones.listeners()).extracting(Listener::address).containsExactlyInAnyOrder("fe80::5054:ff:fe12:3456%eth0", "0.0.0.0");
    }

    /**
     * A Linux VM's lsof and its Windows host's netstat pasted in one block: every row is read, and the first Windows row
     * says that two kinds of host are audited as one (the file has no other way to tell; the rows are not dropped).
     */
    @Test
    void twoKindsOfHostInOneFileAreSaid() throws Exception {
        ReadResult r = read("ru-mixed-lsof-win-netstat.txt");
        assertThat(r.variant()).isEqualTo("linux-lsof");
        assertThat(r.listeners()).hasSize(1);
        assertThat(r.connections()).hasSize(14);
        assertThat(r.problems()).filteredOn(p -> p.message().contains("two kinds of host")).singleElement().satisfies(p -> {
            assertThat(p.evidence().line()).isEqualTo(23);
            assertThat(p.message()).startsWith("a windows-netstat row after linux-lsof rows (from line 6)");
        });
    }

    /**
     * Lines around rows as docs and notes show them: Markdown-escaped wildcards ({@code \\*:\\*}) were problems and
     * their UDP sockets lost; a cmdlet written without a prompt, net-tools' notice when run without root and BusyBox's
     * bare {@code / #} prompt were problems.
     */
    @Test
    void escapedWildcardsBareCmdletsAndNoticesAreRead(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve("doc.txt");
        Files.writeString(f, "C:\\Users\\Administrator\\>netstat -ano | find \":3389\"\n\n"
                + "TCP 0.0.0.0:3389 0.0.0.0:0 LISTENING 320\nUDP 0.0.0.0:3389 \\*:\\* 320\nUDP [::]:3389 \\*:\\* 320\n\n"
                + "Get-NetTCPConnection -State Listen -LocalPort 3389\n\n"
                + "LocalAddress LocalPort OwningProcess\n------------ --------- -------------\n0.0.0.0           3389           320\n");
        ReadResult r = reader.read(Source.of(f));
        assertThat(r.problems()).isEmpty();
        assertThat(r.listeners()).extracting(l -> l.proto() + " " + l.address() + " " + l.port())
                .containsExactlyInAnyOrder("TCP 0.0.0.0 3389", "UDP 0.0.0.0 3389", "UDP :: 3389", "TCP 0.0.0.0 3389");
        Files.writeString(f, "(No info could be read for \"-p\": geteuid()=1001 but you should be root.)\n"
                + "Active Internet connections (only servers)\n"
                + "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name\n"
                + "tcp        0      0 0.0.0.0:25              0.0.0.0:*               LISTEN      -\n/ #\n");
        ReadResult nonRoot = reader.read(Source.of(f));
        assertThat(nonRoot.problems()).isEmpty();
        assertThat(nonRoot.listeners()).hasSize(1);
    }

    /**
     * Get-NetTCPConnection's object with every CIM property ({@code Select-Object *}, {@code Get-CimInstance}): the base
     * properties before LocalAddress ({@code InstanceID : 127.0.0.1++8080++0.0.0.0++0}, {@code EnabledDefault : 2}) were
     * problems; they belong to the object's block.
     */
    @Test
    void cimPropertiesBeforeTheSocketsOnesBelongToItsBlock(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        StringBuilder b = new StringBuilder("PS C:\\> Get-NetTCPConnection -LocalPort 8080 | Select-Object *\n\n");
        String[][] props = {{"Caption", ""}, {"Description", ""}, {"ElementName", ""}, {"InstanceID", "127.0.0.1++8080++0.0.0.0++0"},
                {"CommunicationStatus", ""}, {"HealthState", ""}, {"Name", ""}, {"OperationalStatus", ""}, {"EnabledDefault", "2"},
                {"EnabledState", ""}, {"RequestedState", "5"}, {"TransitioningToState", "12"}, {"CreationTime", "4/24/2026 7:51:52 PM"},
                {"LocalAddress", "127.0.0.1"}, {"LocalPort", "8080"}, {"OwningProcess", "4816"}, {"AppliedSetting", ""},
                {"OffloadState", "InHost"}, {"RemoteAddress", "0.0.0.0"}, {"RemotePort", "0"}, {"State", "Listen"}, {"PSComputerName", ""}};
        for (String[] p : props) b.append(String.format("%-24s : %s%n", p[0], p[1]).stripTrailing()).append('\n');
        java.nio.file.Path f = dir.resolve("cim.txt");
        Files.writeString(f, b + "\n");
        ReadResult r = reader.read(Source.of(f));
        assertThat(r.problems()).isEmpty();
        assertThat(r.listeners()).singleElement().satisfies(l -> {
            assertThat(l.proto()).isEqualTo(Protocol.TCP);
            assertThat(l.port()).isEqualTo(8080);
            assertThat(l.pid()).isEqualTo(4816);
        });
    }

    /**
     * Two servers' outputs pasted into one ticket, each under its prompt: all rows read, and the first row under the
     * second host's prompt says they are audited as one host. The same host's prompts in another form (short name and
     * FQDN, another user) are one host.
     */
    @Test
    void rowsUnderTwoHostsPromptsAreSaid(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String ss = "State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n";
        java.nio.file.Path f = dir.resolve("ticket.txt");
        Files.writeString(f, "root@web01:~# ss -tlnp\n" + ss + "LISTEN 0      128    0.0.0.0:22        0.0.0.0:*\n\n"
                + "[root@web02 ~]# ss -tlnp\n" + ss + "LISTEN 0      511    0.0.0.0:80        0.0.0.0:*\n"
                + "LISTEN 0      511    0.0.0.0:443       0.0.0.0:*\n");
        ReadResult two = reader.read(Source.of(f));
        assertThat(two.listeners()).hasSize(3);
        assertThat(two.problems()).singleElement().satisfies(p -> {
            assertThat(p.evidence().line()).isEqualTo(7);
            assertThat(p.message()).startsWith("a row under web02's prompt (line 5) after rows under web01's (line 1)");
        });
        Files.writeString(f, "admin@web01:~$ sudo ss -tlnp\n" + ss + "LISTEN 0      128    0.0.0.0:22        0.0.0.0:*\n\n"
                + "[root@WEB01.example.com ~]# ss -tlnp\n" + ss + "LISTEN 0      511    0.0.0.0:80        0.0.0.0:*\n");
        assertThat(reader.read(Source.of(f)).problems()).isEmpty();
        assertThat(Vocabulary.promptHost("root@ns1:~ # sockstat")).isEqualTo("ns1");
        assertThat(Vocabulary.promptHost("PS C:\\> netstat -ano")).isNull();
    }

    /**
     * net-tools' netstat shortens an address so that "address:port" fits its 23-character column (an LXD container's
     * {@code udp6 … fe80::216:3eff:fe5c:546}): such endpoints are counted in a note naming the first and what prints
     * them whole; shorter ones and wide output ({@code netstat -W}) are not.
     */
    @Test
    void ipv6EndpointsThatFillNetToolsColumnAreNoted(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String header = "Active Internet connections (only servers)\n"
                + "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name\n";
        java.nio.file.Path f = dir.resolve("netstat.txt");
        Files.writeString(f, header
                + "tcp6       0      0 :::22                   :::*                    LISTEN      101/sshd\n"
                + "udp6       0      0 fe80::216:3eff:fe5c:546 :::*                                157/systemd-network\n");
        ReadResult cut = reader.read(Source.of(f));
        assertThat(cut.listeners()).hasSize(2);
        assertThat(cut.notes()).filteredOn(n -> n.contains("23-character")).singleElement()
                .satisfies(n -> assertThat(n).startsWith("1 IPv6 endpoints").contains("'fe80::216:3eff:fe5c:546'").contains("netstat -W"));
        Files.writeString(f, header
                + "udp6       0      0 fe80::216:3eff:fe5c:1234:546 :::*                           157/systemd-network\n");
        assertThat(reader.read(Source.of(f)).notes()).noneMatch(n -> n.contains("23-character"));
    }

    /**
     * Text people write around what they paste is passed over and counted in one note, whatever its script; what may be
     * a row is not text, however damaged.
     */
    @Test
    void textAroundADumpIsCountedNotReported() throws Exception {
        ReadResult mac = read("issue-macos-del-uname.txt");
        assertThat(mac.problems()).isEmpty();
        assertThat(mac.notes()).contains("6 lines of text around the dump (sentences, links, programs' messages) passed over,"
                + " first at line 3");
        for (String line : new String[] {"This seems to be a bug, but I'm not sure if it's a problem of Docker or netstat.",
                "### Analyse", "# P2: Comandos Windows y Linux", "## NSLOOKUP", "**To Reproduce**", "Spotify :", "Overwatch 2 :",
                "[Spotify](./tp4_spotify.pcapng)", "See https://github.com/docker/for-mac/issues/1248", "6.", "2-", "</del>",
                "-- More --", "--More--(45%)", "lsof: WARNING: compiled for FreeBSD release 11.2-RELEASE-p2",
                "-ash: lsof: command not found", "netstat: /proc/net/tcp6: No such file or directory",
                "`Darwin HOSTNAME 12.4.0 Darwin Kernel Version 12.4.0: Wed May  1 17:57:12 PDT 2013; root:xnu`",
                "Id      : 18908", "- donnez lui l'adresse IP `10.4.1.11/24`", "\uD83D\uDDA5\uFE0F **Machine `node1.tp4.b1`**",
                "ActiveMQ默认使用的TCP连接端口是61616, 可以通过查看该端口的信息来测试", "OPNsense 19.7.6-amd64",
                "Using Haproxy to bind on 0.0.0.0:443 and 0.0.0.0:80 fail to start because port 80 is in use by lighttpd.",
                // from the 2026-12-02 sweeps: a heading between rules, a C comment's ends, uniq -c's count of a state, a
                // caption ending in a full-width colon
                "===== 1. systemctl status (nginx vs caddy) =====", "/*", "*/", "53 TIME-WAIT", "显示UDP套接字：",
                "tcp2.ps1", "$path = (Get-CimInstance Win32_Process -Filter \"ProcessId = 1\")", "`$now = get-date", "::", "`;",
                "{: .notice--info}"}) {
            String unescaped = line.replace("\\uD83D\\uDDA5\\uFE0F", "\uD83D\uDDA5\uFE0F");
            assertThat(TextLines.isText(unescaped)).as(line).isTrue();
        }
        for (String line : new String[] {"TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1104",
                "  TCP    0.0.0.0:5040   ###garbage###", "tcp        0      0 ...          ESTABLISHED",
                "udp6       0      0 [DELTED TO HIDE]::123 :::*", "# netstat -an", "tcp4  0  0  *.22  *.*  LISTEN",
                "sshd    812 root    3u  IPv4  18273      0t0  TCP *:22 (LISTEN)", "I can see 0.0.0.0:8000 is listened",
                "1 2 3 4", "53 TCP"}) {
            assertThat(TextLines.isText(line)).as(line).isFalse();
        }
    }

    /**
     * Solaris's pfiles (a real paste was "not a recognised input"): each socket's sockname under its process, TCP or UDP
     * by its SOCK_ line, a connection when a peername follows; a socket whose type line a filter took away is a problem.
     */
    @Test
    void solarisPfilesSocketsAreReadWithTheirProcess(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ReadResult one = read("zhtw-solaris-pfiles-pid.txt");
        assertThat(one.listeners()).singleElement().satisfies(l -> assertThat(l.proto() + " " + l.port() + " " + l.pid() + " " + l.process())
                .isEqualTo("TCP 1980 12284 main"));
        assertThat(dev.portolan.model.OsFamily.ofInputVariant(one.variant())).isEqualTo(dev.portolan.model.OsFamily.SOLARIS);
        java.nio.file.Path f = dir.resolve("pfiles.txt");
        Files.writeString(f, "$ pfexec pfiles 2345\n2345:   /usr/lib/inet/ntpd\n   5: S_IFSOCK mode:0666 dev:333,0 ino:13 uid:0 gid:0 size:0\n"
                + "      O_RDWR\n        SOCK_DGRAM\n        sockname: AF_INET 192.168.1.5  port: 123\n"
                + "   6: S_IFSOCK mode:0666 dev:333,0 ino:14 uid:0 gid:0 size:0\n      O_RDWR\n        SOCK_STREAM\n"
                + "        sockname: AF_INET 192.168.1.5  port: 40001\n        peername: AF_INET 10.0.0.9  port: 443\n"
                + "   7: S_IFSOCK mode:0666 dev:333,0 ino:15 uid:0 gid:0 size:0\n        sockname: AF_INET 0.0.0.0  port: 161\n");
        ReadResult r = reader.read(Source.of(f));
        assertThat(r.listeners()).extracting(l -> l.proto() + " " + l.port() + " " + l.process()).containsExactly("UDP 123 ntpd");
        assertThat(r.connections()).extracting(c -> c.localPort() + ">" + c.remoteAddress() + ":" + c.remotePort()).containsExactly("40001>10.0.0.9:443");
        assertThat(r.problems()).extracting(p -> p.evidence().line()).containsExactly(13L);
    }

    /**
     * A BSD-shaped netstat whose rows say "tcp" and "udp" alone (HP-UX's, NetBSD's) is not macOS's, which prints every
     * IPv4 socket as "tcp4", "tcp46" or "udp4": its family is unknown (it was macOS, whose baseline explained its sshd).
     * One "tcp4" row keeps macOS (AIX mixes "tcp" and "tcp4"; its own column tells it).
     */
    @Test
    void bsdRowsWithoutTheIpv4SuffixAreNoMacs(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ReadResult hpux = read("hpux-netstat-an-finet-inspec.txt");
        assertThat(dev.portolan.model.OsFamily.ofInputVariant(hpux.variant())).isEqualTo(dev.portolan.model.OsFamily.UNKNOWN);
        assertThat(hpux.notes()).anyMatch(n -> n.startsWith("a Unix other than macOS and FreeBSD") && n.contains("8 rows' protocol"));
        java.nio.file.Path f = dir.resolve("mac.txt");
        Files.writeString(f, Files.readString(fixture("pasted/hpux-netstat-an-finet-inspec.txt"))
                + "tcp4       0      0  *.5000                 *.*                    LISTEN\n");
        assertThat(reader.read(Source.of(f)).variant()).isEqualTo("bsd-netstat");
    }

    /**
     * Windows XP and Server 2003 (ephemeral ports 1025-5000) told by the dump itself: a prompt in C:\Documents and
     * Settings (a real paste: its listener on 61616 was an EPHEMERAL_LISTENER under Vista's range), or the console's
     * version-5 banner; a Windows 10 banner or prompt is not.
     */
    @Test
    void windowsXpIsToldByItsPromptOrBanner(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ReadResult xp = read("zh-xp-an-find-documents-and-settings.txt");
        assertThat(xp.variant()).isEqualTo("windows-legacy-netstat");
        assertThat(dev.portolan.model.OsFamily.ofInputVariant(xp.variant())).isEqualTo(dev.portolan.model.OsFamily.WINDOWS_LEGACY);
        assertThat(xp.notes()).anyMatch(n -> n.startsWith("Windows XP / Server 2003, as its prompt's Documents and Settings folder says"));
        String rows = "\nActive Connections\n\n  Proto  Local Address          Foreign Address        State           PID\n"
                + "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1104\n";
        java.nio.file.Path f = dir.resolve("banner.txt");
        Files.writeString(f, "Microsoft Windows [Version 5.2.3790]\n(C) Copyright 1985-2003 Microsoft Corp.\n\nC:\\>netstat -ano\n" + rows);
        assertThat(reader.read(Source.of(f)).variant()).isEqualTo("windows-legacy-netstat");
        Files.writeString(f, "Microsoft Windows [Version 10.0.19045.3803]\n(c) Microsoft Corporation. All rights reserved.\n\n"
                + "C:\\Users\\admin>netstat -ano\n" + rows);
        assertThat(reader.read(Source.of(f)).variant()).isEqualTo("windows-netstat");
    }

    /**
     * netstat without -n prints the host's name as the local address, and the dump names its host by it; an address
     * blanked out before pasting ({@code 192.168.1.x}, {@code xxx.xxx.xxx.xxx}, {@code myip}) named the host "192.168.1.x"
     * (real issue threads).
     */
    @Test
    void aRedactedAddressNamesNoHost(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve("netstat.txt");
        String header = "Active Internet connections (servers and established)\n"
                + "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name\n";
        Files.writeString(f, header + "tcp        0      0 192.168.1.x:48342       172.217.23.x:443        ESTABLISHED 2513/firefox-esr\n");
        assertThat(reader.read(Source.of(f)).hostName()).isNull();
        Files.writeString(f, header + "tcp        0      0 web01:48342             172.217.23.4:443        ESTABLISHED 2513/firefox-esr\n");
        assertThat(reader.read(Source.of(f)).hostName()).isEqualTo("web01");
        for (String h : new String[] {"xxx.xxx.xxx.xxx", "192.168.1.x", "1x.xx.xx.18", "x.x.x.x", "<ip>", "[redacted]", "myip"}) {
            assertThat(NetstatParser.redacted(h)).as(h).isTrue();
        }
        for (String h : new String[] {"web01", "dfvimeostatsd1", "10.0.0.5", "a.example.com", "db-2.corp.example"}) {
            assertThat(NetstatParser.redacted(h)).as(h).isFalse();
        }
    }

    /**
     * FreeBSD (pfSense, OPNsense) is not macOS: its range is 10000-65535 and macOS's baseline (AirPlay on 5000 and 7000 …)
     * is not its. sockstat is FreeBSD's; an lsof or netstat dump, whose rows macOS prints alike, is FreeBSD's when a line
     * of the file names it (pfSense's lsof warning, a real issue thread), else macOS's as before.
     */
    @Test
    void freeBsdIsToldBySockstatOrByALineNamingIt() throws Exception {
        ReadResult pf = read("issue-pfsense-lsof-warning.txt");
        assertThat(pf.variant()).isEqualTo("freebsd-lsof");
        assertThat(pf.notes()).anyMatch(n -> n.startsWith("FreeBSD, as line 3 ('FreeBSD') says: its ephemeral range 10000-65535"));
        assertThat(dev.portolan.model.OsFamily.ofInputVariant(pf.variant())).isEqualTo(dev.portolan.model.OsFamily.FREEBSD);
        assertThat(dev.portolan.model.OsFamily.ofInputVariant(read("issue-opnsense-sockstat-inline.txt").variant()))
                .isEqualTo(dev.portolan.model.OsFamily.FREEBSD);
        assertThat(read("mac-lsof-Pn-i4.txt").variant()).isEqualTo("bsd-lsof");
        assertThat(dev.portolan.model.OsFamily.FREEBSD.defaultEphemeralRange().contains(10000)).isTrue();
        assertThat(dev.portolan.model.OsFamily.FREEBSD.baselineProduct()).isNull();
        assertThat(dev.portolan.model.OsFamily.parse("freebsd")).isEqualTo(dev.portolan.model.OsFamily.FREEBSD);
    }

    /**
     * A console session whose netstat printed titles and headers and not one row (no connection, no -a) is said as that,
     * not as "the output of other commands … with no socket list from netstat" (a real issue thread).
     */
    @Test
    void aSessionWhoseNetstatListedNothingSaysSo() {
        assertThatThrownByRead("issue-alpine-netstat-no-rows.txt")
                .isInstanceOf(dev.portolan.ingest.NotAnInputException.class)
                .hasMessageContaining("it looks like a netstat/ss listing without a single socket row (only its title or column header)");
    }

    /** netstat -x's NetworkDirect table at a prompt (a real Cisco doc): said as that (was "the output of other commands"). */
    @Test
    void networkDirectAtAPromptSaysWhatItIs(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve("x.txt");
        Files.writeString(f, "PS C:\\Users\\Administrator> netstat -xan\nActive NetworkDirect Connections, Listeners, SharedEndpoints\n"
                + "Mode    IfIndex    Type    Local Address        Foreign Address    PID\n"
                + "Kernel   4    Connection    50.37.61.22:445    50.37.61.71:2240    0\n"
                + "Kernel   4    Listener      50.37.61.22:445    NA                  0\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.portolan.ingest.Inputs.read(Source.of(f),
                        dev.portolan.ingest.ReadOptions.defaults()))
                .isInstanceOf(dev.portolan.ingest.NotAnInputException.class)
                .hasMessageContaining("it looks like Windows' NetworkDirect (RDMA, SMB Direct) connections and listeners (netstat -x)");
    }

    /**
     * The same Cisco guide as pasted: its steps, a Get-SmbClientNetworkInterface table and prompts come before the
     * NetworkDirect table, past the lines the description looks at first (was "the output of other commands").
     */
    @Test
    void networkDirectAfterAGuidesStepsSaysWhatItIs() {
        assertThatThrownByRead("cisco-netstat-xan-after-guide-steps.txt")
                .isInstanceOf(dev.portolan.ingest.NotAnInputException.class)
                .hasMessageContaining("it looks like Windows' NetworkDirect (RDMA, SMB Direct) connections and listeners (netstat -x)");
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertThatThrownByRead(String name) {
        return org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.portolan.ingest.Inputs.read(
                Source.of(fixture("pasted/" + name)), dev.portolan.ingest.ReadOptions.defaults()));
    }

    /**
     * Format-Table right-aligns State; values wider than its dashes start left of them, and a cut at the dashes put
     * "Establ" into RemotePort: every row but Bound's was a problem (a real TP: 0 of 37 listeners read). The cut now moves
     * back to where such a word starts, and each row keeps its process.
     */
    @Test
    void aRightAlignedColumnWiderThanItsDashesIsRead() throws Exception {
        ReadResult r = read("fr-ps-pscustomobject-state-rightaligned.txt");
        assertThat(r.problems()).isEmpty();
        Listener services = r.listeners().stream().filter(l -> l.port() == 49680).findFirst().orElseThrow();
        assertThat(services.process()).isEqualTo("services");
        assertThat(services.pid()).isEqualTo(1156);
        assertThat(r.connections()).anySatisfy(c -> {
            assertThat(c.remotePort()).isEqualTo(49740);
            assertThat(c.state()).isEqualTo("ESTABLISHED");
        });
        assertThat(read("ja-ps-session-two-tables-rightaligned.txt").listeners()).extracting(Listener::port)
                .contains(49667, 49668, 49669, 49670, 49671);
    }

    /**
     * Linux net-tools in another locale (real pastes): German VERBUNDEN is ESTABLISHED (its flows were OTH), Spanish
     * "apagado (0.00/0/0)" is the timer, not part of the process; Debian's ip6-localhost is loopback (the listener was
     * exposed and named the host); Markdown's "0.0.0.0:**" is the wildcard (the file was not recognised).
     */
    @Test
    void localizedNetToolsAndTheirNamesAreRead() throws Exception {
        ReadResult de = read("de-linux-netstat-tupan-verbunden.txt");
        assertThat(de.connections()).allSatisfy(c -> assertThat(c.state()).isEqualTo("ESTABLISHED"));
        assertThat(de.notes()).noneMatch(n -> n.startsWith("state words not in the table"));
        ReadResult es = read("es-linux-netstat-atop-apagado-timer.txt");
        assertThat(es.listeners()).filteredOn(l -> l.port() == 25 && l.process() != null).allSatisfy(l ->
                assertThat(l.process()).isEqualTo("exim4"));
        assertThat(es.notes()).anyMatch(n -> n.contains("(nmap)"));
        ReadResult fr = read("fr-linux-lsof-ip6-localhost.txt");
        assertThat(fr.hostName()).isNull();
        assertThat(dev.portolan.model.Addresses.isLoopback("ip6-localhost")).isTrue();
        assertThat(read("ja-linux-netstat-double-star.txt").listeners()).extracting(Listener::port).contains(6001, 8005);
    }

    /**
     * Solaris/illumos and AIX (both 32768-65535, no baseline of their own): Solaris by its rows' shape, AIX by netstat
     * -A's PCB/ADDR column (a real AIX 7.3 dump was macOS's, whose baseline and range do not hold there).
     */
    @Test
    void solarisAndAixAreTheirOwnFamilies() throws Exception {
        ReadResult aix = read("aix73-netstat-Aan.txt");
        assertThat(aix.variant()).isEqualTo("aix-netstat");
        assertThat(dev.portolan.model.OsFamily.ofInputVariant(aix.variant())).isEqualTo(dev.portolan.model.OsFamily.AIX);
        assertThat(aix.notes()).anyMatch(n -> n.startsWith("AIX, as line 2 ('PCB/ADDR') says"));
        assertThat(aix.listeners()).extracting(Listener::port).contains(22, 25, 6010, 111, 161, 514);
        ReadResult smartos = read("smartos-f-inet-an.txt");
        assertThat(dev.portolan.model.OsFamily.ofInputVariant(smartos.variant())).isEqualTo(dev.portolan.model.OsFamily.SOLARIS);
        assertThat(dev.portolan.model.OsFamily.SOLARIS.defaultEphemeralRange().contains(32768)).isTrue();
        assertThat(dev.portolan.model.OsFamily.parse("aix")).isEqualTo(dev.portolan.model.OsFamily.AIX);
    }

    /** Markdown emphasis around a pasted block leaves its stars on the first and last rows: read without them. */
    @Test
    void markdownEmphasisGluedToARowIsLeftOut() {
        assertThat(NetstatParser.unemphasised("  UDP    [fe80::1%10]:50999  *:****  ")).isEqualTo("  UDP    [fe80::1%10]:50999  *:*");
        assertThat(NetstatParser.unemphasised("  TCP    10.0.0.5:65455    10.0.0.254:12755    TIME_WAIT***"))
                .isEqualTo("  TCP    10.0.0.5:65455    10.0.0.254:12755    TIME_WAIT");
        assertThat(NetstatParser.unemphasised("**TCP    0.0.0.0:135    0.0.0.0:0    LISTENING**")).isEqualTo("TCP    0.0.0.0:135    0.0.0.0:0    LISTENING");
        // one star is a wildcard's, not emphasis
        assertThat(NetstatParser.unemphasised("      *.22                 *.*                0      0 128000      0 LISTEN")).isNull();
    }

    /** The prompts before the commands: each a prompt, not a problem; a bare prompt closes the output. */
    @Test
    void themedAndBarePromptsArePrompts() {
        assertThat(Vocabulary.isPrompt("k@devserver:~$")).isTrue();
        assertThat(Vocabulary.isPrompt("[root@web01 ~]#")).isTrue();
        assertThat(Vocabulary.namedCommand("root@ns1:~ # sockstat").text()).isEqualTo("sockstat");
        assertThat(Vocabulary.namedCommand("➜  ~ netstat -anvp tcp | awk 'NR<3 || /LISTEN/'").text())
                .isEqualTo("netstat -anvp tcp | awk 'NR<3 || /LISTEN/'");
        assertThat(Vocabulary.namedCommand("➜  webapp lsof -i -P").text()).isEqualTo("lsof -i -P");
        assertThat(Vocabulary.namedCommand("❯ Get-NetTCPConnection | Where-Object {$_.LocalPort -eq 22}").listsSockets())
                .contains(true);
        assertThat(Vocabulary.isPrompt("lsof -Pn -i4")).isTrue();
        assertThat(Vocabulary.isPrompt("/ #")).isTrue();
        assertThat(Vocabulary.isPrompt("~ $")).isTrue();
        assertThat(Vocabulary.namedCommand("Get-NetTCPConnection -State Listen -LocalPort 3389").listsSockets()).contains(true);
        assertThat(Vocabulary.isConsoleBanner(
                "(no info could be read for \"-p\": geteuid()=1001 but you should be root.)")).isTrue();
        // an lsof row of a process named lsof has its PID after the name: a row, not a command
        assertThat(Vocabulary.isPrompt("lsof    4242 root    3u  IPv4 0x1      0t0  TCP *:22 (LISTEN)")).isFalse();
        // an arrow before words that name no known program is no prompt
        assertThat(Vocabulary.namedCommand("➜ see the table below")).isNull();
        assertThat(Vocabulary.isPrompt("➜ see the table below")).isFalse();
        // Photon OS's and pfSense's prompts, PowerShell's without a path, and a command written without any prompt
        assertThat(Vocabulary.namedCommand("root@virtual-container-host [ /var/lib/rpm ]# lsof | grep 5355").text())
                .isEqualTo("lsof | grep 5355");
        assertThat(Vocabulary.promptHost("root@virtual-container-host [ /var/lib/rpm ]# lsof")).isEqualTo("virtual-container-host");
        assertThat(Vocabulary.namedCommand("[2.4.4-RELEASE][root@fw]/root: lsof -i").text()).isEqualTo("lsof -i");
        assertThat(Vocabulary.namedCommand("PS> $p=Get-NetTCPConnection;$p").text()).isEqualTo(" $p=Get-NetTCPConnection;$p");
        assertThat(Vocabulary.namedCommand("arp -a").listsSockets()).contains(false);
        assertThat(Vocabulary.namedCommand("ipconfig /all").listsSockets()).contains(false);
        assertThat(Vocabulary.namedCommand("netstat -ano | findstr 8080").listsSockets()).contains(true);
        // macOS's stock bash, csh's "%", FreeNAS's "[~]#"
        assertThat(Vocabulary.namedCommand("bash-3.2$ lsof -i tcp:80").text()).isEqualTo("lsof -i tcp:80");
        assertThat(Vocabulary.namedCommand("charix@Poison:~ % sockstat -4 -l").text()).isEqualTo("sockstat -4 -l");
        assertThat(Vocabulary.namedCommand("root@freenas[~]# sockstat -P tcp -4 -p 2049").listsSockets()).contains(true);
        assertThat(Vocabulary.isPrompt("bash is 3.2$ here")).isFalse();
        // zsh's default on macOS (the folder's name after a space), under a conda environment, and "%" alone before a
        // command; Cisco's and Junos's "% Invalid input" and a mail address in a sentence are no prompt
        assertThat(Vocabulary.namedCommand("ksnowlv@MacBook-Pro-3 mongodb-macos-x86_64-7.0.11 % mongod --fork").text()).isEqualTo("mongod --fork");
        assertThat(Vocabulary.namedCommand("(base) nat-nat@Mac ~ % lsof -i :2223").listsSockets()).contains(true);
        assertThat(Vocabulary.promptHost("(base) nat-nat@Mac ~ % lsof -i :2223")).isEqualTo("Mac");
        assertThat(Vocabulary.namedCommand("% lsof -n -i :5000 | grep LISTEN").listsSockets()).contains(true);
        assertThat(Vocabulary.isPrompt("ksnowlv@MacBook-Pro-3 ~ %")).isTrue();
        assertThat(Vocabulary.isPrompt("% Invalid input detected at '^' marker.")).isFalse();
        assertThat(Vocabulary.isPrompt("write to admin@example.com for help")).isFalse();
        // an AI coding agent's tool call (Claude Code), its command's closing parenthesis on a later line when long
        assertThat(Vocabulary.namedCommand("⏺ Bash(lsof -i :7880 -i :8000 2>/dev/null | grep LISTEN)").text())
                .isEqualTo("lsof -i :7880 -i :8000 2>/dev/null | grep LISTEN");
        assertThat(Vocabulary.namedCommand("⏺ Bash(cd /Users/m/backend && source").listsSockets()).contains(false);
        assertThat(Vocabulary.namedCommand("⏺ I can see: port 3000 (hbci) is listening")).isNull();
        // Gentoo's root prompt (host, folder, mark); a program running a socket command with its options in a jail or
        // again and again lists sockets, one that only names it does not
        assertThat(Vocabulary.isPrompt("pebbles ~ #")).isTrue();
        assertThat(Vocabulary.namedCommand("pebbles ~ # bbsd-cmd unbound 'sockstat -4'").listsSockets()).contains(true);
        assertThat(Vocabulary.namedCommand("root@host:~ # jexec 3 sockstat -4l").listsSockets()).contains(true);
        assertThat(Vocabulary.namedCommand("$ watch -n1 'netstat -an'").listsSockets()).contains(true);
        assertThat(Vocabulary.namedCommand("$ jls").listsSockets()).contains(false);
        assertThat(Vocabulary.namedCommand("$ which lsof").listsSockets()).contains(false);
        assertThat(Vocabulary.namedCommand("$ man netstat").listsSockets()).contains(false);
        // Junos's operational mode: "show system connections" lists sockets (FreeBSD's netstat), other "show"s do not
        assertThat(Vocabulary.namedCommand("root@qfx5120> show system connections | match 57400").listsSockets()).contains(true);
        assertThat(Vocabulary.namedCommand("root@qfx5120> show interfaces terse").listsSockets()).contains(false);
        assertThat(Vocabulary.isPrompt("root@qfx5120>")).isTrue();
        assertThat(Vocabulary.namedCommand("(master⚡)» netstat -n | grep 200").text()).isEqualTo("netstat -n | grep 200");
        assertThat(Vocabulary.isConsoleBanner("last login: wed nov 13 17:01:02 2024 from 172.31.48.249")).isTrue();
        // commands written beside a dump: to stop what holds a port (their own output is passed over); run elsewhere
        // (adb, docker exec: their output may be a dump)
        assertThat(Vocabulary.namedCommand("taskkill /F /PID 1808").listsSockets()).contains(false);
        assertThat(Vocabulary.namedCommand("kill -15 4242").listsSockets()).contains(false);
        assertThat(Vocabulary.promptListsSockets("$ adb shell netstat -an")).contains(true);
        assertThat(Vocabulary.promptListsSockets("PS C:\\Users\\l> adb shell \"netstat -tln\"")).contains(true);
        assertThat(Vocabulary.promptListsSockets("PS C:\\Users\\l> adb shell \"ps -A | grep -iE 'zbt|blue'\"")).contains(false);
        assertThat(Vocabulary.promptListsSockets("$ docker exec -it web netstat -tlnp")).contains(true);
        assertThat(Vocabulary.promptListsSockets("$ ssh db1 ss -s")).contains(false);
        assertThat(Vocabulary.promptListsSockets("$ ssh db1")).isEmpty();
        // ss -i's details re-wrapped by a mailer, without their indentation
        assertThat(Vocabulary.isSsInfo("wscale:7,10 rto:201 rtt:0.093/0.025 ato:40 mss:8948 pmtu:9000")).isTrue();
        assertThat(Vocabulary.isSsInfo("skmem:(r0,rb131072,t0,tb46080,f0,w0,o0,bl0,d0) cubic")).isFalse();
        assertThat(Vocabulary.isSsInfo("tcp LISTEN 0 128 *:22 *:*")).isFalse();
        // Windows 11's Traditional Chinese title
        assertThat(Vocabulary.isTitle("使用中連線")).isTrue();
        assertThat(Vocabulary.namedCommand("ipconfig").listsSockets()).contains(false);
        // a short program's name alone, or a row of a process with a program's name, is no command
        assertThat(Vocabulary.namedCommand("ip")).isNull();
        assertThat(Vocabulary.namedCommand("ping 4242 root 3u IPv4 0x1 0t0 UDP *:7")).isNull();
        // ">" alone as a prompt before a known program or cmdlet; a quoted sentence is none
        assertThat(Vocabulary.namedCommand("> Test-NetConnection 51.250.6.192 -p 5438").listsSockets()).contains(false);
        assertThat(Vocabulary.namedCommand("> netstat -ano").listsSockets()).contains(true);
        assertThat(Vocabulary.namedCommand("> HTTP closes the connection at once")).isNull();
        // a later stage of a pipeline continued on its own line is no command of its own
        assertThat(Vocabulary.namedCommand("Format-Table -AutoSize")).isNull();
        // asked for its help: no sockets (BSD's netstat -h is human-readable numbers, not help)
        assertThat(Vocabulary.promptListsSockets("C:\\Users\\>netstat /?")).contains(false);
        assertThat(Vocabulary.promptListsSockets("$ ss --help")).contains(false);
        assertThat(Vocabulary.promptListsSockets("$ netstat -h -an")).contains(true);
        assertThat(Vocabulary.namedCommand("Get-CimInstance Win32_Service -Filter \"State='Running'\" |").listsSockets())
                .contains(false);
        assertThat(OtherNetstatOutput.otherCommandLine("Registry                        88 Services       0     46,944 K Unknown"))
                .isEqualTo(OtherNetstatOutput.TASKLIST);
        assertThat(OtherNetstatOutput.otherCommandLine("wscript.exe                  16016 Console                    1     25.052 KB"))
                .isEqualTo(OtherNetstatOutput.TASKLIST);
    }

    /**
     * From the 2026-12-03 Linux sweep: a note its author wrote after a row ("4497/miniupnpd # UPnP HTTP Control", "3973/perl
     * <- it's modbus server") is no part of the process's name; Android's prompt ("KSTB6077:/ # setenforce 0") is a prompt
     * and a kernel message on the console ("[   42.270667] type=1404 audit(…)") text; the time a terminal's logging wrote
     * before every line ("[2022/9/23 15:43:47] ") is passed over (the paste was "not a recognised input"); a Chinese
     * sentence naming addresses in inline code, and a few Chinese words alone, are text.
     */
    @Test
    void notesAfterRowsAndroidPromptsLoggerTimesAndChineseSentences() throws Exception {
        assertThat(read("openwrt-netstat-tulnp-hash-notes.txt").listeners()).extracting(l -> l.port() + " " + l.process())
                .containsExactlyInAnyOrder("5000 miniupnpd", "5351 miniupnpd", "1900 miniupnpd", "50345 miniupnpd");
        assertThat(read("fr-readme-netstat-ntap-arrow-note.txt").listeners()).extracting(l -> l.port() + " " + l.process())
                .containsExactlyInAnyOrder("502 perl", "22 sshd");
        assertThat(Vocabulary.isPrompt("KSTB6077:/ #")).isTrue();
        assertThat(Vocabulary.namedCommand("KSTB6077:/ # setenforce 0").listsSockets()).contains(false);
        assertThat(Vocabulary.namedCommand("1|walleye:/data/local/tmp $ netstat -tlnp").text()).isEqualTo("netstat -tlnp");
        assertThat(Vocabulary.namedCommand("~ λ adb devices").text()).isEqualTo("adb devices");
        assertThat(Vocabulary.isPrompt("https://example.com/# anchor")).isFalse();
        // Kali's and Parrot's two-line prompts; BusyBox's "/ $" before a known program (the lines were problems)
        assertThat(Vocabulary.namedCommand("\u2514\u2500$ nc -lvnp 4444").text()).isEqualTo("nc -lvnp 4444");
        assertThat(Vocabulary.namedCommand("\u2514\u2500\u2500\u257C $netstat -an").listsSockets()).contains(true);
        assertThat(Vocabulary.namedCommand("/ $ ps -ef | grep 24370").listsSockets()).contains(false);
        assertThat(Vocabulary.namedCommand("/etc/ssh/sshd_config # the server's")).isNull();
        // a socket list piped into wc prints a count (the "6" under it was a problem)
        assertThat(Vocabulary.promptListsSockets("root@debian12:~# netstat -at | grep 'ESTABLISHED' | wc -l")).contains(false);
        assertThat(Vocabulary.promptListsSockets("$ ss -l -t|wc -l")).contains(false);
        // a file that shows a configuration: its lines are no dump (an Apache virtual host's were five problems)
        assertThat(Vocabulary.promptListsSockets("admin@i-0395:/etc/apache2/sites-enabled$ cat 000-default.conf")).contains(false);
        assertThat(Vocabulary.promptListsSockets("root@OpenWrt:~# cat /etc/config/dhcp")).contains(false);
        assertThat(Vocabulary.promptListsSockets("$ cat netstat-web01.txt")).isEmpty();
        ReadResult logged = read("zh-ss-amp-logger-timestamps.txt");
        assertThat(logged.listeners()).extracting(l -> l.proto() + " " + l.port() + " " + l.process())
                .contains("UDP 53764 ntpd", "TCP 53 dnsmasq");
        assertThat(logged.connections()).extracting(c -> c.localPort() + " " + c.remoteAddress() + " " + c.process())
                .containsExactly("22 172.30.1.38 dropbear", "22 172.30.1.38 dropbear", "22 172.30.1.38 dropbear");
        assertThat(NetstatParser.untimestamped("2024-01-05T09:12:33.123456789Z tcp LISTEN 0 128 *:22 *:*"))
                .isEqualTo("tcp LISTEN 0 128 *:22 *:*");
        assertThat(NetstatParser.untimestamped("  0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000"))
                .startsWith("  0: ");
    }

    /**
     * net-tools rows whose queue columns a book left out ("tcp   127.0.0.1:3306   0.0.0.0:*   LISTEN   403/mysqld   *1*")
     * are Linux rows (they were read as Windows ones: the host was audited as Windows), and the book's callouts no part
     * of the process; ss rows with a Netid and no State (a state filter) are ss's, with -o's timer after them (it was read
     * as a state) or on a line of its own; RHEL's service name hostmon (5355, LLMNR) is known; a Markdown list defining
     * ss's fields with em dashes, and Jekyll's highlight tags, are text.
     */
    @Test
    void rowsWithoutQueuesStateFiltersAndDefinitions() throws Exception {
        ReadResult book = read("zh-book-netstat-no-queues-callouts.txt");
        assertThat(book.variant()).isEqualTo("linux-netstat");
        assertThat(book.listeners()).extracting(l -> l.port() + " " + l.pid() + " " + l.process())
                .containsExactly("3306 403 mysqld", "139 270 smbd", "22 333 sshd", "445 270 smbd", "80 417 apache2");
        assertThat(book.notes()).noneMatch(n -> n.contains("two kinds of host"));
        ReadResult filtered = read("zh-ss-o-state-filter-timer-hostmon.txt");
        assertThat(filtered.connections()).extracting(c -> c.remotePort() + " " + c.state()).containsExactly("443 null", "443 null");
        assertThat(filtered.listeners()).extracting(l -> l.port()).containsExactly(587, 5355);
        // an ss row wrapped after its local address: joined with the next line (both lines were problems)
        assertThat(read("zh-ss-ltnp-wrapped-then-netstat-s-ss-s.txt").listeners()).extracting(l -> l.port() + " " + l.process())
                .containsExactly("53 systemd-resolve", "22 sshd");
        assertThat(RowParser.ssCutBeforePeer("tcp   LISTEN 0      128      0.0.0.0:22")).isTrue();
        assertThat(RowParser.ssCutBeforePeer("LISTEN 0 128 for a while")).isFalse();
        assertThat(TextLines.isText("{% endhighlight %}")).isTrue();
        assertThat(TextLines.isText("- `sk:2f` \u2014 interna kernel \u201ecookie\u201c vrednost soketa.")).isTrue();
        assertThat(TextLines.isText("tcp 0 0 0.0.0.0:22 0.0.0.0:* LISTEN 1/sshd")).isFalse();
    }

    /**
     * A GitHub comment's code span opened by one backtick before the command and closed by a backtick alone under its
     * output ("`ss -tulpn | awk 'NR==1 || /53/'"): the command line is a command (it was a problem).
     */
    @Test
    void aCodeSpanOverLinesOpensWithItsCommand() throws Exception {
        ReadResult span = read("issue-code-span-over-lines-ss-awk.txt");
        assertThat(span.problems()).as(span.problems().toString()).isEmpty();
        assertThat(span.listeners()).extracting(l -> l.proto() + " " + l.port()).containsExactly("UDP 5353", "UDP 5353");
    }

    /**
     * A tool's message quoted above the rows, whose sentence ends with a list of ports ("Some of your servers listen to
     * the 0.0.0.0 host.(ports: 11333, 5222, 9104, 5269, 4190)"), is text (it was a problem).
     */
    @Test
    void aSentenceEndingInAListOfPortsIsText() throws Exception {
        ReadResult quoted = read("issue-quoted-message-port-list-plnt.txt");
        assertThat(quoted.problems()).as(quoted.problems().toString()).isEmpty();
        assertThat(quoted.listeners()).extracting(l -> l.port() + " " + l.process())
                .containsExactly("389 slapd", "11333 rspamd: main p", "5222 lua5.1", "587 master", "143 init", "9104 node");
        assertThat(TextLines.isText("Some of your servers listen to the 0.0.0.0 host.(ports: 11333, 5222, 9104, 5269, 4190)"))
                .isTrue();
        assertThat(TextLines.isText("tcp 0 0 0.0.0.0:22 0.0.0.0:* LISTEN 1/sshd")).isFalse();
    }

    /**
     * An interactive program's prompt under a dump, its name and '>' ("mql> ports.list => []"), is a prompt: the two
     * lines of mql's shell under FreeBSD's sockstat were problems.
     */
    @Test
    void anInteractiveProgramsPromptIsAPrompt() throws Exception {
        ReadResult repl = read("pr-freebsd-sockstat-46-s-repl-prompts.txt");
        assertThat(repl.problems()).as(repl.problems().toString()).isEmpty();
        assertThat(repl.listeners()).extracting(l -> l.proto() + " " + l.port() + " " + l.process())
                .containsExactly("TCP 22 sshd", "TCP 22 sshd");
        assertThat(Vocabulary.namedCommand("mysql> show variables like 'port';").text()).isEqualTo("show variables like 'port';");
        assertThat(Vocabulary.isPrompt("sqlite>")).isTrue();
        assertThat(Vocabulary.isPrompt("Some of your servers> listen")).isFalse();
    }

    /**
     * A net-tools row wrapped at 80 columns before its state, the state alone on the next line ("tcp 0 256
     * 192.168.0.46:22 192.168.0.39:25600" / " ESTABLISHED"): the row is an established connection (it was read as an ss
     * row without a state, and the state line as an ss detail line).
     */
    @Test
    void aStateWrappedOntoItsOwnLineIsTheRowsState() throws Exception {
        ReadResult wrapped = read("issue-email-reply-netstat-an-wrapped-80col.txt");
        assertThat(wrapped.problems()).isEmpty();
        assertThat(wrapped.variant()).isEqualTo("linux-netstat");
        assertThat(wrapped.connections()).extracting(c -> c.localPort() + " " + c.remoteAddress() + " " + c.state())
                .containsExactly("22 192.168.0.39 ESTABLISHED");
        assertThat(wrapped.listeners()).hasSize(8);
        assertThat(wrapped.notes()).anyMatch(n -> n.contains(", 0 ss detail lines, 1 wrapped-row continuation lines,"));
    }
}
