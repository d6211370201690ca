package dev.portolan.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The audited host: name, addresses, OS family (decides the ephemeral range), roles and condition
 * settings such as {@code clientmanager.version=4.33}. Immutable; use {@link #builder()}.
 */
public final class Host {
    private final String name;
    private final Set<String> addresses;
    private final OsFamily os;
    private final PortRange ephemeral;
    private final List<RoleAssignment> roles;
    private final Map<String, String> settings;

    private Host(Builder b) {
        this.name = b.name == null ? "" : b.name;
        this.addresses = Set.copyOf(b.addresses);
        this.os = b.os;
        this.ephemeral = b.ephemeral != null ? b.ephemeral : b.os.defaultEphemeralRange();
        this.roles = List.copyOf(b.roles);
        this.settings = Map.copyOf(b.settings);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().name(name).os(os);
        b.addresses.addAll(addresses);
        b.roles.addAll(roles);
        b.settings.putAll(settings);
        if (!ephemeral.equals(os.defaultEphemeralRange())) b.ephemeral(ephemeral);
        return b;
    }

    public String name() { return name; }
    public Set<String> addresses() { return addresses; }
    public OsFamily os() { return os; }
    public PortRange ephemeralRange() { return ephemeral; }
    public List<RoleAssignment> roles() { return roles; }
    public Map<String, String> settings() { return settings; }

    public boolean hasRole(String role) {
        for (RoleAssignment r : roles) if (r.role().equals(role)) return true;
        return false;
    }

    public boolean isEphemeral(int port) {
        return ephemeral.contains(port);
    }

    /** True when the address is one of the host's own addresses (or loopback). */
    public boolean owns(String address) {
        return address != null && (addresses.contains(Addresses.stripScope(address)) || Addresses.isLoopback(address));
    }

    @Override
    public String toString() {
        return "Host[" + name + " " + os.label() + " roles=" + roles + " settings=" + settings + "]";
    }

    public static final class Builder {
        private String name;
        private final Set<String> addresses = new LinkedHashSet<>();
        private OsFamily os = OsFamily.UNKNOWN;
        private PortRange ephemeral;
        private final List<RoleAssignment> roles = new ArrayList<>();
        private final Map<String, String> settings = new LinkedHashMap<>();

        public Builder name(String name) { this.name = name; return this; }
        public Builder address(String address) { this.addresses.add(Addresses.stripScope(address)); return this; }
        public Builder os(OsFamily os) { this.os = os; return this; }
        public Builder ephemeral(PortRange range) { this.ephemeral = range; return this; }
        public Builder role(String role) { return role(RoleAssignment.given(role)); }
        public Builder role(RoleAssignment role) {
            roles.removeIf(r -> r.role().equals(role.role()));
            roles.add(role);
            return this;
        }
        public Builder clearSettings() { settings.clear(); return this; }
        public Builder setting(String key, String value) { settings.put(key.trim().toLowerCase(java.util.Locale.ROOT), value.trim()); return this; }
        public String name() { return name; }
        public OsFamily os() { return os; }
        public boolean hasRoles() { return !roles.isEmpty(); }
        public Host build() { return new Host(this); }
    }
}
