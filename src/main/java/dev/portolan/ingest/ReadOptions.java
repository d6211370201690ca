package dev.portolan.ingest;

import java.time.ZoneId;
import java.util.function.IntPredicate;

/**
 * Options for reading inputs: the firewall log's time zone (null = local times kept as logged),
 * which capture reader to use ("default" or "pcap4j"), and which ports are catalog listener ports
 * (used to guess a capture flow's initiator when no handshake was seen).
 */
public record ReadOptions(ZoneId timeZone, String captureReader, IntPredicate listenerPort) {

    public static ReadOptions defaults() {
        return new ReadOptions(null, "default", p -> false);
    }
}
