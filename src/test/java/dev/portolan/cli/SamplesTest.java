package dev.portolan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every sample's stated command (samples/NAME/verdict.properties) in-process and checks the verdict:
 * the exit code, findings that must be present (CODE:proto/port), codes that must be absent, and inferred roles.
 */
class SamplesTest {

    static Stream<Path> samples() throws IOException {
        try (Stream<Path> s = Files.list(Paths.get("samples"))) {
            List<Path> out = new ArrayList<>();
            s.filter(p -> Files.isRegularFile(p.resolve("verdict.properties"))).sorted().forEach(out::add);
            assertThat(out).hasSizeGreaterThanOrEqualTo(8);
            return out.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sampleGivesItsStatedVerdict(Path dir) throws Exception {
        Properties v = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve("verdict.properties"), StandardCharsets.UTF_8)) {
            v.load(r);
        }
        List<String> args = new ArrayList<>(Arrays.asList(v.getProperty("command").trim().split("\\s+")));
        args.add("--format");
        args.add("json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args.toArray(new String[0]));
        assertThat(code).as("exit code of %s; stderr: %s", v.getProperty("command"), err).isEqualTo(Integer.parseInt(v.getProperty("exit")));

        JsonNode report = new ObjectMapper().readTree(out.toString());
        List<String> seen = new ArrayList<>();
        for (JsonNode host : report.get("hosts")) {
            for (JsonNode f : host.get("findings")) {
                seen.add(f.get("code").asText() + ":" + f.path("proto").asText("") + "/" + f.path("port").asText(""));
            }
        }
        for (String want : v.getProperty("present", "").trim().split("\\s+")) {
            if (!want.isEmpty()) assertThat(seen).as("findings of %s", dir).contains(want);
        }
        for (String code2 : v.getProperty("absent", "").trim().split("\\s+")) {
            if (!code2.isEmpty()) assertThat(seen).as("findings of %s", dir).noneMatch(s -> s.startsWith(code2 + ":"));
        }
        String roles = v.getProperty("roles", "").trim();
        if (!roles.isEmpty()) {
            List<String> got = new ArrayList<>();
            report.get("hosts").get(0).get("roles").forEach(r -> got.add(r.get("role").asText()));
            assertThat(got).containsExactlyInAnyOrder(roles.split("\\s+"));
        }
        String host = v.getProperty("host", "").trim();
        if (!host.isEmpty()) assertThat(report.get("hosts").get(0).get("host").asText()).isEqualTo(host);
        assertThat(Files.exists(dir.resolve("README.md"))).as("%s/README.md", dir).isTrue();
    }
}
