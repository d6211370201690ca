package dev.portolan.audit;

import dev.portolan.ingest.FileSummary;
import dev.portolan.ingest.InputFormat;
import dev.portolan.model.Addresses;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Host;
import dev.portolan.model.IpAddress;
import dev.portolan.model.ListeningService;
import dev.portolan.model.OsFamily;
import dev.portolan.model.ServiceGroup;
import dev.portolan.model.Severity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;


/**
 * What could not be audited, said in the report with how to fix it, so a host never shows an empty
 * "No findings" for observations nobody looked at.
 */
final class Unaudited {
    private Unaudited() {
    }

    /** Flows neither of whose ends is a known address (a firewall log without path or --host, a capture without --host). */
    static Optional<Finding> flows(Host host, long unplaced, List<FileSummary> inputs) {
        // with the host's address known, flows between other hosts are simply not this host's
        if (unplaced == 0 || !host.addresses().isEmpty()) return Optional.empty();
        List<String> files = new ArrayList<>();
        for (FileSummary r : inputs) if (r.format() != InputFormat.NETSTAT && r.flows() > 0) files.add(r.source().name());
        String why = "the host's address is not known";
        return Optional.of(Finding.of(FindingCode.INPUT_PROBLEM).severity(Severity.WARNING)
                .evidence(Evidence.ofFile(files.isEmpty() ? host.name() : files.get(0), ""))
                .message(unplaced + " flow" + (unplaced == 1 ? "" : "s") + " not audited: " + why
                        + ", so nothing tells which side is this host; give --host ADDRESS (or --address ADDRESS), or a hosts manifest with --hosts")
                .build());
    }

    /** A host nobody gave roles (not on the command line, not in a manifest): only its OS baseline was checked. */
    static Finding noRoles(Host host, boolean inferred, List<FileSummary> inputs) {
        String where = inputs.isEmpty() ? host.name() : Auditor.firstRead(inputs).source().name();
        return Finding.of(FindingCode.INPUT_PROBLEM).severity(Severity.NOTICE).evidence(Evidence.ofFile(where, ""))
                .message("no product roles for " + host.name() + (inferred ? " (--infer-roles recognised none)" : "")
                        + ": only the OS baseline was checked, so its product listeners show as UNKNOWN_LISTENER, its flows"
                        + " are checked only against its peers' roles (UNEXPECTED_FLOW needs roles) and a missing product"
                        + " listener cannot be noticed; name its roles with --role PRODUCT:ROLE or in"
                        + " a hosts manifest (--hosts; a row with an empty roles cell says it has none on purpose)"
                        + (inferred ? "" : ", or try --infer-roles"))
                .build();
    }

    /**
     * Inputs whose content names another host than the one audited under a name given (a dump collected on another
     * server, attached by mistake): one warning per name, with its files as evidence. A name matches when its first
     * label is the audited name's ({@code APP01.corp.example} for {@code app01}), a run of the audited name's words
     * ({@code sles15} in {@code scc_sles15_261201_1200}, {@code web01} in {@code sosreport-web01-2024-01-15}) or holds
     * them ({@code web01-eth1}, a PTR name of one of web01's addresses, for {@code web01}; not {@code ws-02} for
     * {@code ws-01}); an audited name that is an address (a firewall log's host given by its address) is compared with
     * nothing.
     */
    static List<Finding> otherHostNamed(String audited, List<FileSummary> inputs) {
        if (audited == null || audited.isBlank() || isAddress(audited)) return List.of();
        List<String> auditedWords = words(audited);
        Map<String, List<Evidence>> named = new LinkedHashMap<>();
        for (FileSummary r : inputs) {
            String name = r.hostName();
            if (name == null || name.isBlank() || isAddress(name)) continue;
            String first = name.strip().toLowerCase(Locale.ROOT);
            int dot = first.indexOf('.');
            if (dot > 0) first = first.substring(0, dot);
            List<String> firstWords = words(first);
            if (Collections.indexOfSubList(auditedWords, firstWords) >= 0
                    || Collections.indexOfSubList(firstWords, auditedWords) >= 0) continue;
            named.computeIfAbsent(name.strip(), k -> new ArrayList<>()).add(Evidence.ofFile(r.source().name(), ""));
        }
        List<Finding> out = new ArrayList<>();
        named.forEach((name, files) -> out.add(Finding.of(FindingCode.INPUT_PROBLEM).severity(Severity.WARNING).evidence(files)
                .message((files.size() == 1 ? "the input names" : files.size() + " inputs name") + " host " + name
                        + ", not " + audited + ", the host audited: if " + (files.size() == 1 ? "it was" : "they were")
                        + " collected on " + name + ", audit " + (files.size() == 1 ? "it" : "them") + " as " + name
                        + " (--host, or its own folder in --batch); else check that the right file was given")
                .build()));
        return out;
    }

