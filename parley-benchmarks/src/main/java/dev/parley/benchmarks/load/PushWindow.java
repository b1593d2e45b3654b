package dev.parley.benchmarks.load;

/** The measurement window [{@code start}, {@code end}) of a push run, in {@link System#nanoTime()}. */
record PushWindow(long start, long end) {
    /** No window: no stamp is in it. */
    static final PushWindow NONE = new PushWindow(0, 0);

    boolean inWindow(long stamp) {
        return stamp >= start && stamp < end;
    }
}
