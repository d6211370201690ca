import dev.portolan.ingest.Source;
import dev.portolan.ingest.firewall.FirewallLog;
import dev.portolan.ingest.firewall.FirewallLogReader;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.Flow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark driver: reads a firewall log with portolan's reader (flows, evidence and all) and prints
 * per (action, protocol, dst-port) line counts, the table the mawk one-liner in run.sh prints.
 * Usage: FirewallBench <log> [threads]
 */
public final class FirewallBench {
    public static void main(String[] args) throws Exception {
        FirewallLogReader.Options options = FirewallLogReader.Options.defaults();
        if (args.length > 1) options = options.withThreads(Integer.parseInt(args[1]));
        long t0 = System.nanoTime();
        FirewallLog log = new FirewallLogReader(options).readLog(Source.of(Path.of(args[0])));
        long t1 = System.nanoTime();
        // counts[action][protocol slot][port + 1]; port 0 of the row = no port (ICMP, numeric protocols)
        FirewallAction[] actions = FirewallAction.values();
        int[] protocols = {6, 17, 1, 58};
        long[][][] counts = new long[actions.length][][];
        Map<String, Long> other = new HashMap<>();
        for (Flow f : log.result().flows()) {
            int slot = switch (f.ipProtocol()) {
                case 6 -> 0;
                case 17 -> 1;
                case 1 -> 2;
                case 58 -> 3;
                default -> -1;
            };
            for (FirewallAction a : actions) {
                long n = f.actionCount(a);
                if (n == 0) continue;
                if (slot < 0) {
                    other.merge(a.label() + " " + f.ipProtocol() + " -", n, Long::sum);
                    continue;
                }
                long[][] byProto = counts[a.ordinal()];
                if (byProto == null) byProto = counts[a.ordinal()] = new long[protocols.length][];
                long[] byPort = byProto[slot];
                if (byPort == null) byPort = byProto[slot] = new long[65537];
                byPort[f.proto().hasPorts() ? f.respPort() + 1 : 0] += n;
            }
        }
        String[] names = {"TCP", "UDP", "ICMP", "ICMPv6"};
        List<String> rows = new ArrayList<>();
        for (FirewallAction a : actions) {
            if (counts[a.ordinal()] == null) continue;
            for (int p = 0; p < protocols.length; p++) {
                long[] byPort = counts[a.ordinal()][p];
                if (byPort == null) continue;
                for (int port = 0; port < byPort.length; port++) {
                    if (byPort[port] > 0) {
                        rows.add(a.label() + " " + names[p] + " " + (port == 0 ? "-" : Integer.toString(port - 1)) + " " + byPort[port]);
                    }
                }
            }
        }
        other.forEach((k, v) -> rows.add(k + " " + v));
        StringBuilder out = new StringBuilder();
        for (String r : rows) out.append(r).append('\n');
        System.out.print(out);
        System.err.printf("portolan: %d lines, %d data lines, %d flows, %d problems, read %.3f s, count %.3f s%n",
                log.stats().lines(), log.stats().dataLines(), log.result().flows().size(), log.result().problemCount(),
                (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
    }
}
