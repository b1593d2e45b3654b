package dev.parley.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Open file descriptors of a process, from Linux's {@code /proc/<pid>/fd} (proc(5)): with N subscribers open,
 * it says what each costs of the per-process open files limit ({@code ulimit -n}) on either side, which is what
 * bounds the subscribers one generator process, or one server, can hold.
 */
final class OpenFiles {
    private OpenFiles() {
    }

    /** The generator's ({@code self}) and each server's count, -1 where it cannot be read. */
    static Map<String, Long> of(List<Long> serverPids) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("generator", count("self"));
        serverPids.stream().filter(pid -> pid > 0).forEach(pid -> m.put("server " + pid, count(pid.toString())));
        return m;
    }

    private static long count(String pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", pid, "fd"))) {
            return fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
