package dev.portolan.report.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portolan.model.Evidence;
import dev.portolan.model.Flow;
import dev.portolan.model.Initiator;
import dev.portolan.model.Protocol;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FlowTableWriterTest {
    static List<Flow> flows() {
        Flow tcp = new Flow(Protocol.TCP, 6, "192.0.2.20", 50123, "192.0.2.10", 4091, Initiator.HANDSHAKE);
        tcp.addPackets(true, 5, 400, 1_700_000_000_000_001L, 1_700_000_002_500_001L);
        tcp.addPackets(false, 4, 900, 1_700_000_000_000_001L, 1_700_000_002_500_001L);
        tcp.addTcpFlags(Flow.SYN | Flow.SYN_ACK | Flow.FIN | Flow.RESP_ANSWERED);
        tcp.addEvidence(Evidence.ofPacket("dm.pcap", 1, "2023-11-14T22:13:20.000001Z", "tcp ..."));
        tcp.addEvidence(Evidence.ofPacket("dm.pcap", 2, "2023-11-14T22:13:20.000100Z", "tcp ..."));
        Flow udp = new Flow(Protocol.UDP, 17, "2001:db8::1", 5000, "2001:db8::2", 53, Initiator.INFERRED);
        udp.addPackets(true, 1, 60, 1_700_000_001_000_000L, 1_700_000_001_000_000L);
        udp.addEvidence(Evidence.ofPacket("=cmd|' /C calc'!A0", 3, null, "udp ..."));
        return List.of(tcp, udp);
    }

    static String render(FlowTableWriter.Format f) throws IOException {
        StringWriter w = new StringWriter();
        FlowTableWriter.write(flows(), f, w);
        return w.toString();
    }

    @Test
    void textIsAnAlignedTable() throws IOException {
        String[] lines = render(FlowTableWriter.Format.TEXT).split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).startsWith("FILE").contains("ORIGINATOR").contains("RESP BYTES").endsWith("PACKETS/LINES"); // packet numbers, or a log's or dump's line numbers
        assertThat(lines[1]).contains("192.0.2.20:50123").contains("192.0.2.10:4091").contains("handshake")
                .contains("2023-11-14T22:13:20.000001Z").contains("2.500000").contains(" SF ").endsWith("1,2");
        assertThat(lines[2]).contains("[2001:db8::1]:5000").contains("inferred");
        // columns line up: the responder column starts at the same place in every row
        int col = lines[0].indexOf("RESPONDER");
        assertThat(lines[1].charAt(col - 1)).isEqualTo(' ');
        assertThat(lines[1].substring(col)).startsWith("192.0.2.10:4091");
        assertThat(lines[3]).isEqualTo("2 flows");
    }

    @Test
    void csvHasTheHeaderAndNeutralisesFormulaCells() throws IOException {
        String[] lines = render(FlowTableWriter.Format.CSV).split("\n");
        assertThat(lines[0]).isEqualTo("file,proto,orig_h,orig_p,resp_h,resp_p,initiator,first_ts,last_ts,duration,"
                + "orig_pkts,orig_bytes,resp_pkts,resp_bytes,conn_state,first_packets");
        assertThat(lines[1]).isEqualTo("dm.pcap,tcp,192.0.2.20,50123,192.0.2.10,4091,handshake,2023-11-14T22:13:20.000001Z,"
                + "2023-11-14T22:13:22.500001Z,2.500000,5,400,4,900,SF,1 2");
        assertThat(lines[2]).startsWith("'=cmd|' /C calc'!A0,udp,2001:db8::1,5000");
        assertThat(dev.portolan.report.Escape.spreadsheet("-1")).isEqualTo("'-1");
        assertThat(dev.portolan.report.Escape.spreadsheet("@x")).isEqualTo("'@x");
        assertThat(dev.portolan.report.Escape.spreadsheet("+x")).isEqualTo("'+x");
        assertThat(dev.portolan.report.Escape.spreadsheet("10.0.0.1")).isEqualTo("10.0.0.1");
    }

    @Test
    void jsonArrayAndJsonLinesCarryTheSameFields() throws IOException {
        ObjectMapper m = new ObjectMapper();
        JsonNode arr = m.readTree(render(FlowTableWriter.Format.JSON));
        assertThat(arr.isArray()).isTrue();
        assertThat(arr).hasSize(2);
        JsonNode t = arr.get(0);
        assertThat(t.get("proto").asText()).isEqualTo("tcp");
        assertThat(t.get("orig_h").asText()).isEqualTo("192.0.2.20");
        assertThat(t.get("resp_p").asInt()).isEqualTo(4091);
        assertThat(t.get("initiator").asText()).isEqualTo("handshake");
        assertThat(t.get("first_ts").asText()).isEqualTo("2023-11-14T22:13:20.000001Z");
        assertThat(t.get("duration").asDouble()).isEqualTo(2.5);
        assertThat(t.get("orig_bytes").asLong()).isEqualTo(400);
        assertThat(t.get("resp_pkts").asLong()).isEqualTo(4);
        assertThat(t.get("conn_state").asText()).isEqualTo("SF");
        assertThat(t.get("first_packets").toString()).isEqualTo("[1,2]");
        String[] lines = render(FlowTableWriter.Format.JSONL).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(m.readTree(lines[0])).isEqualTo(t);
        assertThat(m.readTree(lines[1]).get("resp_h").asText()).isEqualTo("2001:db8::2");
    }

    /**
     * The CSV writer prints plain cells itself and leaves the rest to commons-csv: on hostile text in every text column
     * (quotes, delimiters, line breaks, leading/trailing blanks, formula starts, controls, non-ASCII, empty cells) and
     * on a table big enough to be formatted on two threads, the output equals commons-csv's printer fed the
     * neutralised cells.
     */
    @Test
    void csvEqualsCommonsCsvOnHostileCellsAndBigTables() throws IOException {
        String[] hostile = {"", " lead", "trail ", "a,b", "q\"uote", "\"", "line\nbreak", "cr\rx", "\ttab", "tab\tin",
            "#hash", "!bang", "=1+1", "-dash", "+plus", "@at", "'tick", "ünïcödé", "bidi\u202eevil", "nel\u0085x",
            "ctl\u0001x", "del\u007fx", "plain.pcap", "::1", "a b", "x\u2028y"};
        java.util.List<Flow> flows = new java.util.ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            String h = hostile[i % hostile.length], g = hostile[(i / hostile.length) % hostile.length];
            Protocol proto = Protocol.values()[i % Protocol.values().length];
            Flow f = new Flow(proto, 6, h, i % 70000 == 0 ? 0 : 1024 + i, g, 443, Initiator.values()[i % Initiator.values().length]);
            if (i % 7 != 0) f.addPackets(true, 1 + i % 5, 40L * i, 1_700_000_000_000_000L + i, 1_700_000_000_500_000L + 3L * i);
            if (i % 3 == 0) f.addPackets(false, i % 4, 60L * i, 1_700_000_000_000_100L + i, 1_700_000_000_900_000L + i);
            f.addTcpFlags(i % 64);
            for (int e = 0; e < i % 4; e++) f.addEvidence(Evidence.ofPacket(i % 11 == 0 ? g : "cap" + (i % 3) + ".pcap", 1 + i + e, null, ""));
            flows.add(f);
        }
        for (int n : new int[] {flows.size(), 200}) {
            java.util.List<Flow> table = flows.subList(0, n);
            StringWriter expected = new StringWriter();
            org.apache.commons.csv.CSVPrinter p = new org.apache.commons.csv.CSVPrinter(expected,
                    org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader(FlowTableWriter.FIELDS).setRecordSeparator("\n").build());
            for (Flow f : table) {
                String[] cells = FlowTableWriter.row(f);
                Object[] neutralised = new Object[cells.length];
                for (int i = 0; i < cells.length; i++) neutralised[i] = dev.portolan.report.Escape.spreadsheet(cells[i]);
                p.printRecord(neutralised);
            }
            p.flush();
            StringWriter actual = new StringWriter();
            FlowTableWriter.write(table, FlowTableWriter.Format.CSV, actual);
            assertThat(actual.toString()).isEqualTo(expected.toString());
        }
        assertThat(FlowTableWriter.plain("10.0.0.1")).isTrue();
        assertThat(FlowTableWriter.plain("1 2 3")).isTrue();
        for (String h : new String[] {"", " lead", "trail ", "a,b", "\"", "line\nbreak", "#hash", "!bang", "ünïcödé", "del\u007fx"}) {
            assertThat(FlowTableWriter.plain(h)).as(h).isFalse();
        }
    }

    /**
     * A big table is formatted and written on two threads, each writing its own pieces in turn: a write that fails on
     * either thread reaches the caller as it was thrown, and the second thread ends (nothing waits for a turn forever).
     * With 5,000 rows of 2,048 per piece, this thread writes pieces 0 and 2, the second thread piece 1.
     */
    @Test
    void aFailedWriteOnEitherThreadReachesTheCallerAndStopsTheOther() throws Exception {
        List<Flow> table = new java.util.ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            Flow f = new Flow(Protocol.TCP, 6, "10.0.0." + (i % 200), 1024 + i, "10.0.1.1", 443, Initiator.HANDSHAKE);
            f.addPackets(true, 1, 60, 1_700_000_000_000_000L + i, 1_700_000_000_000_000L + i);
            table.add(f);
        }
        for (int failing : new int[] {1, 2, 3}) {
            java.util.List<String> writers = new java.util.ArrayList<>();
            java.io.Writer out = new java.io.Writer() {
                private int pieces;

                @Override
                public void write(char[] c, int off, int len) throws IOException {
                    if (len < 1000) return; // the header
                    writers.add(Thread.currentThread().getName());
                    if (++pieces == failing) throw new IOException("disk full at piece " + failing);
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> FlowTableWriter.write(table, FlowTableWriter.Format.CSV, out))
                    .isInstanceOf(IOException.class).hasMessage("disk full at piece " + failing);
            assertThat(writers).as("the pieces written, by thread").hasSize(failing);
            if (failing == 2) assertThat(writers.get(1)).isEqualTo("portolan-flows-csv");
            else assertThat(writers.get(failing - 1)).isEqualTo(Thread.currentThread().getName());
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("portolan-flows-csv"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("portolan-flows-csv"));
        }
    }
}
