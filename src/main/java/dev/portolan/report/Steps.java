package dev.portolan.report;

import dev.portolan.model.Finding;
import dev.portolan.model.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The steps of a report's "What to do" list: one per actionable finding, except that a run of consecutive findings
 * that differ in one thing only is one step naming what differs: their addresses (same code, severity, service,
 * product and role), or their services (same code, severity, address, product and role: the Windows RPC listeners
 * tcp/49664-49669, say), when their advice is the same once that is left out. Failing both, a run of findings of one
 * catalog row (a port range, such as a product's udp/56700-56899) that differ in both service and address is one step
 * too, naming each service with its address. Last, a long run (on at least {@link #MIN_SPREAD} services) of findings
 * of traffic (they name peers) of one kind and owner, each with its own service, addresses and peers (a big log's
 * undocumented traffic on dozens of ports), is one step naming the services, when their advice is the same once all
 * three are left out. A firewall log of a host that many peers reach on one port, a Windows host's half-dozen RPC
 * listeners, or dozens of ports of one range dropped on as many addresses, would otherwise fill the list and push
 * everything else out of the part people read.
 */
final class Steps {
    /** Values a grouped step names; the rest are counted. */
    static final int SHOWN = 5;
    /** What a grouped step's advice says in place of the value that differs. */
    private static final String EACH = "each of them";
    /** What a step of one catalog row's findings says in place of their addresses. */
    private static final String ITS_ADDRESS = "the address listed with it";
    /** What a step of findings that differ in service, addresses and peers says in place of the addresses and peers. */
    private static final String ITS_ADDRESSES = "its addresses";
    private static final String ITS_PEERS = "its peers";
    /**
     * The shortest run of findings that differ in service, addresses and peers listed as one step: a few such findings
     * are listed one by one, with the addresses and peers each step names.
     */
    static final int MIN_SPREAD = 6;

    private Steps() {
    }

    /** What differs between the findings of a grouped step. */
    enum Varies {
        NOTHING, ADDRESS, SERVICE, SERVICE_AND_ADDRESS, SERVICE_ADDRESSES_AND_PEERS,
        /** Findings of no service (input problems of several files, say) that differ only in what they say. */
        MESSAGE
    }

    /**
     * Findings {@code first..last} (0-based, inclusive, in the order given) as one step; {@code values} are their
     * addresses or services (each once) when grouped, else empty.
     */
    record Step(int first, int last, Finding lead, Varies varies, List<String> values) {
        boolean grouped() {
            return last > first;
        }

        /** "3." or "3-10." */
        String number() {
            return (first + 1) + (grouped() ? "-" + (last + 1) : "") + ".";
        }

        /** "BLOCKED_EXPECTED tcp/80", or the code alone when the services differ. */
        String headline() {
            String pp = Labels.protoPort(lead);
            return lead.code().name() + (pp.isEmpty() || varies == Varies.SERVICE || varies == Varies.SERVICE_AND_ADDRESS
                    || varies == Varies.SERVICE_ADDRESSES_AND_PEERS ? "" : " " + pp);
        }

        /**
         * " on 8 addresses (a b c d e …)", " on 6 ports (tcp/49664 …)", " on 17 ports of catalog row dm-19 (udp/56717 on
         * 192.0.2.7, …)", or "" for a step of one finding.
         */
        String where() {
            if (!grouped()) return "";
            if (varies == Varies.MESSAGE) return " (" + (last - first + 1) + " findings)";
            List<String> shown = values.subList(0, Math.min(SHOWN, values.size()));
            String more = values.size() > shown.size() ? " …" : "";
            if (varies == Varies.SERVICE_AND_ADDRESS) {
                return " on " + values.size() + " ports of catalog row " + lead.entryId() + " (" + String.join(", ", shown)
                        + (more.isEmpty() ? "" : ",") + more + ")";
            }
            String what = switch (varies) {
                case SERVICE -> " ports (";
                case SERVICE_ADDRESSES_AND_PEERS -> " services (";
                default -> " addresses (";
            };
            return " on " + values.size() + what + String.join(" ", shown) + more + ")";
        }

        /** The advice, for each of the addresses or services when grouped (raw text: each renderer escapes it). */
        String advice() {
            return switch (varies) {
                case ADDRESS -> Advice.whatToDo(lead, Labels.protoPort(lead), EACH);
                case SERVICE -> Advice.whatToDo(lead, EACH, Advice.addresses(Labels.nz(lead.address())));
                case SERVICE_AND_ADDRESS -> Advice.whatToDo(lead, EACH, ITS_ADDRESS);
                case SERVICE_ADDRESSES_AND_PEERS -> Advice.whatToDo(lead, EACH, ITS_ADDRESSES, ITS_PEERS);
                case NOTHING, MESSAGE -> Advice.whatToDo(lead);
            };
        }
    }

    /**
     * Steps as a report lists them: the first {@link #LISTED} and any later input problem (it says what the audit could
     * not see, which qualifies every other line, and sorts last as a notice); the others after them, or only counted
     * ({@code moreFindings}: the problems they stand for).
     */
    record Listing(List<Step> first, List<Step> more, int moreFindings) {
    }

    /** Steps a report lists before the rest (the terminal shows no more). */
    static final int LISTED = 10;

    static Listing listing(List<Step> steps) {
        List<Step> first = new ArrayList<>();
        List<Step> more = new ArrayList<>();
        int moreFindings = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (i >= LISTED && s.lead().code() != dev.portolan.model.FindingCode.INPUT_PROBLEM) {
                more.add(s);
                moreFindings += s.last() - s.first() + 1;
            } else {
                first.add(s);
            }
        }
        return new Listing(first, more, moreFindings);
    }

    /** The steps of a host's problems (most severe first, as the reports list them): those above info. */
    static List<Step> of(List<Finding> problems) {
        List<Finding> actionable = new ArrayList<>();
        for (Finding f : problems) if (f.severity() != Severity.INFO) actionable.add(f);
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < actionable.size()) {
            Finding lead = actionable.get(i);
            Varies varies = Varies.NOTHING;
            int last = i;
            int spread = 1;
            if (i + 1 < actionable.size()) {
                Finding next = actionable.get(i + 1);
                if (sameButAddress(lead, next)) varies = Varies.ADDRESS;
                else if (sameButService(lead, next)) varies = Varies.SERVICE;
                else if (sameRow(lead, next)) varies = Varies.SERVICE_AND_ADDRESS;
                else if ((spread = spreadRun(actionable, i)) > 1) varies = Varies.SERVICE_ADDRESSES_AND_PEERS;
                else if (sameButMessage(lead, next)) varies = Varies.MESSAGE;
            }
            if (varies == Varies.ADDRESS) {
                while (last + 1 < actionable.size() && sameButAddress(lead, actionable.get(last + 1))) last++;
            } else if (varies == Varies.SERVICE) {
                while (last + 1 < actionable.size() && sameButService(lead, actionable.get(last + 1))) last++;
            } else if (varies == Varies.SERVICE_AND_ADDRESS) {
                while (last + 1 < actionable.size() && sameRow(lead, actionable.get(last + 1))) last++;
            } else if (varies == Varies.SERVICE_ADDRESSES_AND_PEERS) {
                last = i + spread - 1;
            } else if (varies == Varies.MESSAGE) {
                while (last + 1 < actionable.size() && sameButMessage(lead, actionable.get(last + 1))) last++;
            }
            List<String> values = new ArrayList<>();
            for (int k = i; k <= last && last > i && varies != Varies.MESSAGE; k++) {
                Finding f = actionable.get(k);
                // a service with findings on other addresses is named once
                if (varies == Varies.SERVICE_ADDRESSES_AND_PEERS && values.contains(Labels.protoPort(f))) continue;
                values.add(switch (varies) {
                    case ADDRESS -> f.address();
                    case SERVICE_AND_ADDRESS -> Labels.protoPort(f) + " on " + f.address();
                    default -> Labels.protoPort(f);
                });
            }
            steps.add(new Step(i, last, lead, varies, values));
            i = last + 1;
        }
        return steps;
    }

    /**
     * How many findings from {@code i} on are of the kind and owner of the {@code i}-th, each of traffic (it names peers)
     * on a service, with the same advice once service, addresses and peers are left out; 1 unless they are on
     * {@link #MIN_SPREAD} services or more (a few services' findings, or many of one service, are better listed by the
     * other steps; listeners, which name no peer, each have a process of their own to look at).
     */
    private static int spreadRun(List<Finding> findings, int i) {
        Finding a = findings.get(i);
        if (a.port() < 0 || Labels.nz(a.peer()).isEmpty()) return 1;
        String advice = Advice.whatToDo(a, EACH, ITS_ADDRESSES, ITS_PEERS);
        java.util.Set<String> services = new java.util.HashSet<>();
        services.add(Labels.protoPort(a));
        int n = 1;
        while (i + n < findings.size()) {
            Finding b = findings.get(i + n);
            if (b.port() < 0 || Labels.nz(b.peer()).isEmpty() || b.code() != a.code() || b.severity() != a.severity() || !sameOwner(a, b)
                    || !advice.equals(Advice.whatToDo(b, EACH, ITS_ADDRESSES, ITS_PEERS))) {
                break;
            }
            services.add(Labels.protoPort(b));
            n++;
        }
        return services.size() >= MIN_SPREAD ? n : 1;
    }

    /** A finding with one address (not a list of folded ones) differs from {@code a} in nothing but it. */
    private static boolean sameButAddress(Finding a, Finding b) {
        return single(a.address()) && single(b.address()) && a.code() == b.code() && a.severity() == b.severity()
                && a.proto() == b.proto() && a.port() == b.port() && sameOwner(a, b)
                && Advice.whatToDo(a, Labels.protoPort(a), EACH).equals(Advice.whatToDo(b, Labels.protoPort(b), EACH));
    }

    /** A finding on another service of the same address, differing from {@code a} in nothing but that. */
    private static boolean sameButService(Finding a, Finding b) {
        return a.port() >= 0 && b.port() >= 0 && a.code() == b.code() && a.severity() == b.severity()
                && Objects.equals(a.address(), b.address()) && sameOwner(a, b)
                && Advice.whatToDo(a, EACH, Labels.nz(a.address())).equals(Advice.whatToDo(b, EACH, Labels.nz(b.address())));
    }

    /**
     * A finding of the same catalog row as {@code a} (its port range), on one address each, differing from it in
     * nothing but service and address.
     */
    private static boolean sameRow(Finding a, Finding b) {
        return a.entryId() != null && a.entryId().equals(b.entryId()) && a.port() >= 0 && b.port() >= 0
                && single(a.address()) && single(b.address()) && a.code() == b.code() && a.severity() == b.severity()
                && sameOwner(a, b) && Advice.whatToDo(a, EACH, ITS_ADDRESS).equals(Advice.whatToDo(b, EACH, ITS_ADDRESS));
    }

    /**
     * A finding of no service, address or peer (an input problem), of the kind, severity and owner of {@code a}, whose
     * advice is the same: the notices of a bundle's several skipped files and its missing roles are one step.
     */
    private static boolean sameButMessage(Finding a, Finding b) {
        return a.port() < 0 && b.port() < 0 && a.address() == null && b.address() == null && a.peer() == null && b.peer() == null
                && a.code() == b.code() && a.severity() == b.severity() && sameOwner(a, b)
                && Advice.whatToDo(a).equals(Advice.whatToDo(b));
    }

    private static boolean sameOwner(Finding a, Finding b) {
        return Objects.equals(a.product(), b.product()) && Objects.equals(a.role(), b.role());
    }

    private static boolean single(String address) {
        return address != null && !address.isEmpty() && address.indexOf(' ') < 0;
    }
}
