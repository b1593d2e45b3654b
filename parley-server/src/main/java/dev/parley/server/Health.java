package dev.parley.server;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Liveness and readiness of a {@link ParleyServer}, for load balancers and orchestrators: {@code /healthz}
 * (the process answers HTTP: always 200 {@code {"status":"up"}}) and {@code /readyz} (ready to take traffic:
 * 200, or 503 with the checks that failed and why, as {@link HealthReport#toJson()}).
 *
 * <p>Readiness is the server's own state (the check named {@code server}: down with "not started", "draining"
 * or "stopped"), read afresh on every request so a drain shows at once, and the named checks added with
 * {@link #addCheck} (a database, a cluster adapter). Those run on this object's own threads, never on an
 * event loop or the caller's thread; each answers within {@link #DEFAULT_TIMEOUT} (2 s) or counts as down; an
 * answer is reused for {@link #DEFAULT_CACHE_FOR} (1 s), and a check still running is joined rather than
 * started again, so a load balancer polling often makes at most one probe per check per second and a hung
 * probe holds at most one thread.
 *
 * <p>The handlers are plain {@link HttpHandler}s: mount them on the main server ({@link #mountOn}) and on any
 * other {@code ParleyServer} (a metrics port). Application routes come before static files, so a mounted
 * {@code /healthz} wins over a file of that name in {@link ServerConfig#staticDir()}. Thread-safe.
 */
public final class Health {
    /** Where {@link #mountOn} serves liveness. */
    public static final String LIVENESS_PATH = "/healthz";
    /** Where {@link #mountOn} serves readiness. */
    public static final String READINESS_PATH = "/readyz";
    /** How long a check's answer is reused: 1 s. */
    public static final Duration DEFAULT_CACHE_FOR = Duration.ofSeconds(1);
    /** How long a check may take before it counts as down: 2 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** The name of the built-in check of the server's own state. */
    public static final String SERVER_CHECK = "server";

    private static final String CACHE_CONTROL = "no-store";

    private final ParleyServer server;
    private final long cacheNanos;
    private final Duration timeout;
    private final LongSupplier clock;
    private final Map<String, Check> checks = new LinkedHashMap<>();
    private final ExecutorService probes;

    /** With the defaults: answers cached 1 s, checks timed out after 2 s. */
    public Health(ParleyServer server) {
        this(server, DEFAULT_CACHE_FOR, DEFAULT_TIMEOUT);
    }

    public Health(ParleyServer server, Duration cacheFor, Duration timeout) {
        this(server, cacheFor, timeout, System::nanoTime);
    }

    /** With the clock of the cache given (monotonic nanoseconds), for tests. */
    Health(ParleyServer server, Duration cacheFor, Duration timeout, LongSupplier clock) {
        if (cacheFor.isNegative() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("cacheFor must be >= 0 and timeout > 0");
        }
        this.server = server;
        this.cacheNanos = cacheFor.toNanos();
        this.timeout = timeout;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        // Threads as checks need them; at most one per check at a time (a running check is joined).
        this.probes = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "parley-health-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Adds a readiness check. {@code probe} may block (it runs on a thread of this object); an exception it
     * throws makes the check down with the exception's message.
     */
    public synchronized Health addCheck(String name, Supplier<CheckResult> probe) {
        if (name.equals(SERVER_CHECK) || checks.containsKey(name)) {
            throw new IllegalArgumentException("check already added: " + name);
        }
        checks.put(name, new Check(probe));
        return this;
    }

    /** The server's own state: up once started, down while not started, draining or stopped. */
    public CheckResult serverState() {
        if (server.draining()) {
            return CheckResult.down("draining");
        }
        if (server.stopped()) {
            return CheckResult.down("stopped");
        }
        return server.started() ? CheckResult.ok() : CheckResult.down("not started");
    }

    /** Every check, run now or reused from the last second; blocks up to the timeout. */
    public HealthReport readiness() throws InterruptedException {
        Map<String, CompletableFuture<CheckResult>> running = new LinkedHashMap<>();
        synchronized (this) {
            long now = clock.getAsLong();
            checks.forEach((name, check) -> running.put(name, check.result(now)));
        }
        Map<String, CheckResult> results = new LinkedHashMap<>();
        results.put(SERVER_CHECK, serverState());
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Map.Entry<String, CompletableFuture<CheckResult>> check : running.entrySet()) {
            results.put(check.getKey(), await(check.getValue(), deadline));
        }
        return new HealthReport(results);
    }

    private CheckResult await(CompletableFuture<CheckResult> result, long deadline) throws InterruptedException {
        try {
            return result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return CheckResult.down("no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            return CheckResult.down(String.valueOf(e.getCause())); // Check.run catches: not expected
        }
    }

    /** {@code GET /healthz}: 200 {@code {"status":"up"}} while the process answers HTTP. */
    public HttpHandler livenessHandler() {
        return request -> HttpResponse.json(200, "{\"status\":\"up\"}").withHeader("Cache-Control", CACHE_CONTROL);
    }

    /** {@code GET /readyz}: 200 when ready, else 503; the body is {@link HealthReport#toJson()} either way. */
    public HttpHandler readinessHandler() {
        return request -> {
            HealthReport report = readiness();
            return HttpResponse.json(report.ready() ? 200 : 503, report.toJson())
                    .withHeader("Cache-Control", CACHE_CONTROL);
        };
    }

    /**
     * Mounts {@link #LIVENESS_PATH} and {@link #READINESS_PATH} on {@code target} (before it starts); other
     * paths below them get 404.
     */
    public Health mountOn(ParleyServer target) {
        target.addHttpRoute(LIVENESS_PATH, 0, exactly(LIVENESS_PATH, livenessHandler()));
        target.addHttpRoute(READINESS_PATH, 0, exactly(READINESS_PATH, readinessHandler()));
        return this;
    }

    private static HttpHandler exactly(String path, HttpHandler handler) {
        return request -> request.path().equals(path) ? handler.handle(request) : HttpResponse.text(404, "Not Found");
    }

    /** One named check: its probe, its answer and when it came, and the run in flight if any. */
    private final class Check {
        private final Supplier<CheckResult> probe;
        private CompletableFuture<CheckResult> inFlight;
        private CheckResult last;
        private long lastAt;

        Check(Supplier<CheckResult> probe) {
            this.probe = probe;
        }

        /** Called under the Health's lock. */
        CompletableFuture<CheckResult> result(long now) {
            if (last != null && now - lastAt < cacheNanos) {
                return CompletableFuture.completedFuture(last);
            }
            if (inFlight != null) {
                return inFlight;
            }
            CompletableFuture<CheckResult> run = CompletableFuture.supplyAsync(this::run, probes);
            inFlight = run;
            run.thenAccept(this::finished); // at once if the probe was that quick: then inFlight is null again
            return run;
        }

        private CheckResult run() {
            try {
                CheckResult result = probe.get();
                return result != null ? result : CheckResult.down("the check returned no result");
            } catch (RuntimeException e) {
                return CheckResult.down(e.getMessage() != null ? e.getMessage() : e.toString());
            }
        }

        private void finished(CheckResult result) {
            synchronized (Health.this) {
                last = result;
                lastAt = clock.getAsLong();
                inFlight = null;
            }
        }
    }
}
