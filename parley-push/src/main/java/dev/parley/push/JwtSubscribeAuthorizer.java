package dev.parley.push;

import dev.parley.push.internal.BearerToken;
import dev.parley.push.internal.PushGrant;
import dev.parley.push.internal.PushJwt;
import java.time.Clock;
import java.util.List;

/**
 * The gateway's {@link SubscribeAuthorizer} (docs/push.md, "Authorization"): a topic that matches none of the
 * private patterns ({@code --private-topics}) is public and needs no token; a private one needs a JWT of the
 * gateway's secret whose {@code push.subscribe} claim matches it ({@code {"push": {"subscribe": ["user:42"]}}}),
 * current by its {@code exp} and {@code nbf}. A token for a public topic is not looked at.
 *
 * <p>Transports pass the token as the subscriber presented it (SSE {@code ?token=} or {@code Authorization},
 * the WebSocket or Socket.IO handshake's auth); a leading {@code Bearer } is accepted. Tokens over 4,096
 * characters are refused unread. Subscribing is not throttled per address, unlike publishing: the secret is
 * at least 256 bits, so a guess never succeeds, and a check is one HMAC. Thread-safe; never blocks.
 */
public final class JwtSubscribeAuthorizer implements SubscribeAuthorizer {
    private final List<TopicPattern> privateTopics;
    private final PushJwt jwt;

    /** From the gateway's options: its private topics and JWT secret. */
    public static JwtSubscribeAuthorizer of(PushOptions options) {
        return new JwtSubscribeAuthorizer(options, Clock.systemUTC());
    }

    JwtSubscribeAuthorizer(PushOptions options, Clock clock) {
        this.privateTopics = TopicPattern.parseAll(options.privateTopics());
        this.jwt = options.jwtSecret() == null ? null : new PushJwt(options.jwtSecret(), clock);
    }

    /** Whether any subscriber needs a token for this topic. */
    public boolean isPrivate(String topic) {
        return TopicPattern.anyMatches(privateTopics, topic);
    }

    @Override
    public boolean maySubscribe(String topic, String tokenOrNull) {
        if (!isPrivate(topic)) {
            return true;
        }
        if (tokenOrNull == null || jwt == null) {
            return false;
        }
        PushGrant grant = jwt.verify(BearerToken.withoutScheme(tokenOrNull));
        return grant != null && grant.maySubscribe(topic);
    }
}
