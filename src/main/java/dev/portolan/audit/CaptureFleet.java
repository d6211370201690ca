package dev.portolan.audit;

import dev.portolan.model.Addresses;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.OsFamily;
import dev.portolan.model.RoleAssignment;
import dev.portolan.model.ServiceGroup;

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
 * Each service group is reported once, by the host of its responder (the listener side) when that host is known,
 * else by the host of its originator. Input problems, and the groups that touch no audited host, are reported by
 * the first host, so they are counted once and nothing read goes unmentioned.
 */
final class CaptureFleet {
    private CaptureFleet() {
    }

    static List<HostReport> audit(Auditor auditor, HostAudit read, List<ServiceGroup> groups, Collection<Host> manifest,
                                  boolean inferRoles, OsFamily defaultOs) {
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
            for (ServiceGroup g : groups) {
                // a folded class of responder ports is named by no catalog row: it cannot decide a role
                if (g.proto().hasPorts() && g.traits().answered() && g.respPortExact()) {
                    offered.computeIfAbsent(Addresses.stripScope(g.respAddr()), k -> new LinkedHashSet<>())
                            .add(g.proto().label() + "/" + g.respPort());
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

        Map<Host, List<ServiceGroup>> assigned = new LinkedHashMap<>();
        List<ServiceGroup> untouched = new ArrayList<>();
        for (ServiceGroup g : groups) {
            Host owner = finalByAddress.get(Addresses.stripScope(g.respAddr()));
            if (owner == null) owner = finalByAddress.get(Addresses.stripScope(g.origAddr()));
            if (owner != null) assigned.computeIfAbsent(owner, k -> new ArrayList<>()).add(g);
            else untouched.add(g);
        }
        Auditor.Options options = Auditor.Options.of(false, finalByAddress);
        List<HostReport> out = new ArrayList<>();
        boolean first = true;
        for (Host h : finalHosts.values()) {
            List<ServiceGroup> own = assigned.get(h);
            if (own == null) continue;
            out.add(auditor.finish(h, options, read.folds(own, first ? untouched : List.of(), first)));
            first = false;
        }
        if (out.isEmpty()) {
            // nobody known took part: still show what was read (and any problems) under the first input's name
            out.add(auditor.finish(Host.builder().os(defaultOs).build(), options, read.folds(List.of(), untouched, true)));
        }
        return out;
    }
}
