package dev.portolan.model;

import java.util.List;
import java.util.Locale;

/**
 * A role a host plays, "product:role" (e.g. {@code clientmanager:manager}). Roles are given (CLI flag
 * or hosts manifest) or inferred from listeners; inferred ones carry a confidence (0..1) and the
 * ports that decided them.
 */
public record RoleAssignment(String role, boolean inferred, double confidence, List<String> decidedBy) {

    public RoleAssignment {
        role = normalise(role);
        decidedBy = decidedBy == null ? List.of() : List.copyOf(decidedBy);
    }

    public static RoleAssignment given(String role) {
        return new RoleAssignment(role, false, 1.0, List.of());
    }

    public String product() {
        return role.substring(0, role.indexOf(':'));
    }

    /** Lower-cases and validates "product:role". */
    public static String normalise(String role) {
        String r = role.trim().toLowerCase(Locale.ROOT);
        int colon = r.indexOf(':');
        if (colon <= 0 || colon == r.length() - 1) {
            throw new IllegalArgumentException("bad role '" + role + "' (expected PRODUCT:ROLE, e.g. clientmanager:manager)");
        }
        return r;
    }
}
