package dev.portolan.report;

import dev.portolan.model.AuditReport;
import dev.portolan.model.HostReport;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The text report is written host by host: a host is on the writer as soon as it is given, before the run ends. */
class TextHostByHostTest {

    @Test
    void eachHostIsWrittenWhenItArrivesAndTheEndAddsOnlyTheFooter() throws Exception {
        AuditReport whole = ReportFixtures.fixture();
        assertThat(whole.hosts()).hasSizeGreaterThan(1);
        TextRenderer r = new TextRenderer();
        StringWriter out = new StringWriter();
        ReportWriter w = r.open(out, new RunInfo(whole.generatedAt(), whole.toolVersion()));
        HostReport first = whole.hosts().get(0);
        w.host(first);
        String afterFirst = out.toString();
        assertThat(afterFirst).startsWith("== " + first.host().name()).doesNotContain("Fleet:").doesNotContain("generated");
        for (int i = 1; i < whole.hosts().size(); i++) w.host(whole.hosts().get(i));
        String beforeEnd = out.toString();
        assertThat(beforeEnd).startsWith(afterFirst).contains("== " + whole.hosts().get(1).host().name());
        w.end(RunSummary.of(whole.hosts()));
        // the streamed report is the report rendered in one go, and the end wrote only the fleet line and the footer
        StringWriter once = new StringWriter();
        r.render(whole, once);
        assertThat(out.toString()).isEqualTo(once.toString()).startsWith(beforeEnd);
        assertThat(out.toString().substring(beforeEnd.length())).contains("Fleet: ").contains("portolan ");
    }
}
