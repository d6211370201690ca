package dev.portolan.catalog;

import java.io.IOException;

/** A catalog file that cannot be used; the message names the file and line. */
public class CatalogException extends IOException {
    private static final long serialVersionUID = 1L;

    public CatalogException(String message) {
        super(message);
    }
}
