package dev.parley.metrics.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;
import java.util.function.ToDoubleFunction;

/**
 * Netty's memory, read at scrape time: the direct memory Netty reserved itself (outside the JVM's
 * {@code MaxDirectMemorySize} accounting when it allocates without cleaners) and its limit, and what the
 * default buffer allocator holds, direct and heap. Where Netty does not track a figure it reports -1, and
 * so does the gauge.
 */
public final class NettyMemoryMeters {
    private NettyMemoryMeters() {
    }

    public static void register(MeterRegistry registry) {
        Gauge.builder("parley.netty.direct.memory.used", PlatformDependent::usedDirectMemory)
                .baseUnit(BaseUnits.BYTES)
                .description("Direct memory Netty reserved (-1: not tracked by Netty, see jvm_buffer_memory_used_bytes)")
                .register(registry);
        Gauge.builder("parley.netty.direct.memory.max", PlatformDependent::maxDirectMemory)
                .baseUnit(BaseUnits.BYTES).description("Direct memory Netty may reserve").register(registry);
        ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
        if (allocator instanceof ByteBufAllocatorMetricProvider provider) {
            ByteBufAllocatorMetric metric = provider.metric();
            allocatorGauge(registry, metric, "direct", ByteBufAllocatorMetric::usedDirectMemory);
            allocatorGauge(registry, metric, "heap", ByteBufAllocatorMetric::usedHeapMemory);
        }
    }

    private static void allocatorGauge(MeterRegistry registry, ByteBufAllocatorMetric metric, String kind,
            ToDoubleFunction<ByteBufAllocatorMetric> read) {
        Gauge.builder("parley.netty.allocator.used", metric, read).tag("memory", kind).baseUnit(BaseUnits.BYTES)
                .description("Memory held by Netty's default buffer allocator, direct or heap")
                .register(registry);
    }
}
