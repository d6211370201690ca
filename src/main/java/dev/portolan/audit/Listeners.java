package dev.portolan.audit;

import dev.portolan.model.Addresses;
import dev.portolan.model.Evidence;
import dev.portolan.model.Listener;
import dev.portolan.model.ListeningService;
import dev.portolan.model.Protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Listeners grouped by (protocol, port) as they arrive: a port bound on 0.0.0.0 and [::] is one service. */
final class Listeners {
    static final int MAX_EVIDENCE = 8;
    static final int MAX_PROCESSES = 16;

    /** Process names for matching catalog rows (lower case, with and without ".exe"), possibly empty. */
    static List<String> processes(ListeningService g) {
        List<String> out = new ArrayList<>();
        for (String label : g.processLabels()) {
            // "-b" output reads "svchost.exe (RpcSs)", ss/netstat -p just "sshd": keep the bare program
            // name, with and without ".exe", so catalog rows may name either
            String p = label.toLowerCase(Locale.ROOT);
            int cut = p.indexOf(" (");
            if (cut > 0) p = p.substring(0, cut);
            if (p.startsWith("[") && p.endsWith("]")) p = p.substring(1, p.length() - 1);
            if (!out.contains(p)) out.add(p);
            if (p.endsWith(".exe") && !out.contains(p.substring(0, p.length() - 4))) out.add(p.substring(0, p.length() - 4));
        }
        return out;
    }

    /** Groups listeners as they arrive; memory grows with listening services, not sockets. */
    static final class Tally {
        private final Map<Long, Building> groups = new LinkedHashMap<>();

        void add(Listener l) {
            groups.computeIfAbsent(ListenerAudit.key(l.proto(), l.port()), k -> new Building(l.proto(), l.port())).add(l);
        }

        boolean isEmpty() {
            return groups.isEmpty();
        }

        List<ListeningService> groups() {
            List<ListeningService> out = new ArrayList<>();
            for (Building b : groups.values()) out.add(b.build());
            out.sort((a, b) -> a.port() != b.port() ? Integer.compare(a.port(), b.port()) : a.proto().compareTo(b.proto()));
            return out;
        }
    }

    /** One command's output in one file. */
    private record Output(String file, int dump) {
    }

    /** The sockets of one output: its rows that name none, and the distinct ones its other rows name. */
    private static final class Sockets {
        /** Named sockets kept, at most; past it each named row counts as one more (memory stays bounded). */
        static final int MAX_NAMED = 4096;
        long unnamed;
        /** Made for the first row that names its socket (most outputs have none). */
        java.util.Set<String> named;

        void add(String socket) {
            if (socket == null) {
                unnamed++;
                return;
            }
            if (named == null) named = new java.util.HashSet<>();
            if (named.size() >= MAX_NAMED && !named.contains(socket)) unnamed++;
            else named.add(socket);
        }

        long count() {
            return unnamed + (named == null ? 0 : named.size());
        }
    }

    private static final class Building {
        final Protocol proto;
        final int port;
        String address;
        boolean loopbackOnly = true;
        final List<Evidence> evidence = new ArrayList<>(2);
        final List<String> processLabels = new ArrayList<>(1);
        final List<Long> pids = new ArrayList<>(1);
        /**
         * Sockets per command output of each input file: the same socket in two dumps of one host (sos report's ss,
         * netstat and lsof; supportconfig's network.txt and ssh.txt; a listing pasted with its {@code | findstr 3306} run
         * after it) is one socket, so the count is the most any one output shows. Within one output every row counts,
         * two rows alike there are two sockets (netstat -a prints 0.0.0.0:135 and 192.168.1.5:135 both as "quail:135"),
         * except rows that name their socket ({@link Listener#socket}: lsof and fstat list a socket once per process
         * holding it): those count once per socket they name.
         */
        final Map<Output, Sockets> socketsPerOutput = new LinkedHashMap<>(2);

        Building(Protocol proto, int port) {
            this.proto = proto;
            this.port = port;
        }

        void add(Listener l) {
            socketsPerOutput.computeIfAbsent(new Output(l.evidence() == null ? "" : l.evidence().file(), l.dump()), o -> new Sockets())
                    .add(l.socket());
            String a = l.address();
            if (address == null || (!Addresses.isWildcard(address)
                    && (Addresses.isWildcard(a) || (Addresses.isLoopback(address) && !Addresses.isLoopback(a))))) {
                address = a;
            }
            if (!Addresses.isLoopback(a)) loopbackOnly = false;
            if (evidence.size() < MAX_EVIDENCE) evidence.add(l.evidence());
            if (l.process() != null && !l.process().isBlank()) {
                String p = l.process().trim();
                if (processLabels.size() < MAX_PROCESSES && !processLabels.contains(p)) processLabels.add(p);
            }
            if (l.pid() > 0 && pids.size() < MAX_PROCESSES && !pids.contains(l.pid())) pids.add(l.pid());
        }

        ListeningService build() {
            long sockets = 0;
            for (Sockets n : socketsPerOutput.values()) sockets = Math.max(sockets, n.count());
            return new ListeningService(proto, port, address, loopbackOnly, evidence, List.copyOf(processLabels), List.copyOf(pids),
                    sockets);
        }
    }

    static List<ListeningService> group(List<Listener> listeners) {
        Tally t = new Tally();
        listeners.forEach(t::add);
        return t.groups();
    }
}
