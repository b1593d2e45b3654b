package dev.parley.push.subscriber.internal;

import dev.parley.push.SubscribeAuthorizer;
import dev.parley.push.internal.BearerToken;
import dev.parley.push.internal.JsonErrors;
import dev.parley.server.HttpRequest;
import dev.parley.server.HttpResponse;
import java.util.List;
import java.util.Optional;

/**
 * Who may subscribe to what: the token a subscriber presents ({@code Authorization: Bearer <token>}, or the
 * {@code token} query parameter, since a browser's {@code EventSource} cannot set headers) put to the
 * {@link SubscribeAuthorizer} for each topic.
 */
public final class SubscriberAuth {
    private SubscriberAuth() {
    }

    /** The token presented, or null. The header wins over the query parameter. */
    public static String token(HttpRequest request) {
        return BearerToken.presented(request.header("Authorization"), request.queryParam("token"));
    }

    /**
     * Empty if every topic is allowed; else the refusal: 401 without a token (a token could help), 403 with
     * one (this token does not allow that topic).
     */
    public static Optional<HttpResponse> refusal(SubscribeAuthorizer authorizer, List<String> topics, String token) {
        for (String topic : topics) {
            if (!authorizer.maySubscribe(topic, token)) {
                if (token == null) {
                    return Optional.of(JsonErrors.error(401, "unauthorized", "topic " + topic
                            + " needs a token (Authorization: Bearer, or ?token=)")
                            .withHeader("WWW-Authenticate", "Bearer"));
                }
                return Optional.of(JsonErrors.error(403, "forbidden", "this token does not allow topic " + topic));
            }
        }
        return Optional.empty();
    }
}
