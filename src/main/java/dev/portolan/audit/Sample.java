package dev.portolan.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code size} items with the smallest positions, one per distinct item (an item seen again keeps its
 * smallest position). The result depends only on which (item, position) pairs were added, never on their order.
 * Plain arrays, made on the first add: a fleet audit makes millions of small samples, most holding one item.
 */
final class Sample<T> {
    private static final Object[] NO_ITEMS = {};
    private static final long[] NO_POSITIONS = {};

    private final int size;
    /** The kept items in position order, {@code n} of them. */
    private Object[] items = NO_ITEMS;
    private long[] positions = NO_POSITIONS;
    private int n;

    Sample(int size) {
        this.size = size;
    }

    void add(T item, long position) {
        // full, and not earlier than the last kept: nothing changes (an earlier copy of the item is kept already)
        if (n >= size && positions[size - 1] <= position) return;
        int i = indexOf(item);
        if (i >= 0) {
            if (positions[i] <= position) return;
            remove(i);
        } else if (n >= size) {
            remove(size - 1);
        }
        int at = 0;
        while (at < n && positions[at] <= position) at++;
        if (n == items.length) {
            int capacity = Math.min(size, Math.max(2, n * 2));
            items = Arrays.copyOf(items, capacity);
            positions = Arrays.copyOf(positions, capacity);
        }
        System.arraycopy(items, at, items, at + 1, n - at);
        System.arraycopy(positions, at, positions, at + 1, n - at);
        items[at] = item;
        positions[at] = position;
        n++;
    }

    /** False when an item at {@code position} cannot enter (full, and not earlier than the last kept): skip making it. */
    boolean takes(long position) {
        return n < size || positions[size - 1] > position;
    }

    /**
     * The position from which this sample takes nothing more: its last kept one when full, else Long.MAX_VALUE. Adding
     * items only lowers it, so a value read earlier is never below the present one.
     */
    long fullFrom() {
        return n < size ? Long.MAX_VALUE : positions[size - 1];
    }

    void addAll(Sample<T> other) {
        for (int i = 0; i < other.n; i++) add(other.item(i), other.positions[i]);
    }

    List<T> items() {
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(item(i));
        return List.copyOf(out);
    }

    /** The earliest item, or null. */
    T first() {
        return n == 0 ? null : item(0);
    }

    long firstPosition() {
        return n == 0 ? Long.MAX_VALUE : positions[0];
    }

    boolean isEmpty() {
        return n == 0;
    }

    @SuppressWarnings("unchecked")
    private T item(int i) {
        return (T) items[i];
    }

    private int indexOf(T item) {
        for (int i = 0; i < n; i++) if (item == null ? items[i] == null : item.equals(items[i])) return i;
        return -1;
    }

    private void remove(int i) {
        System.arraycopy(items, i + 1, items, i, n - i - 1);
        System.arraycopy(positions, i + 1, positions, i, n - i - 1);
        items[--n] = null;
    }

    @Override
    public String toString() {
        return Arrays.asList(Arrays.copyOf(items, n)).toString();
    }
}
