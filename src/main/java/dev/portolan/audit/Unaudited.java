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
}
