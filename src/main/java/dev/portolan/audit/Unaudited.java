package dev.portolan.audit;

import dev.portolan.ingest.InputFormat;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Host;
import dev.portolan.model.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What could not be audited, said in the report with how to fix it, so a host never shows an empty
 * "No findings" for observations nobody looked at.
 */
final class Unaudited {
    private Unaudited() {
    }

    /** Flows neither of whose ends is a known address (a firewall log without path or --host, a capture without --host). */
    static Optional<Finding> flows(Host host, long unplaced, List<dev.portolan.ingest.FileSummary> inputs) {
        // with the host's address known, flows between other hosts are simply not this host's
        if (unplaced == 0 || !host.addresses().isEmpty()) return Optional.empty();
        List<String> files = new ArrayList<>();
        for (dev.portolan.ingest.FileSummary r : inputs) if (r.format() != InputFormat.NETSTAT && r.flows() > 0) files.add(r.source().name());
        String why = "the host's address is not known";
        return Optional.of(Finding.of(FindingCode.INPUT_PROBLEM).severity(Severity.WARNING)
                .evidence(Evidence.ofFile(files.isEmpty() ? host.name() : files.get(0), ""))
                .message(unplaced + " flow" + (unplaced == 1 ? "" : "s") + " not audited: " + why
                        + ", so nothing tells which side is this host; give --host ADDRESS (or --address ADDRESS), or a hosts manifest with --hosts")
                .build());
    }

    /** A host nobody gave roles (not on the command line, not in a manifest): only its OS baseline was checked. */
    static Finding noRoles(Host host, boolean inferred, List<dev.portolan.ingest.FileSummary> inputs) {
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
    static List<Finding> otherHostNamed(String audited, List<dev.portolan.ingest.FileSummary> inputs) {
        if (audited == null || audited.isBlank() || isAddress(audited)) return List.of();
        List<String> auditedWords = words(audited);
        java.util.Map<String, List<Evidence>> named = new java.util.LinkedHashMap<>();
        for (dev.portolan.ingest.FileSummary r : inputs) {
            String name = r.hostName();
            if (name == null || name.isBlank() || isAddress(name)) continue;
            String first = name.strip().toLowerCase(java.util.Locale.ROOT);
            int dot = first.indexOf('.');
            if (dot > 0) first = first.substring(0, dot);
            List<String> firstWords = words(first);
            if (java.util.Collections.indexOfSubList(auditedWords, firstWords) >= 0
                    || java.util.Collections.indexOfSubList(firstWords, auditedWords) >= 0) continue;
            named.computeIfAbsent(name.strip(), k -> new java.util.ArrayList<>()).add(Evidence.ofFile(r.source().name(), ""));
        }
        List<Finding> out = new java.util.ArrayList<>();
        named.forEach((name, files) -> out.add(Finding.of(FindingCode.INPUT_PROBLEM).severity(Severity.WARNING).evidence(files)
                .message((files.size() == 1 ? "the input names" : files.size() + " inputs name") + " host " + name
                        + ", not " + audited + ", the host audited: if " + (files.size() == 1 ? "it was" : "they were")
                        + " collected on " + name + ", audit " + (files.size() == 1 ? "it" : "them") + " as " + name
                        + " (--host, or its own folder in --batch); else check that the right file was given")
                .build()));
        return out;
    }

    /** An IP address (a host given or named by its address), as the readers parse one. */
    private static boolean isAddress(String text) {
        return dev.portolan.model.IpAddress.parse(dev.portolan.model.Addresses.stripScope(text.strip())) != null;
    }

    /** The words of a host name, lower case: {@code scc_sles15_261201_1200} → scc, sles15, 261201, 1200. */
    private static List<String> words(String name) {
        List<String> out = new java.util.ArrayList<>();
        for (String w : name.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+")) if (!w.isEmpty()) out.add(w);
        return out;
    }
}
