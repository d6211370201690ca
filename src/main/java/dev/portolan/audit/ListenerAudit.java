package dev.portolan.audit;

import dev.portolan.catalog.CatalogEntry;
import dev.portolan.catalog.Truth;
import dev.portolan.model.Addresses;
import dev.portolan.model.Finding;
import dev.portolan.model.ListeningService;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Protocol;
import dev.portolan.model.Severity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Findings for a listener snapshot: EXPECTED, FALLBACK_PORT, UNKNOWN/EPHEMERAL_LISTENER, EXPOSED_INTERNAL, MISSING_LISTENER. */
final class ListenerAudit {
    private final RoleView view;

    ListenerAudit(RoleView view) {
        this.view = view;
    }

    List<Finding> audit(List<ListeningService> groups) {
        List<Finding> out = new ArrayList<>();
        for (ListeningService g : groups) out.add(classify(g));
        out.addAll(missing(groups));
        return out;
    }

    private Finding classify(ListeningService g) {
        List<CatalogEntry> claims = view.catalog.claiming(g.proto(), g.port());
        CatalogEntry primary = null;
        CatalogEntry fallback = null;
        for (CatalogEntry e : claims) {
            if (view.listeningRole(e) == null || !view.truth(e).possible()) continue;
            if (e.primaryPort(g.port())) {
                if (primary == null || (view.truth(primary) != Truth.TRUE && view.truth(e) == Truth.TRUE)) primary = e;
            } else if (fallback == null) {
                fallback = e;
            }
        }
        CatalogEntry baseline = baselineMatch(g, claims);
        // a row whose condition is unknown explains the port less well than the OS baseline does
        if (primary != null && baseline != null && view.truth(primary) != Truth.TRUE) primary = null;
        if (primary != null) {
            String role = view.listeningRole(primary);
            if (primary.isInternalOnly() && !g.loopbackOnly()) {
                return base(FindingCode.EXPOSED_INTERNAL, g, primary, role)
                        .message(g.proto().label() + "/" + g.port() + " is documented for same-host use only (" + primary.purpose()
                                + ") but is bound to " + g.address() + ", reachable from other hosts; bind it to loopback or block it")
                        .build();
            }
            return base(FindingCode.EXPECTED, g, primary, role)
                    .message(primary.purpose() + conditionNote(primary)).build();
        }
        if (fallback != null) {
            return base(FindingCode.FALLBACK_PORT, g, fallback, view.listeningRole(fallback))
                    .message("listening on documented fallback port " + g.port() + " instead of " + fallback.ports()
                            + " (" + fallback.purpose() + "); the primary port was probably taken by another program")
                    .build();
        }
        if (baseline != null) {
            return base(FindingCode.EXPECTED, g, baseline, baseline.roles().get(0))
                    .message("OS baseline: " + baseline.purpose()
                            + (baseline.heuristic() ? " (heuristic row, confirmed by process " + String.join(", ", g.processLabels()) + ")" : ""))
                    .build();
        }
        CatalogEntry heuristic = heuristicClaim(g, claims);
        if (heuristic != null) return unconfirmed(g, heuristic);
        CatalogEntry rpc = rpcDynamic(g);
        if (rpc != null) {
            return base(FindingCode.EXPECTED, g, rpc, view.listeningRole(rpc))
                    .message("possibly the DCE-RPC automatically assigned port of " + rpc.purpose()).build();
        }
        String others = othersClaiming(claims);
        boolean ephemeral = view.isEphemeral(g.port());
        FindingCode code = ephemeral ? FindingCode.EPHEMERAL_LISTENER : FindingCode.UNKNOWN_LISTENER;
        StringBuilder msg = new StringBuilder();
        msg.append(g.proto().label()).append('/').append(g.port());
        if (ephemeral) {
            msg.append(" listens inside the ").append(view.os().label()).append(" ephemeral range ")
                    .append(view.host.ephemeralRange()).append(" and no catalog entry of this host names it (it collides with client ports)");
        } else {
            msg.append(" is not explained by the host's roles").append(view.hasAnyRole() ? " " + view.roles : " (none given)")
                    .append(" or the OS baseline");
        }
        if (!others.isEmpty()) msg.append("; the catalog documents it for ").append(others);
        if (g.loopbackOnly()) msg.append(" (bound to loopback only)");
        List<String> procs = g.processLabels();
        if (!procs.isEmpty()) msg.append("; process ").append(String.join(", ", procs));
        // Windows lists every bound UDP client socket (DNS, mDNS, SSDP clients ...) like a listener
        boolean udpClientLike = ephemeral && g.proto() == Protocol.UDP;
        if (udpClientLike) msg.append("; a UDP socket in the ephemeral range is most likely a client socket");
        Finding.Builder b = Finding.of(code).proto(g.proto()).port(g.port()).address(g.address())
                .message(msg.toString()).evidence(g.evidence());
        if (udpClientLike) b.severity(Severity.INFO);
        else if (g.loopbackOnly()) b.severity(Severity.NOTICE);
        return b.build();
    }

    private Finding.Builder base(FindingCode code, ListeningService g, CatalogEntry e, String role) {
        return Finding.of(code).proto(g.proto()).port(g.port()).address(g.address())
                .product(e.product()).role(role).evidence(g.evidence()).entry(e.id(), e.source());
    }

