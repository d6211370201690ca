package dev.portolan.batch;

import dev.portolan.ChildJvm;
import dev.portolan.audit.Auditor;
import dev.portolan.catalog.CatalogLoader;
import dev.portolan.cli.Main;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.HostReport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Walking a batch folder: loops, links out of the tree, unreadable folders and files seen twice cost only themselves. */
class FolderWalkTest {
    private static final Path QUAIL = Paths.get(System.getProperty("portolan.root", "."), "samples", "clientmanager-quail-e2", "netstat-a.txt");

    @TempDir
    Path tmp;
    Path root;
    Path outside;

    @BeforeEach
    void tree() throws Exception {
        root = Files.createDirectories(tmp.resolve("collected"));
        outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(outside.resolve("protocols"), "  TCP    0.0.0.0:7777           0.0.0.0:0              LISTENING\r\n");
        Path a = Files.createDirectories(root.resolve("hostA"));
        Files.copy(QUAIL, a.resolve("netstat.txt"));
        Files.createSymbolicLink(a.resolve("again.txt"), Paths.get("netstat.txt"));
        Path b = Files.createDirectories(root.resolve("hostB"));
        Files.copy(QUAIL, b.resolve("netstat.txt"));
        Files.createSymbolicLink(b.resolve("loop"), Paths.get(".."));
        Path c = Files.createDirectories(root.resolve("hostC"));
        Files.copy(QUAIL, c.resolve("netstat.txt"));
        Files.createSymbolicLink(c.resolve("etc"), outside);
    }

    @Test
    void loopsLinksOutAndRepeatsAreNoticesOfTheirHostAndEveryHostIsAudited() throws Exception {
        Map<String, List<String>> problems = problems(false);
        assertThat(problems).containsOnlyKeys("hostA", "hostB", "hostC");
        assertThat(problems.get("hostA")).containsExactly(root.resolve("hostA/netstat.txt") + ": the same file as "
                + root.resolve("hostA/again.txt") + "; read once");
        assertThat(problems.get("hostB")).containsExactly(root.resolve("hostB/loop") + ": a symbolic link loop (leads back "
                + "to a folder above it); not followed");
        assertThat(problems.get("hostC")).containsExactly(root.resolve("hostC/etc") + ": a symbolic link out of " + root
                + "; not followed (use --follow-links to read it)");
    }

    @Test
    void followLinksReadsWhatALinkOutOfTheTreeLeadsTo() throws Exception {
        var outcome = job(true).run();
        HostReport c = outcome.report().hosts().stream().filter(h -> h.host().name().equals("hostC")).findFirst().orElseThrow();
        assertThat(c.listeners()).extracting(l -> l.port()).contains(7777);
        assertThat(problems(true).get("hostC")).isEmpty();
    }

    @Test
    void anUnreadableSubFolderIsAProblemOfItsHostTheOthersAreAuditedExit2() throws Exception {
        Path d = Files.createDirectories(root.resolve("hostD/logs"));
        Files.copy(QUAIL, d.resolve("netstat.txt"));
        Files.setPosixFilePermissions(d, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        Path report = tmp.resolve("report.json");
        // root reads everything: drop the capabilities that let it, as an ordinary user would be refused
        ProcessBuilder pb = ChildJvm.command("022", List.of(), Main.class, "audit", "--batch", root.toString(),
                "--role", "clientmanager:manager", "--fail-on", "never", "-o", report.toString());
        List<String> cmd = new java.util.ArrayList<>(List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search",
                "--inh-caps=-dac_override,-dac_read_search"));
        cmd.addAll(pb.command());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isEqualTo(2);
        assertThat(out).contains("portolan: " + d + ": permission denied").doesNotContain("Exception");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
        List<String> hosts = new java.util.ArrayList<>();
        json.get("hosts").forEach(h -> hosts.add(h.get("host").asText()));
        assertThat(hosts).containsExactly("hostA", "hostB", "hostC", "hostD");
    }

