package dev.portolan.ingest.firewall;

/**
 * Canonical text for each distinct address of one family, made once: flows then share one String
 * per address. Open addressing on the two-long form; a log has few distinct addresses.
 */
final class AddressNames {
    private long[] his = new long[256];
    private long[] los = new long[256];
    private String[] names = new String[256];
    private int size;
    private int mask = 255;

    private final boolean v6;

    AddressNames(boolean v6) {
        this.v6 = v6;
    }

    String name(long hi, long lo) {
        int s = slot(hi, lo);
        while (true) {
            String n = names[s];
            if (n == null) break;
            if (his[s] == hi && los[s] == lo) return n;
            s = (s + 1) & mask;
        }
        String n = dev.portolan.model.IpAddress.format(v6, hi, lo);
        his[s] = hi;
        los[s] = lo;
        names[s] = n;
        if (++size * 2 > names.length) grow();
        return n;
    }

    private int slot(long hi, long lo) {
        long h = (hi * 0x9E3779B97F4A7C15L) ^ lo;
        h *= 0xFF51AFD7ED558CCDL;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] oh = his;
        long[] ol = los;
        String[] on = names;
        his = new long[oh.length * 2];
        los = new long[oh.length * 2];
        names = new String[oh.length * 2];
        mask = names.length - 1;
        for (int i = 0; i < on.length; i++) {
            if (on[i] == null) continue;
            int s = slot(oh[i], ol[i]);
            while (names[s] != null) s = (s + 1) & mask;
            his[s] = oh[i];
            los[s] = ol[i];
            names[s] = on[i];
        }
    }

    int size() {
        return size;
    }
}
