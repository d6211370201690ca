package dev.portolan.model;

import java.util.List;

/**
 * The sockets of a snapshot listening on one protocol/port, folded: the most exposed bind address (a wildcard,
 * else a specific address, else loopback), whether all are bound to loopback, the process names as the dump shows
 * them, the process ids the dump shows (a {@code netstat -ano} names processes by them alone), how many sockets (the
 * most any one input file shows: one host's dumps list the same sockets), and the first few evidence lines.
 */
public record ListeningService(Protocol proto, int port, String address, boolean loopbackOnly, List<Evidence> evidence,
                               List<String> processLabels, List<Long> pids, long sockets) {

    public ListeningService {
        evidence = List.copyOf(evidence);
        processLabels = List.copyOf(processLabels);
        pids = List.copyOf(pids);
    }
}
