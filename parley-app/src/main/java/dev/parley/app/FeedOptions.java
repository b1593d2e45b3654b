package dev.parley.app;

import dev.parley.push.Topics;
import dev.parley.push.feeds.FeedRelay;
import dev.parley.push.feeds.FeedRelayConfig;
import dev.parley.push.feeds.FeedSpec;
import dev.parley.server.Health;
import dev.parley.server.ParleyServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of relayed upstream feeds (docs/push.md, "Relaying upstream feeds"): {@code --feed} (repeatable)
 * and {@code --feeds-file}, in the syntax of {@link FeedSpecParser}, and the limits every feed shares. What
 * they build: a {@link FeedRelay} ({@link #relay()}), or one started and mounted ({@link #start}).
 */
public final class FeedOptions {
    @Option(names = "--feed", paramLabel = "NAME=URL[,every=30s]", converter = FeedSpecParser.class,
            description = "Poll this upstream HTTP(S) JSON API and publish each change to topic feed:NAME; repeatable")
    List<FeedSpec> feeds = new ArrayList<>();

    @Option(names = "--feeds-file", paramLabel = "FILE", defaultValue = "${env:PARLEY_FEEDS_FILE}",
            description = "Feeds to relay, one NAME=URL[,every=30s] a line ('#' starts a comment line), besides any "
                    + "--feed (env PARLEY_FEEDS_FILE)")
    Path feedsFile;

    @Option(names = "--feed-timeout", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_FEED_TIMEOUT:-10s}",
            description = "A poll of a feed (connect, answer, body) that takes longer fails (env PARLEY_FEED_TIMEOUT). "
                    + "Default: ${DEFAULT-VALUE}")
    Duration timeout;

    @Option(names = "--feed-max-size", paramLabel = "BYTES", defaultValue = "${env:PARLEY_FEED_MAX_SIZE:-1048576}",
            description = "A feed's body longer than this is aborted while it is read (env PARLEY_FEED_MAX_SIZE). "
                    + "Default: ${DEFAULT-VALUE}")
    int maxSize;

    @Option(names = "--feed-max-backoff", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_FEED_MAX_BACKOFF:-5m}",
            description = "The longest pause between polls of a failing feed (unless its own every= is longer) "
                    + "(env PARLEY_FEED_MAX_BACKOFF). Default: ${DEFAULT-VALUE}")
    Duration maxBackoff;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Every feed of {@code --feed} and {@code --feeds-file}; refuses a file it cannot read and duplicate names. */
    List<FeedSpec> feeds() {
        List<FeedSpec> all = new ArrayList<>(feeds);
        if (feedsFile != null) {
            all.addAll(readFile(feedsFile));
        }
        Set<String> names = new HashSet<>();
        for (FeedSpec feed : all) {
            if (!names.add(feed.name())) {
                throw refuse("two feeds are named " + feed.name() + " (--feed, --feeds-file)");
            }
        }
        return all;
    }

    /** The limits of {@code --feed-timeout}, {@code --feed-max-size} and {@code --feed-max-backoff}. */
    FeedRelayConfig config() {
        try {
            return new FeedRelayConfig(timeout, maxSize, maxBackoff);
        } catch (IllegalArgumentException e) {
            throw refuse("--feed-timeout/--feed-max-size/--feed-max-backoff: " + e.getMessage());
        }
    }

    /** A relay of the feeds configured (perhaps none), not started. */
    FeedRelay relay() {
        return FeedRelay.create(feeds(), config());
    }

    /**
     * The relay of the feeds configured, started into {@code topics}, with {@code GET /api/feeds} on
     * {@code server} and the {@code feeds} check (degraded, never down) in {@code health}; stop it on shutdown.
     */
    FeedRelay start(ParleyServer server, Health health, Topics topics) {
        FeedRelay relay = relay().mountOn(server);
        health.addCheck(FeedRelay.HEALTH_CHECK, relay::healthCheck);
        return relay.start(topics);
    }

    private List<FeedSpec> readFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw refuse("--feeds-file " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        List<FeedSpec> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                found.add(FeedSpecParser.parse(line));
            } catch (IllegalArgumentException e) {
                throw refuse("--feeds-file " + file + ", line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return found;
    }

    private ParameterException refuse(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
