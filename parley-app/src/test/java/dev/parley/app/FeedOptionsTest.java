package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.push.feeds.FeedRelayConfig;
import dev.parley.push.feeds.FeedSpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class FeedOptionsTest {
    @Command(name = "test")
    static final class WithFeeds {
        @Mixin
        FeedOptions feeds = new FeedOptions();
    }

    private static FeedOptions parse(String... args) {
        WithFeeds command = new WithFeeds();
        new CommandLine(command).parseArgs(args);
        return command.feeds;
    }

    @Test
    void noFeedsByDefaultAndTheDocumentedLimits() {
        FeedOptions options = parse();
        assertThat(options.feeds()).isEmpty();
        assertThat(options.config()).isEqualTo(FeedRelayConfig.defaults());
        assertThat(options.config().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.config().maxBodyBytes()).isEqualTo(1_048_576);
        assertThat(options.config().maxBackoff()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void feedsAreRepeatableWithAnOptionalEvery() {
        FeedOptions options = parse("--feed", "prices=https://api.example.com/p?ids=1,2,3,every=5s",
                "--feed", "movies=http://127.0.0.1:8080/movies", "--feed-timeout", "3s", "--feed-max-size", "2048",
                "--feed-max-backoff", "1m");
        assertThat(options.feeds()).containsExactly(
                new FeedSpec("prices", URI.create("https://api.example.com/p?ids=1,2,3"), Duration.ofSeconds(5)),
                new FeedSpec("movies", URI.create("http://127.0.0.1:8080/movies"), FeedSpec.DEFAULT_EVERY));
        assertThat(options.config()).isEqualTo(new FeedRelayConfig(Duration.ofSeconds(3), 2048, Duration.ofMinutes(1)));
    }

    @Test
    void aFeedsFileHasOneFeedALineAndCommentLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("feeds.txt");
        Files.writeString(file, "# upstream APIs\n\nnews = https://news.example.com/latest.json, every = 2m\n"
                + "  weather=https://w.example.com/now\n", StandardCharsets.UTF_8);
        FeedOptions options = parse("--feeds-file", file.toString(), "--feed", "prices=https://p.example.com/");
        assertThat(options.feeds()).extracting(FeedSpec::name).containsExactly("prices", "news", "weather");
        assertThat(options.feeds().get(1).every()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void mistakesAreRefusedWithWhereTheyAre(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> parse("--feed", "no-url"))
                .hasMessageContaining("'no-url' is not NAME=URL[,every=30s]");
        assertThatThrownBy(() -> parse("--feed", "x=https://h/,every=soon"))
                .hasMessageContaining("every=soon is not a duration");
        assertThatThrownBy(() -> parse("--feed", "x=ftp://h/")).hasMessageContaining("not an absolute http(s) URL");
        assertThatThrownBy(() -> parse("--feed", "x=https://h/,every=10ms")).hasMessageContaining("minimum of 1 s");
        assertThatThrownBy(() -> parse("--feed", "x=https://a/", "--feed", "x=https://b/").feeds())
                .hasMessage("two feeds are named x (--feed, --feeds-file)");

        Path file = dir.resolve("feeds.txt");
        Files.writeString(file, "ok=https://h/\nbad name=https://h/\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parse("--feeds-file", file.toString()).feeds())
                .hasMessageStartingWith("--feeds-file " + file + ", line 2: feed name 'bad name'");
        assertThatThrownBy(() -> parse("--feeds-file", dir.resolve("missing").toString()).feeds())
                .hasMessageContaining("cannot read it");
        assertThatThrownBy(() -> parse("--feed-max-size", "0").config()).hasMessageContaining("--feed-max-size");
    }

    @Test
    void aFeedPrintsWithoutItsSecrets() {
        FeedSpec feed = FeedSpecParser.parse("p=https://user:pw@h.example.com/v1?apikey=s3cret,every=1m");
        assertThat(feed).hasToString("p=https://h.example.com/v1?apikey=***,every=60000ms");
        assertThat(List.of(feed).toString()).doesNotContain("s3cret").doesNotContain("pw");
    }
}