    @Test
    void aFileGivenTwiceIsReadOnceWithANote() throws Exception {
        Path copyViaLink = Files.createSymbolicLink(tmp.resolve("link.txt"), QUAIL.toAbsolutePath());
        HostReport h = AuditJob.builder(new Auditor(CatalogLoader.loadBundled())).inputs(List.of(QUAIL, QUAIL, copyViaLink))
                .threads(1).build().run().report().hosts().get(0);
        // 15 listening sockets read once: 14 services (135 is bound twice)
        assertThat(h.listeners()).hasSize(14);
        assertThat(h.listeners().stream().mapToLong(dev.portolan.model.ListeningService::sockets).sum()).isEqualTo(15);
        assertThat(h.findings().stream().filter(f -> f.code() == FindingCode.INPUT_PROBLEM).map(Finding::message)
                .filter(m -> !m.startsWith(NO_ROLES)))
                .containsExactly(QUAIL + ": the same file as " + QUAIL + "; read once",
                        copyViaLink + ": the same file as " + QUAIL + "; read once");
    }

    @Test
    void aWalkStartedAheadPlansTheSameHostsAndFilesAsTheJobsOwnWalk() throws Exception {
        // loose files beside the host folders, a loose file and a folder of the same name, a hidden file, an empty folder
        Files.copy(QUAIL, root.resolve("hostE.txt"));
        Files.copy(QUAIL, root.resolve("hostA.txt"));
        Files.writeString(root.resolve(".hidden"), "x");
        Files.createDirectories(root.resolve("hostF"));
        Path fleet = Paths.get(System.getProperty("portolan.root", "."), "samples", "fleet", "collected");
        for (boolean follow : new boolean[]{false, true}) {
            for (List<Path> given : List.of(List.of(root), List.of(fleet), List.of(fleet, root, QUAIL))) {
                List<HostInputs> own = AuditJob.builder(new Auditor(CatalogLoader.loadBundled())).inputs(given).batch(true)
                        .followLinks(follow).build().plan();
                List<HostInputs> ahead = AuditJob.builder(new Auditor(CatalogLoader.loadBundled())).inputs(given).batch(true)
                        .followLinks(follow).walkedAhead(AuditJob.walkAhead(given, follow)).build().plan();
                assertThat(ahead).as(given + " follow " + follow).isEqualTo(own);
            }
        }
        List<HostInputs> plan = AuditJob.builder(new Auditor(CatalogLoader.loadBundled())).inputs(List.of(root)).batch(true)
                .walkedAhead(AuditJob.walkAhead(List.of(root), false)).build().plan();
        assertThat(plan).extracting(HostInputs::name).containsExactly("hostA", "hostA", "hostB", "hostC", "hostE");
        assertThat(plan.get(0).files()).extracting(f -> f.source().name(), HostInputs.Input::inFolder, HostInputs.Input::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(root.resolve("hostA/again.txt").toString(), true, dev.portolan.ingest.InputWalk.Kind.FILE),
                        org.assertj.core.groups.Tuple.tuple(root.resolve("hostA/netstat.txt").toString(), true, dev.portolan.ingest.InputWalk.Kind.SAME_FILE_AGAIN));
        assertThat(ReadNothing.emptyFolders(List.of(root, root.resolve("hostF"), root.resolve("hostB"))))
                .containsExactly(root.resolve("hostF") + ": the folder holds no input files (hidden files and README.md are not inputs)");
    }

    /** These hosts have no roles on purpose; that notice is NoRolesNoticeTest's. */
    private static final String NO_ROLES = "no product roles for ";

    private AuditJob job(boolean follow) throws Exception {
        return AuditJob.builder(new Auditor(CatalogLoader.loadBundled())).inputs(List.of(root)).batch(true)
                .followLinks(follow).threads(1).build();
    }

    /** The walk's problems per host (not the no-roles notice, nor the warning that the quail dump names quail, not hostA). */
    private Map<String, List<String>> problems(boolean follow) throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        for (HostReport h : job(follow).run().report().hosts()) {
            out.put(h.host().name(), h.findings().stream().filter(f -> f.code() == FindingCode.INPUT_PROBLEM)
                    .map(Finding::message).filter(m -> !m.startsWith(NO_ROLES) && !m.startsWith("the input names host quail"))
                    .toList());
        }
        return out;
    }
}
