package dev.portolan.audit;

import dev.portolan.ingest.FileSummary;
import dev.portolan.ingest.ReadResult;
import dev.portolan.model.Addresses;
import dev.portolan.model.Flow;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.OsFamily;
import dev.portolan.model.RoleAssignment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Audits every host seen in captures, one report each: the hosts of a manifest, and with role inference also
 * every address that answered on a port (named by its address, roles inferred from the services it offered).
 * Each flow is reported once, by the host of its responder (the listener side) when that host is known, else
 * by the host of its originator. Input problems are reported by the first host only, so they are counted once.
 */
public final class CaptureFleet {
    private CaptureFleet() {
    }

    public static List<HostReport> audit(Auditor auditor, List<ReadResult> inputs, Collection<Host> manifest, boolean inferRoles,
                                         OsFamily defaultOs) {
        List<Flow> flows = new ArrayList<>();
        for (ReadResult r : inputs) flows.addAll(r.flows());

        Map<String, Host> byAddress = new LinkedHashMap<>();
        Map<String, Host.Builder> hosts = new TreeMap<>();
        for (Host h : manifest) {
            Host.Builder b = h.toBuilder();
            if (h.os() == OsFamily.UNKNOWN) b.os(defaultOs);
            hosts.put(h.name(), b);
            for (String a : h.addresses()) byAddress.put(a, h);
        }
        if (inferRoles) {
            Map<String, Set<String>> offered = new TreeMap<>();
            for (Flow f : flows) {
                if (!f.proto().hasPorts()) continue;
                if (f.respPackets() > 0 || f.hasFlag(Flow.SYN_ACK)) {
                    offered.computeIfAbsent(Addresses.stripScope(f.respAddr()), k -> new LinkedHashSet<>())
                            .add(f.proto().label() + "/" + f.respPort());
                }
            }
            for (var en : offered.entrySet()) {
                List<RoleAssignment> roles = RoleInference.infer(auditor.catalog(), en.getValue());
                if (roles.isEmpty()) continue;
                Host known = byAddress.get(en.getKey());
                Host.Builder b = known != null ? hosts.get(known.name())
                        : hosts.computeIfAbsent(en.getKey(), k -> Host.builder().name(k).address(k).os(defaultOs));
                for (RoleAssignment ra : roles) if (!b.build().hasRole(ra.role())) b.role(ra);
            }
        }
        Map<String, Host> finalByAddress = new LinkedHashMap<>();
        Map<String, Host> finalHosts = new LinkedHashMap<>();
        for (var en : hosts.entrySet()) {
            Host h = en.getValue().build();
            finalHosts.put(en.getKey(), h);
            for (String a : h.addresses()) finalByAddress.put(a, h);
        }

        Map<Host, List<Flow>> assigned = new LinkedHashMap<>();
        for (Flow f : flows) {
            Host owner = finalByAddress.get(Addresses.stripScope(f.respAddr()));
            if (owner == null) owner = finalByAddress.get(Addresses.stripScope(f.origAddr()));
            if (owner != null) assigned.computeIfAbsent(owner, k -> new ArrayList<>()).add(f);
        }
        List<HostReport> out = new ArrayList<>();
        boolean problemsReported = false;
        for (Host h : finalHosts.values()) {
            List<Flow> own = assigned.get(h);
            if (own == null) continue;
            List<ReadResult> view = new ArrayList<>();
            for (ReadResult r : inputs) view.add(slice(r, own, !problemsReported));
            problemsReported = true;
            out.add(auditor.audit(h, view, false, finalByAddress));
        }
        if (out.isEmpty()) {
            // nobody known took part: still show what was read (and any problems) under the first input's name
            out.add(auditor.audit(Host.builder().os(defaultOs).build(), inputs, false, finalByAddress));
        }
        return out;
    }

    /** The part of an input that concerns one host: its flows (and the input's problems, when asked). */
    private static ReadResult slice(ReadResult r, List<Flow> own, boolean withProblems) {
        Set<Flow> mine = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        mine.addAll(own);
        List<Flow> flows = new ArrayList<>();
        for (Flow f : r.flows()) if (mine.contains(f)) flows.add(f);
        FileSummary in = r.summary();
        FileSummary part = new FileSummary(in.source(), in.format(), in.variant(), in.hostName(), in.records(), in.bytes(),
                0, 0, flows.size(), withProblems ? in.problems() : 0, withProblems ? in.notes() : List.of(),
                withProblems ? in.skippedReason() : null, withProblems ? in.logGap() : null);
        return new ReadResult(part, List.of(), List.of(), flows, withProblems ? r.problems() : List.of());
    }
}
