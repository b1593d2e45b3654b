package dev.parley.chat.internal;

import dev.parley.chat.store.ChatStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes uploaded files older than the retention ({@code ChatConfig.uploadRetention}), bytes and metadata;
 * the messages that carried them stay, without their file. Sweeps on its own daemon thread every
 * {@code min(retention, 1 h)}, at most {@value #SWEEP_LIMIT} files a sweep. Not started when retention is
 * zero (files are kept for good, the default).
 */
public final class UploadRetention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UploadRetention.class);
    static final int SWEEP_LIMIT = 1000;

    private final ChatStore store;
    private final Path filesDir;
    private final Duration retention;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-chat-upload-retention");
        t.setDaemon(true);
        return t;
    });

    public UploadRetention(ChatStore store, Path filesDir, Duration retention) {
        this.store = store;
        this.filesDir = filesDir;
        this.retention = retention;
    }

    public void start() {
        if (retention.isZero()) {
            return;
        }
        long period = Math.min(retention.toMillis(), Duration.ofHours(1).toMillis());
        timer.scheduleWithFixedDelay(this::sweepSafely, period, period, TimeUnit.MILLISECONDS);
    }

    private void sweepSafely() {
        try {
            sweep(System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.warn("Upload retention sweep failed; next one in {}", retention, e);
        }
    }

    /** Deletes the files uploaded before {@code now - retention}; returns how many. */
    int sweep(long now) {
        int deleted = 0;
        for (String id : store.filesUploadedBefore(now - retention.toMillis(), SWEEP_LIMIT)) {
            if (delete(store, filesDir, id)) {
                deleted++;
            }
        }
        return deleted;
    }

    /** Deletes an uploaded file, metadata and bytes; false if the bytes could not be deleted (logged). */
    static boolean delete(ChatStore store, Path filesDir, String id) {
        // The metadata first: once it is gone the file is no longer served, whatever happens to the bytes.
        store.deleteFile(id);
        try {
            Files.deleteIfExists(filesDir.resolve(id));
            return true;
        } catch (IOException e) {
            LOG.warn("Could not delete the upload {}", id, e);
            return false;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
