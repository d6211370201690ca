package dev.portolan.model;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Maps a list item by item into a list in the same order: on every core when the work is big (a big log's thousands of
 * service groups built, listed and written at the end of an audit, after the parallel read), on the calling thread
 * otherwise. The function must depend on its item alone.
 */
public final class InOrder {
    /** From this much work (items, or the count the caller sizes its work by) the items are mapped on every core. */
    public static final int PARALLEL_FROM = 2048;

    private InOrder() {
    }

    /** {@code f} of each item, in order; on every core when {@code work} is at least {@link #PARALLEL_FROM}. */
    public static <T, R> List<R> map(List<T> items, int work, Function<? super T, ? extends R> f) {
        Stream<T> each = work >= PARALLEL_FROM ? items.parallelStream() : items.stream();
        return each.<R>map(f).collect(Collectors.toList());
    }
}
