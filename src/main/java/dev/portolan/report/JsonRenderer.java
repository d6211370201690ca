package dev.portolan.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.portolan.model.AuditReport;
import dev.portolan.model.Connection;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.Flow;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.InputSummary;
import dev.portolan.model.Listener;
import dev.portolan.model.RoleAssignment;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole report as one pretty-printed JSON document: findings plus the observations they were drawn
 * from (listeners, connections, flows named like Zeek's conn.log) and what each input contributed. Every
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

    @Override
    public void render(AuditReport report, Writer out) throws IOException {
        try (JsonGenerator g = JsonSupport.pretty(out)) {
            g.writeStartObject();
            g.writeStringField("tool", "portolan");
            g.writeStringField("version", report.toolVersion());
            g.writeStringField("generated", Labels.iso(report.generatedAt()));
            JsonSupport.counts(g, "summary", report.summary());
            g.writeArrayFieldStart("hosts");
            List<Finding> all = new ArrayList<>();
            int failing = 0;
            for (HostReport h : report.hosts()) {
                host(g, h);
                all.addAll(h.findings());
                if (Verdict.of(h.findings(), options.failOn()).failed()) failing++;
            }
            g.writeEndArray();
            // last, so hosts can be written as they complete
            g.writeObjectFieldStart("verdict");
            JsonSupport.verdictFields(g, Verdict.of(all, options.failOn()));
            g.writeNumberField("hosts", report.hosts().size());
            g.writeNumberField("failing_hosts", failing);
            g.writeEndObject();
            g.writeEndObject();
        }
        out.write('\n');
    }

    private void host(JsonGenerator g, HostReport h) throws IOException {
        Host host = h.host();
        g.writeStartObject();
        g.writeStringField("host", host.name());
        g.writeObjectFieldStart("verdict");
        JsonSupport.verdictFields(g, Verdict.of(h.findings(), options.failOn()));
        g.writeEndObject();
        g.writeStringField("os", host.os().label());
        g.writeStringField("ephemeral_range", host.ephemeralRange().toString());
        JsonSupport.strings(g, "addresses", Labels.addresses(host));
        g.writeArrayFieldStart("roles");
        for (RoleAssignment r : host.roles()) {
            g.writeStartObject();
            g.writeStringField("role", r.role());
            g.writeBooleanField("inferred", r.inferred());
            g.writeNumberField("confidence", r.confidence());
            JsonSupport.strings(g, "decided_by", r.decidedBy());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("settings");
        for (Map.Entry<String, String> s : Labels.settings(host).entrySet()) g.writeStringField(s.getKey(), s.getValue());
        g.writeEndObject();
        JsonSupport.counts(g, "summary", h.summary());
        g.writeArrayFieldStart("findings");
        for (Finding f : Labels.ordered(h.findings())) JsonSupport.finding(g, f, null, null, options);
        g.writeEndArray();
        g.writeArrayFieldStart("listeners");
        for (Listener l : h.listeners()) listener(g, l);
        g.writeEndArray();
        g.writeArrayFieldStart("connections");
        for (Connection c : h.connections()) connection(g, c);
        g.writeEndArray();
        g.writeArrayFieldStart("flows");
        for (Flow f : h.flows()) flow(g, f);
        g.writeEndArray();
        // service-level view: thousands of ephemeral source ports make one row per (proto, responder, port)
        g.writeArrayFieldStart("services");
        for (dev.portolan.model.ServiceGroup sg : dev.portolan.model.ServiceGroup.group(h.flows())) service(g, sg);
        g.writeEndArray();
        g.writeArrayFieldStart("inputs");
        for (InputSummary in : h.inputs()) input(g, in);
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void listener(JsonGenerator g, Listener l) throws IOException {
        g.writeStartObject();
        g.writeStringField("proto", l.proto().label());
        g.writeStringField("address", l.address());
        g.writeNumberField("port", l.port());
        pid(g, l.pid());
        g.writeStringField("process", l.process());
        evidenceField(g, l.evidence());
        g.writeEndObject();
    }

    private static void connection(JsonGenerator g, Connection c) throws IOException {
        g.writeStartObject();
        g.writeStringField("proto", c.proto().label());
        g.writeStringField("local_address", c.localAddress());
        g.writeNumberField("local_port", c.localPort());
        g.writeStringField("remote_address", c.remoteAddress());
        g.writeNumberField("remote_port", c.remotePort());
        g.writeStringField("state", c.state());
        pid(g, c.pid());
        g.writeStringField("process", c.process());
        evidenceField(g, c.evidence());
        g.writeEndObject();
    }

    private static void flow(JsonGenerator g, Flow f) throws IOException {
        g.writeStartObject();
        g.writeStringField("proto", f.proto().label());
        g.writeStringField("orig_h", f.origAddr());
        g.writeNumberField("orig_p", f.origPort());
        g.writeStringField("resp_h", f.respAddr());
        g.writeNumberField("resp_p", f.respPort());
        g.writeStringField("initiator", f.initiator() == null ? null : f.initiator().label());
        g.writeStringField("direction", f.direction().label());
        g.writeStringField("first", Labels.isoMicros(f.firstMicros()));
        g.writeStringField("last", Labels.isoMicros(f.lastMicros()));
        g.writeNumberField("orig_pkts", f.origPackets());
        g.writeNumberField("orig_bytes", f.origBytes());
        g.writeNumberField("resp_pkts", f.respPackets());
        g.writeNumberField("resp_bytes", f.respBytes());
        g.writeStringField("conn_state", f.connState());
        boolean any = false;
        for (FirewallAction a : FirewallAction.values()) {
            if (f.actionCount(a) == 0) continue;
            if (!any) g.writeObjectFieldStart("actions");
            any = true;
            g.writeNumberField(a.label(), f.actionCount(a));
        }
        if (any) g.writeEndObject();
        g.writeArrayFieldStart("evidence");
        for (Evidence e : f.evidence()) JsonSupport.evidence(g, e);
        g.writeEndArray();
        // flows keep only the first few evidence items; say how many there were
        g.writeNumberField("evidence_count", f.evidenceCount());
        g.writeEndObject();
    }

    private static void service(JsonGenerator g, dev.portolan.model.ServiceGroup sg) throws IOException {
        g.writeStartObject();
        g.writeStringField("proto", sg.proto().label());
        g.writeStringField("resp_h", sg.respAddr());
        g.writeNumberField("resp_p", sg.respPort());
        g.writeStringField("direction", sg.direction().label());
        g.writeNumberField("flows", sg.flowCount());
        g.writeNumberField("originators", sg.originatorCount());
        g.writeArrayFieldStart("sample_originators");
        for (String o : sg.sampleOriginators()) g.writeString(o);
        g.writeEndArray();
        g.writeStringField("first", Labels.isoMicros(sg.firstMicros()));
        g.writeStringField("last", Labels.isoMicros(sg.lastMicros()));
        g.writeNumberField("packets", sg.packets());
        g.writeNumberField("bytes", sg.bytes());
        boolean any = false;
        for (FirewallAction a : FirewallAction.values()) {
            if (sg.actionCount(a) == 0) continue;
            if (!any) g.writeObjectFieldStart("actions");
            any = true;
            g.writeNumberField(a.label(), sg.actionCount(a));
        }
        if (any) g.writeEndObject();
        g.writeEndObject();
    }

    private static void input(JsonGenerator g, InputSummary in) throws IOException {
        g.writeStartObject();
        g.writeStringField("file", in.file());
        g.writeStringField("format", in.format());
        g.writeStringField("variant", in.variant());
        g.writeNumberField("records", in.records());
        g.writeNumberField("listeners", in.listeners());
        g.writeNumberField("connections", in.connections());
        g.writeNumberField("flows", in.flows());
        g.writeNumberField("problems", in.problems());
        if (!in.notes().isEmpty()) {
            g.writeArrayFieldStart("notes");
            for (String note : in.notes()) g.writeString(note);
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void pid(JsonGenerator g, long pid) throws IOException {
        if (pid >= 0) g.writeNumberField("pid", pid);
        else g.writeNullField("pid");
    }

    private static void evidenceField(JsonGenerator g, Evidence e) throws IOException {
        if (e == null) {
            g.writeNullField("evidence");
            return;
        }
        g.writeFieldName("evidence");
        JsonSupport.evidence(g, e);
    }
}
