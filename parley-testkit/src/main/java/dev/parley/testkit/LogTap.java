package dev.parley.testkit;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Records what is written to {@code System.err} (where slf4j-simple logs in tests) while it is open, still
 * passing it through. slf4j-simple looks {@code System.err} up at each line, so replacing it works.
 */
public final class LogTap implements AutoCloseable {
    private final PrintStream original = System.err;
    private final StringBuilder text = new StringBuilder();

    private LogTap() {
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (text) {
                    text.append(new String(b, off, len, StandardCharsets.UTF_8));
                }
            }
        }, true, StandardCharsets.UTF_8));
    }

    public static LogTap start() {
        return new LogTap();
    }

    /** The complete lines logged so far that match. */
    public List<String> lines(Predicate<String> matches) {
        List<String> found = new ArrayList<>();
        String all;
        synchronized (text) {
            all = text.toString();
        }
        for (String line : all.split("\n", -1)) {
            if (matches.test(line)) {
                found.add(line);
            }
        }
        return found;
    }

    public List<String> containing(String part) {
        return lines(l -> l.contains(part));
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