    private static String conditionNote(CatalogEntry e) {
        return e.condition().isAlways() ? "" : " [when " + e.condition() + "]";
    }

    /**
     * The OS baseline entry that explains the listener: the process must match when both sides name one, and a
     * heuristic row needs the process evidence (a guess is confirmed only by the process it names).
     */
    private CatalogEntry baselineMatch(ListeningService g, List<CatalogEntry> claims) {
        for (CatalogEntry e : claims) {
            if (!view.isBaseline(e) || !e.primaryPort(g.port()) || !view.truth(e).possible()) continue;
            List<String> procs = Listeners.processes(g);
            if (e.heuristic() && procs.isEmpty()) continue;
            if (!e.processes().isEmpty() && !procs.isEmpty() && procs.stream().noneMatch(e.processes()::contains)) continue;
            return e;
        }
        return null;
    }

    /** A heuristic OS baseline row claiming the port that the listener's processes did not confirm, or null. */
    private CatalogEntry heuristicClaim(ListeningService g, List<CatalogEntry> claims) {
        for (CatalogEntry e : claims) {
            if (e.heuristic() && view.isBaseline(e) && e.primaryPort(g.port()) && view.truth(e).possible()) return e;
        }
        return null;
    }

    /**
     * A listener only a heuristic row explains. Without process evidence it is likely that row's service, which the
     * reader should confirm: a notice. With a process the row does not name, the guess is contradicted: a warning.
     */
    private Finding unconfirmed(ListeningService g, CatalogEntry e) {
        boolean ephemeral = view.isEphemeral(g.port());
        List<String> procs = g.processLabels();
        String where = g.proto().label() + "/" + g.port();
        if (procs.isEmpty()) {
            return base(ephemeral ? FindingCode.EPHEMERAL_LISTENER : FindingCode.UNKNOWN_LISTENER, g, e, e.roles().get(0))
                    .severity(Severity.NOTICE)
                    .message(where + ": likely " + e.purpose() + " (heuristic, not documented); confirm with netstat -anob"
                            + " (the dump names no process for it)")
                    .build();
        }
        return Finding.of(FindingCode.UNKNOWN_LISTENER).proto(g.proto()).port(g.port()).address(g.address())
                .evidence(g.evidence()).entry(e.id(), e.source())
                .message(where + " lies in the heuristic range of " + e.id() + " (" + e.purpose() + "), but its process "
                        + String.join(", ", procs) + " is none of those that row names; not explained by the host's roles"
                        + (view.hasAnyRole() ? " " + view.roles : " (none given)") + " or the OS baseline")
                .build();
    }

    private CatalogEntry rpcDynamic(ListeningService g) {
        if (g.proto() != Protocol.TCP || !view.isEphemeral(g.port())) return null;
        for (CatalogEntry e : view.catalog.specials()) {
            if (e.ports().special() == dev.portolan.catalog.PortSpec.Special.RPC_DYNAMIC && view.listeningRole(e) != null
                    && view.truth(e).possible()) return e;
        }
        return null;
    }

    private String othersClaiming(List<CatalogEntry> claims) {
        Set<String> names = new LinkedHashSet<>();
        for (CatalogEntry e : claims) {
            if (e.isBaseline()) continue;
            names.add(String.join("|", e.roles()) + " (" + e.id() + ")");
            if (names.size() >= 4) break;
        }
        return String.join(", ", names);
    }

    /** Expected listeners of the host's roles that are absent (conditions and fallbacks considered). */
    private List<Finding> missing(List<ListeningService> groups) {
        Set<Long> present = new HashSet<>();
        for (ListeningService g : groups) present.add(key(g.proto(), g.port()));
        List<Finding> out = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (CatalogEntry e : view.ownListenerEntries()) {
            if (!e.required() || view.truth(e) != Truth.TRUE || !e.ports().isNumeric() || e.isInternalOnly()) continue;
            String role = view.listeningRole(e);
            for (Protocol p : e.protocols()) {
                // SCTP's, DCCP's and UDP-Lite's rows of a netstat or ss dump are not read: their absence says nothing
                if (p != Protocol.TCP && p != Protocol.UDP) continue;
                for (var range : e.ports().ranges()) {
                    if (range.low() == 0 && range.high() == 0) continue; // UDP port 0: magic packet, nothing listens
                    java.util.function.IntPredicate listening = port -> present.contains(key(p, port));
                    if (range.anyMatch(listening) || (e.fallback() != null && e.fallback().anyMatch(listening))) continue;
                    String k = p + "/" + range;
                    if (!reported.add(k)) continue;
                    out.add(Finding.of(FindingCode.MISSING_LISTENER).proto(p).port(range.low()).product(e.product()).role(role)
                            .entry(e.id(), e.source())
                            .message("expected " + p.label() + "/" + range + " listener of " + role + " is absent: " + e.purpose()
                                    + conditionNote(e) + (e.fallback() != null ? " (fallback " + e.fallback() + " also absent)" : ""))
                            .build());
                }
            }
        }
        return out;
    }

    static long key(Protocol p, int port) {
        return ((long) p.ordinal() << 32) | port;
    }

    static boolean isLoopback(String address) {
        return Addresses.isLoopback(address);
    }
}
