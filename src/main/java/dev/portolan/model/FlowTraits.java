package dev.portolan.model;

/**
 * What the audit asks of a single flow, decided as the flow arrives, so flows can be folded into a service
 * group without losing it: whether the firewall let it through or dropped it, whether the responder answered,
 * and for a TCP handshake seen in a capture whether the attempt was refused (RST) or got no answer.
 */
public record FlowTraits(boolean allowed, boolean dropped, boolean answered, Attempt attempt) {

    // written out (the same values as a record's own): part of the service-group key hashed for every flow
    @Override
    public int hashCode() {
        int h = Boolean.hashCode(allowed);
        h = 31 * h + Boolean.hashCode(dropped);
        h = 31 * h + Boolean.hashCode(answered);
        return 31 * h + java.util.Objects.hashCode(attempt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowTraits t && allowed == t.allowed && dropped == t.dropped && answered == t.answered
                && attempt == t.attempt;
    }

    /** How a TCP connection attempt seen from its SYN ended, when it never got a SYN-ACK. */
    public enum Attempt {
        /** Not a failed attempt (answered, not TCP, or the handshake was not seen). */
        NONE,
        /** The responder sent a reset: nothing listening. */
        REFUSED,
        /** No answer at all. */
        UNANSWERED
    }

    /** A continuation carries its conversation's earlier handshake flags and whether it was answered (see {@link Flow}). */
    public static FlowTraits of(Flow f) {
        boolean answered = f.respPackets() > 0 || f.hasFlag(Flow.ANSWERED_EARLIER);
        Attempt attempt = Attempt.NONE;
        if (f.proto() == Protocol.TCP && f.initiator() == Initiator.HANDSHAKE && !f.hasFlag(Flow.SYN_ACK)) {
            if (f.hasFlag(Flow.RST_FROM_RESP)) attempt = Attempt.REFUSED;
            else if (!answered) attempt = Attempt.UNANSWERED;
        }
        return new FlowTraits(f.wasAllowed(), f.wasDropped(), answered, attempt);
    }
}
