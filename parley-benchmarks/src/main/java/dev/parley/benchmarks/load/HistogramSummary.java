package dev.parley.benchmarks.load;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** A histogram of nanoseconds as report figures in microseconds, and whole, for later plots. */
final class HistogramSummary {
    private HistogramSummary() {
    }

    static Map<String, Object> micros(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            return m;
        }
        m.put("minMicros", micros(h.getMinValue()));
        m.put("meanMicros", Math.round(h.getMean() / 100.0) / 10.0);
        m.put("p50Micros", micros(h.getValueAtPercentile(50)));
        m.put("p90Micros", micros(h.getValueAtPercentile(90)));
        m.put("p99Micros", micros(h.getValueAtPercentile(99)));
        m.put("p99.9Micros", micros(h.getValueAtPercentile(99.9)));
        m.put("p99.99Micros", micros(h.getValueAtPercentile(99.99)));
        m.put("maxMicros", micros(h.getMaxValue()));
        m.put("hdrHistogramNanosBase64", encode(h));
        return m;
    }

    /** One decimal: HdrHistogram's 3 digits make more meaningless below 1 ms. */
    private static double micros(long nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }

    /** HdrHistogram's compressed encoding, readable by its tools ({@code HistogramLogProcessor}, plotters). */
    private static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }
}
