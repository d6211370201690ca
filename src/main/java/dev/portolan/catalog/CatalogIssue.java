package dev.portolan.catalog;

/** A lint finding about a catalog file: where, how bad, and what is wrong. */
public record CatalogIssue(String file, long line, Level level, String message) {

    /** Errors make a row unusable; warnings are suspicious but loadable. */
    public enum Level { ERROR, WARNING }

    @Override
    public String toString() {
        return file + ":" + line + ": " + level.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
    }
}
