package dev.portolan.model;

import java.util.List;

/**
 * One audit result row. {@code port} is -1 and {@code proto} null when not applicable (e.g. an input
 * problem); {@code entryId}/{@code entrySource} point at the catalog row that decided it, when one did.
 * {@code peer} is the remote endpoint of a flow or connection, when there is one. {@code firewallException} is what
 * the catalog row says of a firewall exception for the port (yes, no, auto, unspecified, or one that depends on
 * settings not given), for a finding about dropped traffic; null otherwise. Its advice is worded by it.
 */
public record Finding(FindingCode code, Severity severity, Protocol proto, int port, String address, String peer,
                      String product, String role, String message, List<Evidence> evidence,
                      String entryId, String entrySource, String firewallException) {

    public Finding {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    public static Builder of(FindingCode code) {
        return new Builder(code);
    }

    /** Step builder so call sites name what they set. */
    public static final class Builder {
        private final FindingCode code;
        private Severity severity;
        private Protocol proto;
        private int port = -1;
        private String address;
        private String peer;
        private String product;
        private String role;
        private String message = "";
        private List<Evidence> evidence = List.of();
        private String entryId;
        private String entrySource;
        private String firewallException;

        private Builder(FindingCode code) {
            this.code = code;
            this.severity = code.defaultSeverity();
        }

        public Builder severity(Severity s) { severity = s; return this; }
        public Builder proto(Protocol p) { proto = p; return this; }
        public Builder port(int p) { port = p; return this; }
        public Builder address(String a) { address = a; return this; }
        public Builder peer(String p) { peer = p; return this; }
        public Builder product(String p) { product = p; return this; }
        public Builder role(String r) { role = r; return this; }
        public Builder message(String m) { message = m; return this; }
        public Builder evidence(List<Evidence> e) { evidence = e; return this; }
        public Builder evidence(Evidence e) { evidence = List.of(e); return this; }
        public Builder entry(String id, String source) { entryId = id; entrySource = source; return this; }
        public Builder firewallException(String e) { firewallException = e; return this; }

        public Finding build() {
            return new Finding(code, severity, proto, port, address, peer, product, role, message, evidence, entryId, entrySource,
                    firewallException);
        }
    }
}
