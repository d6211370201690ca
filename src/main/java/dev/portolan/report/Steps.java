package dev.portolan.report;

import dev.portolan.model.Finding;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The steps of a report's "What to do" list: one per actionable finding, except that consecutive findings that differ
 * only in their address (same code, severity, service, product and role, and the same advice once the address is left
 * out) are one step naming the addresses. A firewall log of a host that many peers reach on one port would otherwise
 * fill the list with one line per peer and push everything else out of the part people read.
 */
final class Steps {
    /** Addresses a grouped step names; the rest are counted. */
    static final int ADDRESSES_SHOWN = 5;
    /** What a grouped step's advice says in place of the address. */
    private static final String EACH = "each of them";

    private Steps() {
    }

    /**
     * Findings {@code first..last} (0-based, inclusive, in the order given) as one step; {@code addresses} is empty for
     * a step of one finding.
     */
    record Step(int first, int last, Finding lead, List<String> addresses) {
        boolean grouped() {
            return last > first;
        }

        /** "3." or "3-10." */
        String number() {
            return (first + 1) + (grouped() ? "-" + (last + 1) : "") + ".";
        }

        /** " on 8 addresses (a b c d e …)" for a grouped step, else "". */
        String where() {
            if (!grouped()) return "";
            List<String> shown = addresses.subList(0, Math.min(ADDRESSES_SHOWN, addresses.size()));
            return " on " + addresses.size() + " addresses (" + String.join(" ", shown)
                    + (addresses.size() > shown.size() ? " …" : "") + ")";
        }

        /** The advice, for each of the addresses when grouped (raw text: each renderer escapes it). */
        String advice() {
            return grouped() ? Advice.whatToDo(lead, EACH) : Advice.whatToDo(lead);
        }
    }

    static List<Step> of(List<Finding> actionable) {
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < actionable.size()) {
            Finding lead = actionable.get(i);
            int last = i;
            while (last + 1 < actionable.size() && sameButAddress(lead, actionable.get(last + 1))) last++;
            List<String> addresses = new ArrayList<>();
            if (last > i) for (int k = i; k <= last; k++) addresses.add(actionable.get(k).address());
            steps.add(new Step(i, last, lead, addresses));
            i = last + 1;
        }
        return steps;
    }

    /** A finding with one address (not a list of folded ones) differs from {@code a} in nothing but it. */
    private static boolean sameButAddress(Finding a, Finding b) {
        return single(a.address()) && single(b.address()) && a.code() == b.code() && a.severity() == b.severity()
                && a.proto() == b.proto() && a.port() == b.port()
                && Objects.equals(a.product(), b.product()) && Objects.equals(a.role(), b.role())
                && Advice.whatToDo(a, EACH).equals(Advice.whatToDo(b, EACH));
    }

    private static boolean single(String address) {
        return address != null && !address.isEmpty() && address.indexOf(' ') < 0;
    }
}
