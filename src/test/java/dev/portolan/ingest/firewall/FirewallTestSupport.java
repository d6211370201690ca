package dev.portolan.ingest.firewall;

import dev.portolan.ingest.Source;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.Flow;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shared helpers: where the corpus and fixtures are, and a full textual fingerprint of a read. */
final class FirewallTestSupport {
    private FirewallTestSupport() {
    }

    static Path corpus(String name) {
        return Path.of(System.getProperty("portolan.shared", "../shared"), "corpus", "firewall", name);
    }

    static Path fixture(String name) {
        try {
            return Path.of(FirewallTestSupport.class.getResource("/fixtures/firewall/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One thread; the caches of recent lines from the first line (a test's small logs would not reach the default's 2,048). */
    static FirewallLogReader.Options sequential() {
        return FirewallLogReader.Options.defaults().withThreads(1).withCachesAfter(0);
    }

    /** Forces the chunked path even for tiny files, with many chunks and a small buffer; the caches from the first line. */
    static FirewallLogReader.Options parallel(int chunks) {
        return FirewallLogReader.Options.defaults().withThreads(2).withChunks(chunks).withMinParallelBytes(0).withCachesAfter(0);
    }

    static FirewallLog read(Path path, FirewallLogReader.Options options) throws IOException {
        return new FirewallLogReader(options).readLog(Source.of(path));
    }

    static FirewallLog read(Path path) throws IOException {
        return read(path, sequential());
    }

    /** Everything a read produced, as text, so two reads can be compared exactly. */
    static List<String> fingerprint(FirewallLog log) {
        List<String> out = new ArrayList<>();
        out.add("stats " + log.stats() + " nul=" + log.stats().nulBytes() + " lost=" + log.stats().eventsLost()
                + " pid=" + log.stats().pidLines() + " headerless=" + log.stats().headerlessLines());
        out.add("variant " + log.result().variant() + " records " + log.result().records() + " problems " + log.result().problemCount());
        log.result().notes().forEach(n -> out.add("note " + n));
        if (log.result().logGap() != null) out.add("gap " + log.result().logGap());
        log.result().problems().forEach(p -> out.add("problem " + p + " | " + p.evidence().text()));
        for (Flow f : log.result().flows()) {
            StringBuilder sb = new StringBuilder("flow ").append(f.describe()).append(' ').append(f.ipProtocol())
                    .append(' ').append(f.direction()).append(' ').append(f.firstMicros()).append('-').append(f.lastMicros())
                    .append(" bytes=").append(f.bytes()).append(" ev=").append(f.evidenceCount());
            for (FirewallAction a : FirewallAction.values()) sb.append(' ').append(f.actionCount(a));
            f.evidence().forEach(e -> sb.append(" | ").append(e.location()).append(' ').append(e.text()));
            out.add(sb.toString());
        }
        return out;
    }

    static int groups(FirewallLog log) {
        // services as (protocol, responder address, responder port, direction)
        return (int) log.result().flows().stream()
                .map(f -> f.ipProtocol() + " " + f.respAddr() + " " + f.respPort() + " " + f.direction()).distinct().count();
    }

    static List<Long> problemLines(FirewallLog log) {
        return log.result().problems().stream().map(p -> p.evidence().line()).toList();
    }
}
