package dev.portolan.report.flows;

/**
 * Divisions by constants as a multiplication and a shift, exact for every {@code int} at least 0. The first JIT tier
 * (which runs {@code flows} of logs up to 512 MB) makes {@code v / 100} a division instruction, tens of cycles each;
 * a CSV row of a flow had some thirty of them.
 */
final class Division {
    private Division() {
    }

    /** {@code v / 100} for {@code v} from 0 to {@link Integer#MAX_VALUE}. */
    static int by100(int v) {
        return (int) ((v * 0x51EB851FL) >>> 37);
    }

    /** {@code v / 1,000,000} for {@code v} from 0 to {@link Integer#MAX_VALUE}. */
    static int by1000000(int v) {
        return (int) ((v * 0x431BDE83L) >>> 50);
    }
}
