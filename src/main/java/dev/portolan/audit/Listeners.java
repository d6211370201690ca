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

        /** Process names as the dump shows them, for messages. */
        List<String> processLabels() {
            List<String> out = new ArrayList<>();
            for (Listener l : sockets) {
                if (l.process() != null && !l.process().isBlank() && !out.contains(l.process().trim())) out.add(l.process().trim());
            }
            return out;
        }

        /** Process names for matching catalog rows (lower case, with and without ".exe"), possibly empty. */
        List<String> processes() {
            List<String> out = new ArrayList<>();
            for (Listener l : sockets) {
                if (l.process() != null && !l.process().isBlank()) {
                    // "-b" output reads "svchost.exe (RpcSs)", ss/netstat -p just "sshd": keep the bare program
                    // name, with and without ".exe", so catalog rows may name either
                    String p = l.process().trim().toLowerCase(java.util.Locale.ROOT);
                    int cut = p.indexOf(" (");
                    if (cut > 0) p = p.substring(0, cut);
                    if (p.startsWith("[") && p.endsWith("]")) p = p.substring(1, p.length() - 1);
                    if (!out.contains(p)) out.add(p);
                    if (p.endsWith(".exe") && !out.contains(p.substring(0, p.length() - 4))) out.add(p.substring(0, p.length() - 4));
                }
            }
            return out;
        }
    }

    static List<Group> group(List<Listener> listeners) {
        Map<Long, List<Listener>> m = new LinkedHashMap<>();
        for (Listener l : listeners) {
            long key = ListenerAudit.key(l.proto(), l.port());
            m.computeIfAbsent(key, k -> new ArrayList<>()).add(l);
        }
        List<Group> out = new ArrayList<>();
        for (List<Listener> ls : m.values()) out.add(new Group(ls.get(0).proto(), ls.get(0).port(), ls));
        out.sort((a, b) -> a.port != b.port ? Integer.compare(a.port, b.port) : a.proto.compareTo(b.proto));
        return out;
    }
}
