package dev.portolan.catalog;

/**
 * A vendor document the catalog rows cite (one row of {@code sources*.csv}). {@code heading} is a phrase the
 * document itself prints, so a reader (and a test) can recognise it; {@code edition} is what the text says of
 * its edition or version, empty when it says nothing.
 */
public record CatalogSource(String id, String vendor, String product, String title, String edition, String heading,
                            String file, long line) {

    /** "TITLE, SECTION" as reports show a row's source. */
    public String cite(String section) {
        return section.isEmpty() ? title : title + ", " + section;
    }
}
