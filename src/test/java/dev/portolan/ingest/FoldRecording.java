package dev.portolan.ingest;

import dev.portolan.model.Connection;
import dev.portolan.model.Flow;
import dev.portolan.model.InputProblem;
import dev.portolan.model.Listener;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A test sink for firewall log reads in fold mode (ChunkStealingTest, the fuzz target that reads in pieces): its folds
 * write down every line they get, with its number and values ({@link #lines}, sorted), and note a line that comes to a
 * fold before one it had ({@link #outOfOrder}). With {@code slow} >= 0, fold number {@code slow} waits a little every few
 * lines and the first fold waits once at its first line (so that one thread runs out of work well before the other).
 */
public final class FoldRecording implements ObservationSink {
    private final int slow;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    public final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    public final List<String> outOfOrder = Collections.synchronizedList(new ArrayList<>());
    private int folds;

    public FoldRecording(int slow) {
        this.slow = slow;
    }

    public List<String> lines() {
        List<String> sorted = new ArrayList<>(lines);
        sorted.sort(null);
        return sorted;
    }

    public synchronized int foldsMade() {
        return folds;
    }

    @Override
    public synchronized LogLineFold logLineFold() {
        int number = folds++;
        return new LogLineFold() {
            private final List<String> mine = new ArrayList<>();
            private long last;

            @Override
            public Handle first(LogLine line) {
                note(line);
                return new Handle() {
                };
            }

            @Override
            public void again(Handle flow, LogLine line) {
                note(line);
            }

            private void note(LogLine l) {
                if (l.line() <= last) outOfOrder.add("fold " + number + ": line " + l.line() + " after " + last);
                last = l.line();
                mine.add(String.format("%08d %s %d %d %s %d %s %s %d %d", l.line(), l.srcText(), l.srcPort(), l.ipProtocol(),
                        l.dstText(), l.dstPort(), l.action(), l.direction(), l.micros(), l.bytes()));
                if (number == slow && mine.size() % 8 == 0) LockSupport.parkNanos(1_000_000);
                // the thread at the top starts late enough for the other's count to take the rest (the hand-off)
                if (slow >= 0 && number == 0 && mine.size() == 1) LockSupport.parkNanos(50_000_000);
            }

            @Override
            public void done() {
                lines.addAll(mine);
            }
        };
    }

    @Override
    public void problem(InputProblem problem) {
        problems.add(problem.evidence().line() + " " + problem.message());
    }

    @Override
    public void listener(Listener listener) {
    }

    @Override
    public void connection(Connection connection) {
    }

    @Override
    public void flow(Flow flow) {
        throw new AssertionError("a folding sink gets no flows");
    }
}
