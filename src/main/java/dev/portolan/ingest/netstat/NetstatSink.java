package dev.portolan.ingest.netstat;

import dev.portolan.model.Connection;
import dev.portolan.model.InputProblem;
import dev.portolan.model.Listener;

/** Receives what a netstat/ss dump yields, row by row, in file order (see {@link NetstatReader#read(dev.portolan.ingest.Source, NetstatSink)}). */
public interface NetstatSink {
    void listener(Listener listener);

    void connection(Connection connection);

    void problem(InputProblem problem);
}