    /**
     * The host's addresses (given by {@code --host ADDRESS}, {@code --address} or a manifest) that nothing read shows on
     * this host's side: a firewall log or dump from another host, a capture taken elsewhere, or a wrong address — either
     * way every verdict would be about traffic that is not this host's, or miss all of it. This host's side: the
     * responder of inbound and the originator of outbound groups (a firewall log's path, a dump's rows), a listener's
     * own address; for a capture (no direction) whether any flow touches the address at all. Empty when one does, when
     * no address is known, or when the inputs show no address of this host's side (wildcard listeners, loopback only).
     */
    static Optional<Finding> addressNeverSeen(Host host, List<ListeningService> listening,
                                              List<ServiceGroup> groups, List<FileSummary> inputs,
                                              Function<String, String> hostAt) {
        if (host.addresses().isEmpty()) return Optional.empty();
        Set<String> given = new HashSet<>();
        for (String a : host.addresses()) given.add(plain(a));
        Map<String, Long> own = new HashMap<>(); // this host's side, by flows or sockets
        Map<String, Long> seen = new HashMap<>(); // both ends of flows of no direction (captures)
        for (ServiceGroup g : groups) {
            List<String> side = switch (g.direction()) {
                case INBOUND -> g.respCollapsed() ? g.sampleResponders() : List.of(g.respAddr());
                case OUTBOUND -> g.origCollapsed() ? g.sampleOriginators() : List.of(g.origAddr());
                case UNKNOWN -> null;
                default -> List.of();
            };
            if (side == null) {
                // no direction: touched when either end is the address; else both ends are what the capture shows
                if (given.contains(plain(g.origAddr())) || given.contains(plain(g.respAddr()))) return Optional.empty();
                for (String a : g.origCollapsed() ? g.sampleOriginators() : List.of(g.origAddr())) count(seen, a, g.flowCount());
                for (String a : g.respCollapsed() ? g.sampleResponders() : List.of(g.respAddr())) count(seen, a, g.flowCount());
                continue;
            }
            for (String a : side) {
                if (given.contains(plain(a))) return Optional.empty();
                count(own, a, g.flowCount());
            }
        }
        for (ListeningService l : listening) {
            if (given.contains(plain(l.address()))) return Optional.empty();
            count(own, l.address(), l.sockets());
        }
        Map<String, Long> shown = own.isEmpty() ? seen : own;
        if (shown.isEmpty()) return Optional.empty();
        List<String> top = new ArrayList<>(shown.keySet());
        top.sort(Comparator.comparing((String a) -> -shown.get(a)).thenComparing(a -> a));
        // in order of flows (or sockets); no counts: a folded group's sample addresses all carry the group's count
        // an address of another host the manifest knows names it: most likely whose file this is
        List<String> named = new ArrayList<>();
        for (String a : top.subList(0, Math.min(3, top.size()))) {
            String other = hostAt.apply(a);
            named.add(other == null ? a : a + " (" + other + "'s address in the hosts manifest)");
        }
        String list = String.join(", ", named) + (top.size() > 3 ? " and " + (top.size() - 3) + " more" : "");
        String addresses = String.join(", ", host.addresses());
        String whose = given.contains(plain(host.name())) ? "the host audited"
                : "the address" + (host.addresses().size() == 1 ? "" : "es") + " given for " + host.name();
        List<Evidence> files = new ArrayList<>();
        for (FileSummary r : inputs) {
            if (r.skippedReason() == null && r.listeners() + r.connections() + r.flows() > 0) files.add(Evidence.ofFile(r.source().name(), ""));
        }
        String what = own.isEmpty()
                ? "no flow read touches " + addresses + " (" + whose + "); the addresses the input shows most are " + list
                : "nothing read shows " + addresses + " (" + whose + ") on the host's own side; the input's own side shows " + list;
        return Optional.of(Finding.of(FindingCode.INPUT_PROBLEM).severity(Severity.WARNING)
                .evidence(files.isEmpty() ? List.of(Evidence.ofFile(host.name(), "")) : files.subList(0, Math.min(10, files.size())))
                .message(what + ": if the input was collected on another host (or, for a capture, another link), audit it as that"
                        + " host; if " + host.name() + "'s address is another, give it (--host ADDRESS, --address, or the hosts"
                        + " manifest) and audit again")
                .build());
    }

