package dev.parley.app;

import dev.parley.push.PushConfig;
import dev.parley.push.PushGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The push gateway's options of {@code parley serve --app push} (docs/push.md): who may publish over HTTP
 * ({@code --publish-token}, {@code --publish-jwt-secret}), the largest event, which topics are private, and the
 * hub's history and topic bounds. They become a {@link dev.parley.push.PushOptions}; with neither a token nor
 * a secret, {@code POST /api/publish} is off.
 */
public final class PushOptions {
    @Option(names = "--publish-token", defaultValue = "${env:PARLEY_PUBLISH_TOKEN}",
            description = "Push: bearer token of POST /api/publish, allowed every topic; prefer the environment "
                    + "variable, which ps does not show (env PARLEY_PUBLISH_TOKEN). Default: none")
    String publishToken;

    @Option(names = "--publish-jwt-secret", defaultValue = "${env:PARLEY_PUBLISH_JWT_SECRET}",
            description = "Push: HS256 secret (at least 32 bytes) of the JWTs that name the topics a client may "
                    + "publish to and subscribe to (env PARLEY_PUBLISH_JWT_SECRET). Default: none")
    String jwtSecret;

    @Option(names = "--publish-max-size", defaultValue = "${env:PARLEY_PUBLISH_MAX_SIZE:-65536}",
            description = "Push: the largest event data, in bytes of its JSON text (env PARLEY_PUBLISH_MAX_SIZE). "
                    + "Default: ${DEFAULT-VALUE}")
    int publishMaxSize;

    @Option(names = "--private-topics", split = ",", paramLabel = "PATTERN",
            defaultValue = "${env:PARLEY_PRIVATE_TOPICS:-}",
            description = "Push: topics whose subscribers need a JWT allowing them: names, or prefixes ending in * "
                    + "(user:*); repeatable or comma-separated; needs --publish-jwt-secret (env PARLEY_PRIVATE_TOPICS)")
    List<String> privateTopics = new ArrayList<>();

    @Option(names = "--history-size", defaultValue = "${env:PARLEY_HISTORY_SIZE:-1000}",
            description = "Push: events kept per topic for resuming subscribers; 0 keeps none "
                    + "(env PARLEY_HISTORY_SIZE). Default: ${DEFAULT-VALUE}")
    int historySize;

    @Option(names = "--history-age", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_HISTORY_AGE:-1h}",
            description = "Push: how long an event stays in its topic's history (env PARLEY_HISTORY_AGE). "
                    + "Default: ${DEFAULT-VALUE}")
    Duration historyAge;

    @Option(names = "--max-topics", defaultValue = "${env:PARLEY_MAX_TOPICS:-100000}",
            description = "Push: topics tracked at once; past it the longest-idle topic without subscribers is "
                    + "forgotten (env PARLEY_MAX_TOPICS). Default: ${DEFAULT-VALUE}")
    int maxTopics;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** The secret options, for the start-up line that lists options without their values. */
    static final List<String> SECRET_OPTIONS = List.of("--publish-token", "--publish-jwt-secret");

    /**
     * The gateway's options, with the failed-token throttle given (the server's {@code --auth-failure-*}
     * options); refuses values that cannot apply (a short secret, private topics without one, a bad pattern).
     */
    dev.parley.push.PushOptions options(int authFailureLimit, Duration authFailureWindow, int authThrottleAddresses) {
        try {
            PushConfig hub = new PushConfig(historySize, historyAge, publishMaxSize, maxTopics);
            return dev.parley.push.PushOptions.builder()
                    .hub(hub)
                    .publishToken(blankToNull(publishToken))
                    .jwtSecret(blankToNull(jwtSecret))
                    .privateTopics(privateTopics.stream().map(String::strip).filter(p -> !p.isEmpty()).toList())
                    .authThrottle(authFailureLimit, authFailureWindow, authThrottleAddresses)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "push options: " + e.getMessage());
        }
    }

    /** The gateway: its hub, its subscribe authorizer and its publish endpoint (mount it before start). */
    PushGateway gateway(int authFailureLimit, Duration authFailureWindow, int authThrottleAddresses) {
        return PushGateway.create(options(authFailureLimit, authFailureWindow, authThrottleAddresses));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
