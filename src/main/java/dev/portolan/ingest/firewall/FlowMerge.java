package dev.portolan.ingest.firewall;

import dev.portolan.model.Flow;
import dev.portolan.model.LoggedFlowNumbers;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * Joins the flow tables of consecutive chunks into one first-seen-ordered list, as a sequential
 * read would have built it. A flow of chunk j whose key an earlier chunk already has is added
 * into the earliest such flow (its owner); the rest are new. Within one chunk all keys differ, so
 * its entries can be looked up and absorbed on several threads without two touching one owner.
 * The result is a view over the tables (no second copy of them): a {@link Flow} is made per flow as it is got.
 */
final class FlowMerge {
    private FlowMerge() {
    }

    static List<Flow> merge(List<LogFlows> tables, ExecutorService pool, int threads) throws Exception {
        for (LogFlows t : tables) t.drain(); // before threads share them
        int[][] fresh = new int[tables.size()][];
        for (int j = 1; j < tables.size(); j++) {
            LogFlows later = tables.get(j);
            boolean[] absorbed = new boolean[later.size()];
            List<Callable<Void>> jobs = new ArrayList<>();
            int parts = Math.max(1, Math.min(threads, later.size() / 4096));
            for (int p = 0; p < parts; p++) {
                int from = (int) ((long) later.slotCount() * p / parts);
                int to = (int) ((long) later.slotCount() * (p + 1) / parts);
                int chunk = j;
                jobs.add(() -> {
                    absorb(tables, chunk, from, to, absorbed);
                    return null;
                });
            }
            if (parts == 1) {
                jobs.get(0).call();
            } else {
                for (var f : pool.invokeAll(jobs)) f.get();
            }
            int n = 0;
            for (boolean a : absorbed) if (!a) n++;
            int[] keep = new int[n];
            n = 0;
            for (int i = 0; i < absorbed.length; i++) if (!absorbed[i]) keep[n++] = i;
            fresh[j] = keep;
        }
        return new Merged(tables, fresh);
    }

    /**
     * Adds the flows of table {@code j} indexed in its slots {@code [from, to)} into the earliest table that has their
     * key, and marks them {@code absorbed}: each earlier table in turn, from the first, is probed for the flows no table
     * before it had (in hash order: see {@link FlowTable#matches}).
     */
    private static void absorb(List<LogFlows> tables, int j, int from, int to, boolean[] absorbed) {
        LogFlows later = tables.get(j);
        for (int t = 0; t < j; t++) {
            LogFlows earlier = tables.get(t);
            earlier.matches(later, from, to, absorbed, (i, owner) -> {
                earlier.absorb(owner, later, i);
                absorbed[i] = true;
            });
        }
    }

    /** The first table's flows, then each later table's flows that no earlier table had ({@code fresh}). */
    private static final class Merged extends AbstractList<Flow> implements RandomAccess, LoggedFlowNumbers {
        private final LogFlows[] tables;
        /** Per table but the first (all of whose flows are rows, in order), the rows of its flows in the merged list. */
        private final int[][] rows;
        /** Per table, the index in the merged list of its first row. */
        private final int[] starts;
        private final int size;

        Merged(List<LogFlows> tables, int[][] fresh) {
            this.tables = tables.toArray(new LogFlows[0]);
            this.rows = fresh;
            starts = new int[rows.length];
            int n = this.tables[0].size();
            for (int j = 1; j < rows.length; j++) {
                starts[j] = n;
                n += rows[j].length;
            }
            this.size = n;
        }

        @Override
        public Flow get(int index) {
            java.util.Objects.checkIndex(index, size);
            int j = table(index);
            return tables[j].flow(row(j, index));
        }

        @Override
        public <E extends Exception> void numbers(int index, LoggedFlowNumbers.Row<E> to) throws E {
            java.util.Objects.checkIndex(index, size);
            int j = table(index);
            tables[j].numbers(row(j, index), to);
        }

        /** The flow of table {@code j} at {@code index} of the merged list. */
        private int row(int j, int index) {
            return j == 0 ? index : rows[j][index - starts[j]];
        }

        /**
         * The table of the row at {@code index}, counted without a branch per table: a writer goes through the first
         * table's rows first, and a branch its profile never saw taken would make the JIT throw away the writer's
         * compiled code when it is.
         */
        private int table(int index) {
            int j = 0;
            for (int k = 1; k < starts.length; k++) j += (starts[k] - 1 - index) >>> 31;
            return j;
        }

        @Override
        public int size() {
            return size;
        }
    }
}
