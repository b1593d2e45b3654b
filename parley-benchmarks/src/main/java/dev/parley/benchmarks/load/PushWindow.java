package dev.parley.benchmarks.load;

/**
 * The publisher's schedule and the measurement window of a push run, in {@link System#nanoTime()}: event
 * {@code i} falls due at {@code first + i * period}; the window's events are those due in [{@code start},
 * {@code end}), numbered from 0 in the window. A subscriber maps a stamp back to that number, so that each
 * event's deliveries can be counted against whether the server accepted that very event. Immutable.
 */
final class PushWindow {
    /** No window: no stamp is in it (before publishing starts). */
    static final PushWindow NONE = new PushWindow(0, 1, 0, 0);

    private final long first;
    private final double period;
    private final long start;
    private final long end;
    private final long firstInWindow;
    private final int events;

    /** @param first the first event's due time; {@code period} nanoseconds between events */
    PushWindow(long first, double period, long start, long end) {
        this.first = first;
        this.period = period;
        this.start = start;
        this.end = end;
        this.firstInWindow = firstDueAtOrAfter(start);
        this.events = (int) Math.max(0, firstDueAtOrAfter(end) - firstInWindow);
    }

    long start() {
        return start;
    }

    long end() {
        return end;
    }

    /** When event {@code index} (counted from the first of the run) falls due. */
    long stampOf(long index) {
        return first + (long) (index * period);
    }

    /** Events due in the window. */
    int events() {
        return events;
    }

    /** Whether {@code stamp} is in the window. */
    boolean inWindow(long stamp) {
        return stamp >= start && stamp < end;
    }

    /** The window number of the event stamped {@code stamp}, or -1: outside the window, or not a due time. */
    int indexOf(long stamp) {
        if (!inWindow(stamp)) {
            return -1;
        }
        long index = Math.round((stamp - first) / period);
        if (stampOf(index) != stamp) {
            return -1;
        }
        long inWindow = index - firstInWindow;
        return inWindow >= 0 && inWindow < events ? (int) inWindow : -1;
    }

    private long firstDueAtOrAfter(long time) {
        long i = Math.max(0, (long) Math.ceil((time - first) / period));
        while (i > 0 && stampOf(i - 1) >= time) {
            i--;
        }
        while (stampOf(i) < time) {
            i++;
        }
        return i;
    }
}