    /** Counts an address of this host's side or of a capture, leaving out what no host owns alone. */
    private static void count(Map<String, Long> into, String address, long n) {
        if (address == null || address.isEmpty() || Addresses.namesNoOneHost(address)) return;
        into.merge(plain(address), n, Long::sum);
    }

    /** An address in the form the audit compares: canonical, no zone, an IPv4-mapped one as IPv4. */
    private static String plain(String address) {
        if (address == null) return "";
        String a = Addresses.stripScope(address.strip());
        IpAddress ip = IpAddress.parse(a);
        if (ip == null) return a;
        String t = ip.text();
        return t.startsWith("::ffff:") && t.indexOf('.') > 0 ? t.substring(7) : t;
    }

    /**
     * A host declared to run one OS (the manifest's os cell, {@code --os}) whose inputs are another OS's output (ss on a
     * host declared windows, a pfirewall.log on one declared linux): the OS baseline and ephemeral range checked are the
     * declared OS's, so the real OS's own services show as unknown listeners and its ephemeral ports as listeners' —
     * findings caused by a typo in the manifest. One warning per other OS the inputs show.
     */
    static List<Finding> osContradicted(Host host, OsFamily declared, List<FileSummary> inputs) {
        if (declared == OsFamily.UNKNOWN) return List.of();
        Map<OsFamily, List<FileSummary>> shown = new LinkedHashMap<>();
        for (FileSummary r : inputs) {
            if (r.skippedReason() != null) continue;
            OsFamily os = OsFamily.ofInputVariant(r.variant());
            // the legacy and current Windows share one baseline: a dump does not tell them apart
            if (os == OsFamily.UNKNOWN || Objects.equals(os.baselineProduct(), declared.baselineProduct())) continue;
            shown.computeIfAbsent(os, k -> new ArrayList<>()).add(r);
        }
        List<Finding> out = new ArrayList<>();
        shown.forEach((os, files) -> {
            List<Evidence> evidence = new ArrayList<>();
            for (FileSummary r : files.subList(0, Math.min(10, files.size()))) {
                evidence.add(Evidence.ofFile(r.source().name(), ""));
            }
            String what = files.size() == 1 ? "its input is " + os.label() + " output (" + files.get(0).variant() + ")"
                    : files.size() + " of its inputs are " + os.label() + " output (" + files.get(0).variant() + " …)";
            out.add(Finding.of(FindingCode.INPUT_PROBLEM).severity(Severity.WARNING).evidence(evidence)
                    .message(host.name() + " is declared " + declared.label() + " (--os or the hosts manifest's os cell), but " + what
                            + ": the OS baseline and ephemeral range checked are " + declared.label() + "'s, so " + os.label()
                            + "'s own services may show as unknown listeners; if " + host.name() + " runs " + os.label()
                            + ", correct the os (or leave it empty: the input tells) and audit again")
                    .build());
        });
        return out;
    }

    /** An IP address (a host given or named by its address), as the readers parse one. */
    private static boolean isAddress(String text) {
        return IpAddress.parse(Addresses.stripScope(text.strip())) != null;
    }

    /** The words of a host name, lower case: {@code scc_sles15_261201_1200} → scc, sles15, 261201, 1200. */
    private static List<String> words(String name) {
        List<String> out = new ArrayList<>();
        for (String w : name.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) if (!w.isEmpty()) out.add(w);
        return out;
    }
}
