package dev.portolan.ingest.firewall;

import dev.portolan.model.Flow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * Joins the flow tables of consecutive chunks into one first-seen-ordered list, as a sequential
 * read would have built it. A flow of chunk j whose key an earlier chunk already has is merged
 * into the earliest such flow (its owner); the rest are new. Within one chunk all keys differ, so
 * its entries can be looked up and merged on several threads without two touching one owner.
 */
final class FlowMerge {
    private FlowMerge() {
    }

    static List<Flow> merge(List<FlowTable> tables, ExecutorService pool, int threads) throws Exception {
        boolean[][] absorbed = new boolean[tables.size()][];
        int total = tables.get(0).size();
        for (int j = 1; j < tables.size(); j++) {
            FlowTable later = tables.get(j);
            absorbed[j] = new boolean[later.size()];
            List<Callable<Void>> jobs = new ArrayList<>();
            int parts = Math.max(1, Math.min(threads, later.size() / 4096));
            for (int p = 0; p < parts; p++) {
                int from = (int) ((long) later.size() * p / parts);
                int to = (int) ((long) later.size() * (p + 1) / parts);
                int chunk = j;
                jobs.add(() -> {
                    absorb(tables, chunk, from, to, absorbed[chunk]);
                    return null;
                });
            }
            if (parts == 1) {
                jobs.get(0).call();
            } else {
                for (var f : pool.invokeAll(jobs)) f.get();
            }
            for (boolean a : absorbed[j]) if (!a) total++;
        }
        List<Flow> out = new ArrayList<>(total);
        out.addAll(tables.get(0).flows());
        for (int j = 1; j < tables.size(); j++) {
            FlowTable t = tables.get(j);
            for (int i = 0; i < t.size(); i++) {
                if (!absorbed[j][i]) out.add(t.flowAt(i));
            }
        }
        return out;
    }

    private static void absorb(List<FlowTable> tables, int j, int from, int to, boolean[] absorbed) {
        FlowTable later = tables.get(j);
        for (int i = from; i < to; i++) {
            for (int t = 0; t < j; t++) {
                Flow owner = tables.get(t).getKeyOf(later, i);
                // probing from the first chunk on, the first hit is the key's first occurrence
                if (owner != null) {
                    owner.merge(later.flowAt(i));
                    absorbed[i] = true;
                    break;
                }
            }
        }
    }
}
