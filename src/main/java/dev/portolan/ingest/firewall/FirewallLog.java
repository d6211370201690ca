package dev.portolan.ingest.firewall;

import dev.portolan.ingest.ReadResult;

/** What {@link FirewallLogReader#readLog} returns: the generic result plus the log's line accounting. */
public record FirewallLog(ReadResult result, FirewallStats stats) {
}
