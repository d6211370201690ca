package dev.portolan.catalog;

import dev.portolan.model.Addresses;

/** Whether text is an IPv4 or IPv6 address literal (never a DNS lookup). */
final class AddressSyntax {
    private AddressSyntax() {
    }

    static boolean isAddress(String text) {
        String a = Addresses.stripScope(text);
        return a.indexOf(':') >= 0 ? isIpv6(a) : isIpv4(a);
    }

    static boolean isIpv4(String a) {
        String[] parts = a.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) return false;
        }
        return true;
    }

    private static boolean isIpv6(String a) {
        String s = a;
        int groups = 0;
        int lastColon = s.lastIndexOf(':');
        if (s.indexOf('.') > lastColon && lastColon >= 0) {
            if (!isIpv4(s.substring(lastColon + 1))) return false;
            s = s.substring(0, lastColon + 1) + "0:0";
        }
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) return false;
        for (String g : s.split(":", -1)) {
            if (g.isEmpty()) continue;
            if (g.length() > 4 || !g.chars().allMatch(c -> Character.digit(c, 16) >= 0)) return false;
            groups++;
        }
        return doubleColon >= 0 ? groups < 8 : groups == 8 && !s.startsWith(":") && !s.endsWith(":");
    }
}
