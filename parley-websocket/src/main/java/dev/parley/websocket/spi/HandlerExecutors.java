package dev.parley.websocket.spi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor that user handlers run on: one virtual thread per task on Java 21+, found at run time
 * since Parley compiles for Java 17; otherwise a bounded pool of platform threads.
 *
 * <p>SPI between Parley's modules, used by {@code parley-server} to build the executor behind
 * {@link HandlerDispatch#shared}; not for applications.
 */
public final class HandlerExecutors {
    /** Platform threads of the fallback pool: enough for handlers that block briefly. */
    public static final int DEFAULT_POOL_THREADS = Math.max(8, Runtime.getRuntime().availableProcessors() * 4);

    private HandlerExecutors() {
    }

    /** Virtual threads if the JVM has them, else a pool of {@link #DEFAULT_POOL_THREADS} daemon threads. */
    public static ExecutorService create(String name) {
        ExecutorService virtual = virtualThreadExecutor();
        return virtual != null ? virtual : threadPool(name);
    }

    /** One virtual thread per task; fails on a JVM before 21. */
    public static ExecutorService virtualThreads() {
        ExecutorService virtual = virtualThreadExecutor();
        if (virtual == null) {
            throw new IllegalStateException("Virtual threads need Java 21 or later; this is Java "
                    + Runtime.version().feature());
        }
        return virtual;
    }

    /** A pool of {@link #DEFAULT_POOL_THREADS} daemon platform threads. */
    public static ExecutorService threadPool(String name) {
        return boundedPool(name, DEFAULT_POOL_THREADS);
    }

    /** Whether {@link #create} returns virtual threads on this JVM. */
    public static boolean virtualThreadsAvailable() {
        return Runtime.version().feature() >= 21;
    }

    private static ExecutorService virtualThreadExecutor() {
        if (!virtualThreadsAvailable()) {
            return null;
        }
        try {
            return (ExecutorService) MethodHandles.publicLookup()
                    .findStatic(java.util.concurrent.Executors.class, "newVirtualThreadPerTaskExecutor",
                            MethodType.methodType(ExecutorService.class))
                    .invoke();
        } catch (Throwable e) {
            return null;
        }
    }

    private static ExecutorService boundedPool(String name, int threads) {
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, name + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
