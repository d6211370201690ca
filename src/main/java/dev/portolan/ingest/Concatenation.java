package dev.portolan.ingest;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Several lists read as one, in order, without copying them (a flow table's list may make each element as it is got:
 * a copy would make them all at once). Read-only; the parts must not change size afterwards.
 */
public final class Concatenation<T> extends AbstractList<T> implements RandomAccess {
    private final List<List<T>> parts;
    /** Index of each part's first element in the whole. */
    private final int[] starts;
    private final int size;

    public Concatenation(List<? extends List<T>> parts) {
        this.parts = List.copyOf(parts);
        this.starts = new int[this.parts.size()];
        long n = 0;
        for (int i = 0; i < starts.length; i++) {
            starts[i] = (int) n;
            n += this.parts.get(i).size();
        }
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("more than " + Integer.MAX_VALUE + " elements");
        this.size = (int) n;
    }

    /** The lists read as one, in order. */
    public List<List<T>> parts() {
        return parts;
    }

    @Override
    public T get(int index) {
        java.util.Objects.checkIndex(index, size);
        int p = java.util.Arrays.binarySearch(starts, index);
        if (p < 0) {
            p = -p - 2;
        } else {
            while (p + 1 < starts.length && starts[p + 1] == index) p++; // skip empty parts
        }
        return parts.get(p).get(index - starts[p]);
    }

    @Override
    public int size() {
        return size;
    }
}
