package dev.portolan.model;

/** A line, record or packet that could not be read, with where it was and what was expected. */
public record InputProblem(Evidence evidence, String message) {

    @Override
    public String toString() {
        return evidence.location() + ": " + message;
    }
}
