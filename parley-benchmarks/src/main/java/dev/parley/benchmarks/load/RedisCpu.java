package dev.parley.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The CPU a Redis server has used so far, as it reports it: {@code used_cpu_sys + used_cpu_user} of
 * {@code INFO cpu} (seconds, all its threads), read with {@code redis-cli -u URL INFO cpu}. Redis may be
 * on another machine and is not ours to find by process id; its own counters work wherever it runs. Its
 * CPU is the whole server's: another user of the same Redis counts too, so a run needs it otherwise idle.
 * Blocking (a child process, a few milliseconds): call it off the event loops.
 */
final class RedisCpu {
    private static final long TIMEOUT_SECONDS = 10;

    private RedisCpu() {
    }

    /** CPU seconds used by the Redis at {@code url} since it started. */
    static double cpuSeconds(String url) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("redis-cli", "-u", url, "INFO", "cpu").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("redis-cli INFO cpu did not answer within " + TIMEOUT_SECONDS + " s");
        }
        return parse(out);
    }

    /**
     * The CPU seconds of the Redis at {@code url} so far, or NaN without a URL (not asked) or an answer (with a
     * warning in {@code report}).
     */
    static double cpuSecondsOrNaN(String url, Report report) {
        if (url == null) {
            return Double.NaN;
        }
        try {
            return cpuSeconds(url);
        } catch (IOException e) {
            report.warn("no Redis CPU figure: " + e.getMessage());
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /** The sum of {@code used_cpu_sys} and {@code used_cpu_user} in an {@code INFO cpu} reply. */
    static double parse(String info) throws IOException {
        double sys = Double.NaN;
        double user = Double.NaN;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("used_cpu_sys:")) {
                sys = Double.parseDouble(line.substring("used_cpu_sys:".length()).trim());
            } else if (line.startsWith("used_cpu_user:")) {
                user = Double.parseDouble(line.substring("used_cpu_user:".length()).trim());
            }
        }
        if (Double.isNaN(sys) || Double.isNaN(user)) {
            throw new IOException("no used_cpu_sys/used_cpu_user in redis-cli's answer: " + info.strip());
        }
        return sys + user;
    }
}
