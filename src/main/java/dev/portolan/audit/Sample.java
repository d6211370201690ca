package dev.portolan.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code size} items with the smallest positions, one per distinct item (an item seen again keeps its
 * smallest position). The result depends only on which (item, position) pairs were added, never on their order.
 */
final class Sample<T> {
    private final int size;
    private final List<T> items = new ArrayList<>(2);
    private final List<Long> positions = new ArrayList<>(2);

    Sample(int size) {
        this.size = size;
    }

    void add(T item, long position) {
        // full, and not earlier than the last kept: nothing changes (an earlier copy of the item is kept already)
        if (items.size() >= size && positions.get(size - 1) <= position) return;
        int i = items.indexOf(item);
        if (i >= 0) {
            if (positions.get(i) <= position) return;
            items.remove(i);
            positions.remove(i);
        } else if (items.size() >= size) {
            if (positions.get(size - 1) <= position) return;
            items.remove(size - 1);
            positions.remove(size - 1);
        }
        int at = 0;
        while (at < positions.size() && positions.get(at) <= position) at++;
        items.add(at, item);
        positions.add(at, position);
    }

    /** False when an item at {@code position} cannot enter (full, and not earlier than the last kept): skip making it. */
    boolean takes(long position) {
        return items.size() < size || positions.get(size - 1) > position;
    }

    void addAll(Sample<T> other) {
        for (int i = 0; i < other.items.size(); i++) add(other.items.get(i), other.positions.get(i));
    }

    List<T> items() {
        return List.copyOf(items);
    }

    /** The earliest item, or null. */
    T first() {
        return items.isEmpty() ? null : items.get(0);
    }

    long firstPosition() {
        return positions.isEmpty() ? Long.MAX_VALUE : positions.get(0);
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    @Override
    public String toString() {
        return Objects.toString(items);
    }
}
