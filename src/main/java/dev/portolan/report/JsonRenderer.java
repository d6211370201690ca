package dev.portolan.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.portolan.batch.Suppressions;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.Flow;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.ListeningService;
import dev.portolan.model.Protocol;
import dev.portolan.model.ServiceGroup;
import dev.portolan.model.FlowTraits;
import dev.portolan.model.Times;
import dev.portolan.model.Addresses;
import dev.portolan.report.flows.FlowTableWriter;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole report as one pretty-printed JSON document: findings plus the observations they were drawn
 * from (listening services, service groups named like Zeek's conn.log, raw flows only when asked for) and what
 * each input contributed. Every
 * finding is kept (a data format: the display threshold does not apply); each host starts with its verdict and
 * the document ends with the run's. Field list: docs/reports.md.
 */
public final class JsonRenderer implements Renderer {
    public static final String NAME = "json";

    private final ReportOptions options;

    public JsonRenderer() {
        this(ReportOptions.DEFAULTS);
    }

    public JsonRenderer(ReportOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String extension() {
        return "json";
    }

    /**
     * Streams the document: the header, each host as it completes, then the run's totals ({@code summary},
     * {@code verdict}) and the suppression file's notes, so nothing is kept per host.
     */
    @Override
    public ReportWriter open(Writer out, RunInfo run) throws IOException {
        JsonGenerator g = JsonSupport.pretty(out);
        g.writeStartObject();
        g.writeStringField("tool", "portolan");
        g.writeStringField("version", run.toolVersion());
        g.writeStringField("generated", Labels.iso(run.generatedAt()));
        g.writeArrayFieldStart("hosts");
        return new ReportWriter.Listing() {
            private int failing;

            @Override
            public void host(HostReport h, List<Suppressions.Suppressed> suppressed) throws IOException {
                JsonRenderer.this.host(g, h, suppressed);
                if (Verdict.of(h.findings(), options.failOn()).failed()) failing++;
                g.flush();
            }

            @Override
            public void end(RunSummary summary) throws IOException {
                g.writeEndArray();
                JsonSupport.counts(g, "summary", summary.byCode());
                g.writeObjectFieldStart("verdict");
                JsonSupport.verdictFields(g, Verdict.of(summary, options.failOn()));
                g.writeNumberField("hosts", summary.hosts());
                g.writeNumberField("failing_hosts", failing);
                g.writeEndObject();
                if (!summary.notes().isEmpty()) {
                    g.writeArrayFieldStart("suppression_notes");
                    for (Suppressions.Note n : summary.notes()) JsonSupport.note(g, n);
                    g.writeEndArray();
                }
                g.writeEndObject();
                g.close();
                out.write('\n');
                out.flush();
            }
        };
    }

    private void host(JsonGenerator g, HostReport h, List<Suppressions.Suppressed> suppressed) throws IOException {
        Host host = h.host();
        g.writeStartObject();
        g.writeStringField("host", host.name());
        g.writeObjectFieldStart("verdict");
        JsonSupport.verdictFields(g, Verdict.of(h.findings(), options.failOn()));
        g.writeEndObject();
        JsonSupport.hostIdentity(g, host);
        JsonSupport.counts(g, "summary", h.summary());
        g.writeArrayFieldStart("findings");
        for (Finding f : Labels.ordered(h.findings())) JsonSupport.finding(g, f, null, null, options);
        g.writeEndArray();
        if (!suppressed.isEmpty()) {
            g.writeArrayFieldStart("suppressed");
            for (Suppressions.Suppressed x : suppressed) JsonSupport.suppressed(g, x, null, null, options);
            g.writeEndArray();
        }
        g.writeArrayFieldStart("listeners");
        for (ListeningService l : h.listeners()) listener(g, l);
        g.writeEndArray();
        // the audit's unit: thousands of ephemeral source ports make one row per service
        // one line per group: a log of many services lists thousands; indenting each field would double the report
        g.writeArrayFieldStart("services");
        for (String line : serviceLines(h.services())) g.writeRawValue(line);
        g.writeEndArray();
        if (!h.untouched().isEmpty()) {
            // read, but touching no audited host: listed so nothing read goes unmentioned
            g.writeArrayFieldStart("untouched");
            for (String line : serviceLines(h.untouched())) g.writeRawValue(line);
            g.writeEndArray();
        }
        if (!h.flows().isEmpty()) {
            g.writeArrayFieldStart("flows");
            for (Flow f : h.flows()) flow(g, f);
            g.writeEndArray();
        }
        JsonSupport.inputs(g, h.inputs());
        g.writeEndObject();
    }

    private static void listener(JsonGenerator g, ListeningService l) throws IOException {
        g.writeStartObject();
        g.writeStringField("proto", l.proto().label());
        g.writeStringField("address", l.address());
        g.writeNumberField("port", l.port());
        g.writeBooleanField("loopback_only", l.loopbackOnly());
        g.writeNumberField("sockets", l.sockets());
        JsonSupport.strings(g, "processes", l.processLabels());
        g.writeArrayFieldStart("pids");
        for (long pid : l.pids()) g.writeNumber(pid);
        g.writeEndArray();
        g.writeArrayFieldStart("evidence");
        for (Evidence e : l.evidence()) JsonSupport.evidence(g, e);
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The flow shape of {@code portolan flows}, plus what the audit adds: direction, firewall actions, evidence. */
    private static void flow(JsonGenerator g, Flow f) throws IOException {
        g.writeStartObject();
        FlowTableWriter.fields(g, f);
        g.writeStringField("direction", f.direction().label());
        actions(g, f::actionCount);
        g.writeArrayFieldStart("evidence");
        for (Evidence e : f.evidence()) JsonSupport.evidence(g, e);
        g.writeEndArray();
        // flows keep only the first few evidence items; say how many there were
        g.writeNumberField("evidence_count", f.evidenceCount());
        g.writeEndObject();
    }

    private static void actions(JsonGenerator g, java.util.function.ToLongFunction<FirewallAction> count) throws IOException {
        boolean any = false;
        for (FirewallAction a : FirewallAction.values()) {
            if (count.applyAsLong(a) == 0) continue;
            if (!any) g.writeObjectFieldStart("actions");
            any = true;
            g.writeNumberField(a.label(), count.applyAsLong(a));
        }
        if (any) g.writeEndObject();
    }

    /**
     * Each service group as one compact line of the indented report (the same fields as {@link #service}), in order;
     * made on every core for a big host's thousands (each line on its own).
     */
    private static List<String> serviceLines(List<ServiceGroup> groups) {
        return dev.portolan.model.InOrder.map(groups, groups.size(), JsonRenderer::serviceLine);
    }

    private static String serviceLine(ServiceGroup sg) {
        java.io.StringWriter line = new java.io.StringWriter(768);
        try (JsonGenerator c = JsonSupport.compact(line)) {
            service(c, sg);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a StringWriter does not fail
        }
        return line.toString();
    }

    /** A service group: the conn.log names for its endpoints; a folded originator is null, a port class "LOW-HIGH". */
    private static void service(JsonGenerator g, ServiceGroup sg) throws IOException {
        g.writeStartObject();
        g.writeStringField("proto", sg.proto().label());
        if (sg.proto() == Protocol.OTHER) g.writeNumberField("ip_proto", sg.ipProtocol()); // as a flow's (FlowTableWriter)
        ServiceGroup.Folded folded = sg.folded();
        if (folded != null && folded.origClass() != null) g.writeStringField("orig_h", folded.origClass());
        else if (sg.origCollapsed()) g.writeNullField("orig_h");
        else g.writeStringField("orig_h", sg.origAddr());
        if (sg.origPortExact()) g.writeNumberField("orig_p", sg.origPort());
        else g.writeStringField("orig_p", sg.origPortClass().toString());
        if (folded != null && folded.respClass() != null) g.writeStringField("resp_h", folded.respClass());
        else if (sg.respCollapsed()) g.writeNullField("resp_h");
        else g.writeStringField("resp_h", sg.respAddr());
        if (sg.respPortExact()) {
            g.writeNumberField("resp_p", sg.respPort());
        } else {
            // a folded class: "LOW-HIGH", how many distinct ports of it were seen and the first few
            g.writeStringField("resp_p", sg.respPortClass().toString());
            g.writeNumberField("resp_ports", sg.respPorts().count());
            g.writeBooleanField("resp_ports_exact", sg.respPorts().isExact());
            g.writeArrayFieldStart("sample_resp_ports");
            for (int p : sg.sampleRespPorts()) g.writeNumber(p);
            g.writeEndArray();
        }
        // a folded side: the earliest flow's address, for reading (all unknown addresses of that side are counted in)
        if (sg.origCollapsed() || sg.respCollapsed() || folded != null) {
            g.writeStringField("sample", Addresses.endpoint(sg.origAddr(), sg.origPort()) + " -> "
                    + Addresses.endpoint(sg.respAddr(), sg.respPort()));
        }
        // several of the audit's groups listed as one (addresses shown as classes: loopback, self; or a port class)
        if (folded != null) g.writeNumberField("folded_groups", folded.groups());
        g.writeStringField("direction", sg.direction().label());
        g.writeBooleanField("allowed", sg.traits().allowed());
        g.writeBooleanField("dropped", sg.traits().dropped());
        g.writeBooleanField("answered", sg.traits().answered());
        if (sg.traits().attempt() != FlowTraits.Attempt.NONE) {
            g.writeStringField("attempt", sg.traits().attempt().name().toLowerCase(java.util.Locale.ROOT));
        }
        g.writeNumberField("flows", sg.flowCount());
        g.writeBooleanField("flows_exact", sg.flows().isExact());
        g.writeNumberField("originators", sg.originatorCount());
        g.writeBooleanField("originators_exact", sg.originators().isExact());
        JsonSupport.strings(g, "sample_originators", sg.sampleOriginators());
        g.writeStringField("first_ts", Times.isoMicros(sg.firstMicros()));
        g.writeStringField("last_ts", Times.isoMicros(sg.lastMicros()));
        g.writeNumberField("packets", sg.packets());
        g.writeNumberField("bytes", sg.bytes());
        actions(g, sg::actionCount);
        // the evidence lines are the findings'; a service names where its first one is and counts them all
        g.writeStringField("first_evidence", sg.evidence().isEmpty() ? null : sg.evidence().get(0).location());
        g.writeNumberField("evidence_count", sg.evidenceCount());
        g.writeEndObject();
    }

}
