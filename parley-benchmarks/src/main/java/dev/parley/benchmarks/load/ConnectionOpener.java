package dev.parley.benchmarks.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Opens connections with at most {@code concurrency} of them connecting at once, and records how long
 * each took to be ready (TCP, upgrade, protocol handshake) and why the others failed. Every attempt ends:
 * the connector fails those not ready after the connect timeout.
 */
final class ConnectionOpener {
    /**
     * What opening gave.
     *
     * @param ready the connections that became ready, in the order they did
     * @param elapsedNanos from the first connect call to the last attempt's end
     * @param readyTimes nanoseconds from each connect call to ready
     * @param tcpTimes nanoseconds from each connect call to the TCP connection, of the ready ones
     * @param failures reasons, and how many attempts failed for each
     */
    record Result(List<LoadConnection> ready, int attempted, long elapsedNanos, Histogram readyTimes,
            Histogram tcpTimes, Map<String, Long> failures) {

        long failed() {
            return attempted - ready.size();
        }

        Map<String, Object> figures() {
            double seconds = elapsedNanos / 1e9;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("attempted", attempted);
            m.put("ready", ready.size());
            m.put("failed", failed());
            m.put("seconds", CpuMeter.round(seconds, 3));
            m.put("handshakesPerSecond", seconds > 0 ? CpuMeter.round(ready.size() / seconds, 1) : 0);
            m.put("timeToReady", HistogramSummary.micros(readyTimes));
            m.put("timeToTcpConnect", HistogramSummary.micros(tcpTimes));
            m.put("failures", failures);
            return m;
        }
    }

    private ConnectionOpener() {
    }

    /**
     * Opens {@code count} connections and waits until each is ready or failed.
     *
     * @param closeWhenReady close each connection as soon as it is ready (the connect scenario)
     */
    static Result open(Connector connector, int count, int concurrency, boolean closeWhenReady)
            throws InterruptedException {
        return open(connector::connect, count, concurrency, closeWhenReady);
    }

    /**
     * Like {@link #open(Connector, int, int, boolean)}, each connection started by {@code connect} with its
     * index: connections spread over several servers.
     */
    static Result open(IntFunction<LoadConnection> connect, int count, int concurrency, boolean closeWhenReady)
            throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        CountDownLatch ended = new CountDownLatch(count);
        Recorder readyTimes = new Recorder(3);
        Recorder tcpTimes = new Recorder(3);
        Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        List<LoadConnection> ready = Collections.synchronizedList(new ArrayList<>(count));
        AtomicLong lastEnd = new AtomicLong();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            permits.acquire();
            LoadConnection connection = connect.apply(i);
            connection.ready().whenComplete((c, failure) -> {
                if (failure == null) {
                    readyTimes.recordValue(c.readyNanos());
                    tcpTimes.recordValue(c.tcpConnectNanos());
                    ready.add(c);
                    if (closeWhenReady) {
                        c.close();
                    }
                } else {
                    failures.computeIfAbsent(reason(failure), r -> new LongAdder()).increment();
                }
                lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
                permits.release();
                ended.countDown();
            });
        }
        ended.await();
        Map<String, Long> reasons = new TreeMap<>();
        failures.forEach((reason, n) -> reasons.put(reason, n.sum()));
        synchronized (ready) {
            return new Result(List.copyOf(ready), count, lastEnd.get() - start, readyTimes.getIntervalHistogram(),
                    tcpTimes.getIntervalHistogram(), reasons);
        }
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        return cause instanceof ConnectFailure ? cause.getMessage() : ConnectFailure.describe(cause);
    }
}
