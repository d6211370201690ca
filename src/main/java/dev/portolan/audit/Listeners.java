package dev.portolan.audit;

import dev.portolan.model.Addresses;
import dev.portolan.model.Evidence;
import dev.portolan.model.Listener;
import dev.portolan.model.Protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Listeners grouped by (protocol, port): a port bound on 0.0.0.0 and [::] is one service. */
final class Listeners {

    /** One listening service: all the sockets bound to one protocol/port. */
    record Group(Protocol proto, int port, List<Listener> sockets) {
        /** The most exposed bind address: a wildcard, else a specific address, else loopback. */
        String address() {
            String best = null;
            for (Listener l : sockets) {
                if (Addresses.isWildcard(l.address())) return l.address();
                if (best == null || (Addresses.isLoopback(best) && !Addresses.isLoopback(l.address()))) best = l.address();
            }
            return best;
        }

        boolean loopbackOnly() {
            for (Listener l : sockets) if (!Addresses.isLoopback(l.address())) return false;
            return true;
        }

        List<Evidence> evidence() {
            List<Evidence> out = new ArrayList<>();
            for (Listener l : sockets) {
                if (out.size() >= 8) break;
                out.add(l.evidence());
            }
            return out;
        }

        /** Process names seen for the sockets (lower case), possibly empty. */
        List<String> processes() {
            List<String> out = new ArrayList<>();
            for (Listener l : sockets) {
                if (l.process() != null && !l.process().isBlank()) {
                    String p = l.process().toLowerCase(java.util.Locale.ROOT);
                    if (!out.contains(p)) out.add(p);
                }
            }
            return out;
        }
    }

    static List<Group> group(List<Listener> listeners) {
        Map<Long, List<Listener>> m = new LinkedHashMap<>();
        for (Listener l : listeners) {
            long key = ((long) l.proto().ordinal() << 32) | l.port();
            m.computeIfAbsent(key, k -> new ArrayList<>()).add(l);
        }
        List<Group> out = new ArrayList<>();
        for (List<Listener> ls : m.values()) out.add(new Group(ls.get(0).proto(), ls.get(0).port(), ls));
        out.sort((a, b) -> a.port != b.port ? Integer.compare(a.port, b.port) : a.proto.compareTo(b.proto));
        return out;
    }
}
