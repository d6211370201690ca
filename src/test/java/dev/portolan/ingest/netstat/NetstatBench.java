package dev.portolan.ingest.netstat;

import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.ObservationSink;
import dev.portolan.ingest.Source;
import dev.portolan.model.Connection;
import dev.portolan.model.InputProblem;
import dev.portolan.model.Listener;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmark entry used by bench/netstat/run.sh: {@code NetstatBench FILE [stream|collect] [runs]}.
 * "stream" counts rows through a sink (memory independent of rows); "collect" builds the full
 * ReadResult as the CLI does. Prints one line per run: seconds, MB/s, rows/s.
 */
public final class NetstatBench {
    private NetstatBench() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String mode = args.length > 1 ? args[1] : "collect";
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        double mb = Files.size(file) / 1e6;
        for (int run = 1; run <= runs; run++) {
            long t0 = System.nanoTime();
            long rows;
            long listeners;
            long problems;
            if (mode.equals("stream")) {
                long[] n = new long[3];
                new NetstatReader().readRows(Source.of(file), new ObservationSink() {
                    @Override
                    public void listener(Listener l) {
                        n[0]++;
                    }

                    @Override
                    public void connection(Connection c) {
                        n[1]++;
                    }

                    @Override

                    public void flow(dev.portolan.model.Flow flow) {

                    }


                    @Override
                    public void problem(InputProblem p) {
                        n[2]++;
                    }
                });
                rows = n[0] + n[1];
                listeners = n[0];
                problems = n[2];
            } else {
                ReadResult r = new NetstatReader().read(Source.of(file));
                rows = r.listeners().size() + r.connections().size();
                listeners = r.listeners().size();
                problems = r.problemCount();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("portolan-%s run %d: %.3f s  %.1f MB/s  %.0f rows/s  (rows %d, listeners %d, problems %d)%n",
                    mode, run, s, mb / s, rows / s, rows, listeners, problems);
        }
    }
}
