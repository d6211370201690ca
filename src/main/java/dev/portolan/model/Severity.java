package dev.portolan.model;

import java.util.Locale;

/** Severity of a finding, ordered from least to most severe. */
public enum Severity {
    INFO, NOTICE, WARNING, ERROR;

    public static Severity parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown severity '" + text + "' (expected info, notice, warning or error)");
        }
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
