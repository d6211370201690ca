import dev.portolan.ingest.Source;
import dev.portolan.ingest.firewall.FirewallLog;
import dev.portolan.ingest.firewall.FirewallLogReader;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.Flow;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Benchmark driver: reads a firewall log with portolan's reader (flows, evidence and all) and prints
 * per (action, protocol, dst-port) line counts, the same table the mawk one-liner in run.sh prints.
 * Usage: FirewallBench <log> [threads]
 */
public final class FirewallBench {
    public static void main(String[] args) throws Exception {
        FirewallLogReader.Options options = FirewallLogReader.Options.defaults();
        if (args.length > 1) options = options.withThreads(Integer.parseInt(args[1]));
        long t0 = System.nanoTime();
        FirewallLog log = new FirewallLogReader(options).readLog(Source.of(Path.of(args[0])));
        long t1 = System.nanoTime();
        Map<String, Long> counts = new TreeMap<>();
        for (Flow f : log.result().flows()) {
            String proto = switch (f.ipProtocol()) {
                case 6 -> "TCP";
                case 17 -> "UDP";
                case 1 -> "ICMP";
                case 58 -> "ICMPv6";
                default -> Integer.toString(f.ipProtocol());
            };
            String port = f.proto().hasPorts() ? Integer.toString(f.respPort()) : "-";
            for (FirewallAction a : FirewallAction.values()) {
                long n = f.actionCount(a);
                if (n > 0) counts.merge(a.label() + " " + proto + " " + port, n, Long::sum);
            }
        }
        StringBuilder out = new StringBuilder();
        counts.forEach((k, v) -> out.append(k).append(' ').append(v).append('\n'));
        System.out.print(out);
        System.err.printf("portolan: %d lines, %d data lines, %d flows, %d problems, read %.3f s, count %.3f s%n",
                log.stats().lines(), log.stats().dataLines(), log.result().flows().size(), log.result().problemCount(),
                (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
    }
}
