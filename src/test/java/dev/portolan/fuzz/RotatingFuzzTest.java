package dev.portolan.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.time.LocalDate;
import java.util.List;

/**
 * The short fuzzing run of every build: Maven's {@code fuzz-short} execution runs this class with
 * {@code JAZZER_FUZZ=1}, so each {@code mvn verify} really fuzzes one target of {@link InputFuzzTest} for 30 seconds,
 * seeded with every target's seeds. Jazzer fuzzes only one test per run, so the target rotates with the day of the
 * year (all twelve within twelve days of builds); {@code -Dportolan.fuzz.target=NAME} picks one. A crash fails the build
 * and Jazzer saves the input under {@code src/test/resources/dev/portolan/fuzz/RotatingFuzzTestInputs/ofTheDay/}:
 * move it to {@code InputFuzzTestInputs/<target>/} so the ordinary suite keeps it as a regression test.
 */
class RotatingFuzzTest {
    static final List<String> TARGETS = List.of("netstat", "firewallLog", "capture", "gzipWrapped", "detected",
            "catalogCsv", "hostsManifest", "suppressionFile", "auditResult", "firewallLogInPieces",
            "firewallFlowsInPieces", "archive");

    private final InputFuzzTest targets = new InputFuzzTest();

    @FuzzTest(maxDuration = "30s")
    void ofTheDay(byte[] data) throws Exception {
        run(target(), data);
    }

    /**
     * The longer run, by hand: {@code JAZZER_FUZZ=1 mvn test -Dtest='RotatingFuzzTest#forFiveMinutes'
     * -Dportolan.fuzz.target=capture} (Jazzer stops it after five minutes and prints its totals).
     */
    @FuzzTest(maxDuration = "5m")
    void forFiveMinutes(byte[] data) throws Exception {
        run(target(), data);
    }

    static String target() {
        String asked = System.getProperty("portolan.fuzz.target", "");
        if (!asked.isEmpty()) {
            if (!TARGETS.contains(asked)) throw new IllegalArgumentException("portolan.fuzz.target: not one of " + TARGETS);
            return asked;
        }
        return TARGETS.get(LocalDate.now().getDayOfYear() % TARGETS.size());
    }

    private void run(String target, byte[] data) throws Exception {
        switch (target) {
            case "netstat" -> targets.netstat(data);
            case "firewallLog" -> targets.firewallLog(data);
            case "capture" -> targets.capture(data);
            case "gzipWrapped" -> targets.gzipWrapped(data);
            case "detected" -> targets.detected(data);
            case "catalogCsv" -> targets.catalogCsv(data);
            case "hostsManifest" -> targets.hostsManifest(data);
            case "suppressionFile" -> targets.suppressionFile(data);
            case "auditResult" -> targets.auditResult(data);
            case "firewallLogInPieces" -> targets.firewallLogInPieces(data);
            case "firewallFlowsInPieces" -> targets.firewallFlowsInPieces(data);
            case "archive" -> targets.archive(data);
            default -> throw new IllegalStateException(target);
        }
    }
}
