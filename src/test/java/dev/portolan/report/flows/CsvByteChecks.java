package dev.portolan.report.flows;

import dev.portolan.ingest.Concatenation;
import dev.portolan.model.Flow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The check the byte CSV tests of firewall logs and captures share. */
public final class CsvByteChecks {
    private CsvByteChecks() {
    }

    /**
     * Asserts that {@link FlowTableWriter#csv(List, java.io.OutputStream, Charset)} writes the bytes the general writer
     * prints through an {@code OutputStreamWriter} in {@code charset}; returns the CSV's line count.
     */
    public static long assertSameBytes(List<List<Flow>> parts, Charset charset) throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Writer w = new OutputStreamWriter(expected, charset);
        FlowTableWriter.write(new Concatenation<>(parts), FlowTableWriter.Format.CSV, w);
        w.flush();
        ByteArrayOutputStream actual = new ByteArrayOutputStream();
        FlowTableWriter.csv(parts, actual, charset);
        assertThat(new String(actual.toByteArray(), charset)).isEqualTo(new String(expected.toByteArray(), charset));
        assertThat(actual.toByteArray()).isEqualTo(expected.toByteArray());
        return new String(actual.toByteArray(), charset).lines().count();
    }
}
