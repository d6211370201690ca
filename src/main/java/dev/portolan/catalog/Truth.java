package dev.portolan.catalog;

/** Three-valued logic for conditions over host settings that may be unknown. */
public enum Truth {
    TRUE, FALSE, UNKNOWN;

    public static Truth of(boolean b) {
        return b ? TRUE : FALSE;
    }

    public Truth and(Truth o) {
        if (this == FALSE || o == FALSE) return FALSE;
        if (this == UNKNOWN || o == UNKNOWN) return UNKNOWN;
        return TRUE;
    }

    public Truth or(Truth o) {
        if (this == TRUE || o == TRUE) return TRUE;
        if (this == UNKNOWN || o == UNKNOWN) return UNKNOWN;
        return FALSE;
    }

    /** TRUE or UNKNOWN: "either is acceptable" when a setting is not known. */
    public boolean possible() {
        return this != FALSE;
    }
}
