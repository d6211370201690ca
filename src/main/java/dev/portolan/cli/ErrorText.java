package dev.portolan.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** An error as a person reads it: the file and why ("hosts.csv: no such file"), decided by the exception's type. */
final class ErrorText {
    private ErrorText() {
    }

    static String of(Throwable ex) {
        if (ex instanceof NoSuchFileException e) return e.getFile() + ": no such file";
        if (ex instanceof AccessDeniedException e) return e.getFile() + ": permission denied";
        if (ex instanceof NotDirectoryException e) return e.getFile() + ": not a directory";
        if (ex instanceof FileSystemException e && e.getReason() != null) return e.getFile() + ": " + e.getReason();
        return ex.getMessage() == null ? ex.toString() : ex.getMessage();
    }
}
