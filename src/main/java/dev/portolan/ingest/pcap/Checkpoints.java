package dev.portolan.ingest.pcap;

/**
 * Where a record loop stops to ask whether to go on: the two-range read ({@link SplitRead}) joins its halves at the
 * record where the second half began, and lets a second half that is no longer wanted give up.
 */
interface Checkpoints {
    /** Returned by {@link #at}: end the read before this record. */
    long STOP = -1;

    /** Never asks: the whole input is read. */
    Checkpoints NONE = new Checkpoints() {
        @Override
        public long first() {
            return Long.MAX_VALUE;
        }

        @Override
        public long at(long offset, long packetNo) {
            return Long.MAX_VALUE;
        }
    };

    /** The file offset of the first question. */
    long first();

    /**
     * Asked at the first record (or block) starting at or after the offset last returned, before reading it:
     * {@code offset} is where it starts, {@code packetNo} the packets read so far. Returns the next offset to ask at,
     * or {@link #STOP}.
     */
    long at(long offset, long packetNo);
}
