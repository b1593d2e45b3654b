package dev.parley.benchmarks.load;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * The deliveries of one push transport (SSE, WebSocket, Socket.IO, long polling): their latencies from the
 * publish's scheduled time, counted when the event was stamped in the window, whenever it arrives; and the
 * subscribers of that transport, for the per-subscriber checks (ids in order, every event of the window).
 * Thread-safe: event loops record, the scenario reads.
 */
final class PushTally {
    private final PushTransport transport;
    /** None until publishing starts: nothing before counts. */
    private volatile PushWindow window = PushWindow.NONE;
    /** Deliveries of each event of the window, by its window number. */
    private volatile AtomicIntegerArray perEvent = new AtomicIntegerArray(0);
    private final Recorder latencies = new Recorder(3);
    private final LongAdder received = new LongAdder();
    private final LongAdder outOfOrder = new LongAdder();
    private final LongAdder gaps = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final ArrivalSpan arrivals = new ArrivalSpan();
    private final List<PushSubscriber> subscribers = new ArrayList<>();

    PushTally(PushTransport transport) {
        this.transport = transport;
    }

    /** Sets the measurement window, once the subscribers are open and before publishing starts. */
    void window(PushWindow measured) {
        perEvent = new AtomicIntegerArray(measured.events());
        window = measured;
    }

    PushTransport transport() {
        return transport;
    }

    /** A new subscriber of this transport; call before the run, from one thread. */
    PushSubscriber newSubscriber() {
        PushSubscriber s = new PushSubscriber(this);
        subscribers.add(s);
        return s;
    }

    List<PushSubscriber> subscribers() {
        return subscribers;
    }

    /** Called by a subscriber: an event it had not seen, stamped {@code stamp}, arrived at {@code now}. */
    boolean delivered(long stamp, long now) {
        int index = window.indexOf(stamp);
        if (index < 0) {
            return false;
        }
        perEvent.incrementAndGet(index);
        latencies.recordValue(Math.max(0, now - stamp));
        received.increment();
        arrivals.arrived(now);
        return true;
    }

    void outOfOrder() {
        outOfOrder.increment();
    }

    void gap() {
        gaps.increment();
    }

    void malformed() {
        malformed.increment();
    }

    /** A polling request was answered (polling only). */
    void pollAnswered() {
        requests.increment();
    }

    /** Deliveries of the window's events so far, whether or not their publish was answered. */
    long received() {
        return received.sum();
    }

    long ready() {
        return subscribers.stream().filter(PushSubscriber::isReady).count();
    }

    /**
     * The figures of this transport, for a window of {@code seconds} whose events {@code published} (by window
     * number) the server accepted; call once, after the drain. Only their deliveries count against what is
     * expected; deliveries of events whose publish was not answered (still in flight at the end, or failed
     * after the server published them) are given apart.
     */
    void putResults(Map<String, Object> out, BitSet published, double seconds) {
        long ready = ready();
        long events = published.cardinality();
        long expected = events * ready;
        long got = 0;
        long unanswered = 0;
        AtomicIntegerArray counts = perEvent;
        for (int i = 0; i < counts.length(); i++) {
            if (published.get(i)) {
                got += counts.get(i);
            } else {
                unanswered += counts.get(i);
            }
        }
        out.put("subscribers", subscribers.size());
        out.put("ready", ready);
        out.put("expectedDeliveries", expected);
        out.put("receivedDeliveries", got);
        out.put("missingDeliveries", expected - got);
        out.put("lossPercent", expected > 0 ? CpuMeter.round(100.0 * (expected - got) / expected, 3) : 0.0);
        out.put("deliveriesOfUnansweredPublishes", unanswered);
        out.put("deliveriesPerSecond", CpuMeter.round(got / seconds, 1));
        double arrivalSeconds = arrivals.nanos() / 1e9;
        out.put("arrivalSeconds", CpuMeter.round(arrivalSeconds, 3));
        out.put("deliveriesPerArrivalSecond", arrivalSeconds > 0 ? CpuMeter.round(got / arrivalSeconds, 1) : 0.0);
        // Per subscriber: a lost event shows here even when another subscriber's duplicate hides it in the total.
        // (Exact when every publish of the window was answered; otherwise approximate, see above.)
        out.put("subscribersMissingEvents", subscribers.stream()
                .filter(s -> s.isReady() && s.windowDeliveries() < events).count());
        out.put("idsOutOfOrderOrRepeated", outOfOrder.sum());
        out.put("gapsNotified", gaps.sum());
        out.put("malformedDeliveries", malformed.sum());
        if (transport == PushTransport.longpoll || transport == PushTransport.shortpoll) {
            out.put("pollRequestsAnswered", requests.sum());
        }
        out.put("closedDuringRun", subscribers.stream().filter(PushSubscriber::isClosed).count());
        out.put("latency", HistogramSummary.micros(latencies.getIntervalHistogram()));
    }
}
