package dev.portolan.catalog;

import dev.portolan.model.DidYouMean;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Condition keys that look mistyped: a key that only one row reads while a near key ({@code verison} beside
 * {@code version}) is read elsewhere. A mistyped key silently makes its condition "unknown", so the row
 * applies whatever the host's settings say.
 */
final class ConditionKeyLint {
    private ConditionKeyLint() {
    }

    static List<CatalogIssue> check(List<CatalogEntry> rows, Catalog catalog) {
        Map<String, Integer> readers = new HashMap<>();
        for (CatalogEntry e : catalog.entries()) for (String k : keysOf(e)) readers.merge(k, 1, Integer::sum);
        for (CatalogEntry e : rows) if (catalog.byId(e.id()) != e) for (String k : keysOf(e)) readers.merge(k, 1, Integer::sum);
        List<CatalogIssue> out = new ArrayList<>();
        for (CatalogEntry e : rows) {
            for (String key : keysOf(e)) {
                if (readers.getOrDefault(key, 0) > 1) continue;
                List<String> others = new ArrayList<>();
                for (String k : readers.keySet()) if (!k.equals(key)) others.add(k);
                String hint = DidYouMean.hint(key, others);
                if (hint.isEmpty()) continue;
                out.add(new CatalogIssue(e.file(), e.line(), CatalogIssue.Level.WARNING, "row " + e.id() + ": unknown condition key '"
                        + key + "': no other row reads it" + hint));
            }
        }
        return out;
    }

    private static Set<String> keysOf(CatalogEntry e) {
        Set<String> keys = new TreeSet<>(e.condition().keys());
        if (e.firewallException().when() != null) keys.addAll(e.firewallException().when().keys());
        return keys;
    }
}
