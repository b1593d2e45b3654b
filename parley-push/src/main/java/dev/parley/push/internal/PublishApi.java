package dev.parley.push.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.HttpRequest;
import dev.parley.server.HttpRequestHead;
import dev.parley.server.HttpResponse;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/publish} (docs/push.md, "Publishing"). The head check decides everything the head can tell
 * (path, method, the endpoint being on, the client's throttle, the token, a token that may publish nothing)
 * before a byte of the body is read; the server itself refuses a {@code Content-Length} over the limit. The
 * handler then reads the publications and publishes them all or none. Every answer is JSON; every refusal is
 * {@code {"error": code, "message": sentence}} (with {@code "index"} for one item of a batch).
 */
public final class PublishApi {
    public static final String PATH = "/api/publish";
    private static final Logger LOG = LoggerFactory.getLogger(PublishApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PublishAuth auth;
    private final PublishRequestParser parser;
    private final IdempotentPublisher publisher;
    private final long retryAfterSeconds;

    public PublishApi(PublishAuth auth, PublishRequestParser parser, IdempotentPublisher publisher,
            long retryAfterSeconds) {
        this.auth = auth;
        this.parser = parser;
        this.publisher = publisher;
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** The head check: a refusal, or empty to read the body. */
    public Optional<HttpResponse> check(HttpRequestHead head) {
        return Optional.ofNullable(decideHead(head.path(), head.method(), head.header("Authorization"),
                head.remoteAddress()).response());
    }

    public HttpResponse handle(HttpRequest request) {
        try {
            // The head check passed a moment ago; checking again gives the grant (a JWT is a cheap HMAC).
            HeadVerdict verdict = decideHead(request.path(), request.method(), request.header("Authorization"),
                    request.remoteAddress());
            if (verdict.response() != null) {
                return verdict.response();
            }
            PublishRequestParser.Parsed parsed = parser.parse(request.body());
            try {
                return answer(parsed.batch(), publisher.publish(parsed.items(), verdict.grant()));
            } catch (PublishRefusal r) {
                // An index names an item of an array; a single object has none.
                return error(r.status(), r.code(), r.getMessage(), parsed.batch() ? r.index() : -1);
            }
        } catch (PublishRefusal r) {
            return error(r.status(), r.code(), r.getMessage(), r.index());
        } catch (RuntimeException e) {
            LOG.warn("POST {} failed", PATH, e);
            return error(500, "internal_error", "Internal error: try again later", -1);
        }
    }

    /** The server's own refusals for this route (413 over the body limit, 400, 417, 500) in the same JSON. */
    public HttpResponse serverError(int status, String reason) {
        String code = switch (status) {
            case 413 -> "request_too_large";
            case 417 -> "expectation_failed";
            case 500 -> "internal_error";
            default -> "bad_request";
        };
        return error(status, code, reason, -1);
    }

    /** What the head decides: a refusal, or none and the credential's grant. */
    private record HeadVerdict(HttpResponse response, PushGrant grant) {
        static HeadVerdict refused(HttpResponse response) {
            return new HeadVerdict(response, null);
        }
    }

    private HeadVerdict decideHead(String path, String method, Optional<String> authorization, InetSocketAddress client) {
        if (!path.equals(PATH)) {
            return HeadVerdict.refused(error(404, "not_found", "No such endpoint: POST " + PATH, -1));
        }
        if (!method.equals("POST")) {
            return HeadVerdict.refused(error(405, "method_not_allowed", "POST publications to " + PATH, -1)
                    .withHeader("Allow", "POST"));
        }
        PublishAuth.Verdict verdict = auth.check(authorization, client);
        HttpResponse refused = switch (verdict.status()) {
            case DISABLED -> error(404, "publishing_disabled", "Publishing over HTTP is off on this server: it needs "
                    + "--publish-token or --publish-jwt-secret", -1);
            case RATE_LIMITED -> error(429, "rate_limited", "Too many failed attempts from this address: try again "
                    + "later", -1).withHeader("Retry-After", Long.toString(retryAfterSeconds));
            case UNAUTHORIZED -> error(401, "unauthorized", "A valid publish token is required: Authorization: "
                    + "Bearer <token>", -1).withHeader("WWW-Authenticate", "Bearer");
            case OK -> verdict.grant().publish().isEmpty()
                    ? error(403, "forbidden", "This token may not publish to any topic", -1)
                    : null;
        };
        return new HeadVerdict(refused, verdict.grant());
    }

    private static HttpResponse answer(boolean batch, IdempotentPublisher.Outcome outcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (!batch) {
            body.put("id", outcome.ids()[0]);
            if (outcome.duplicates()[0]) {
                body.put("duplicate", true);
            }
        } else {
            body.put("ids", outcome.ids());
            if (outcome.anyDuplicate()) {
                List<Integer> duplicates = new java.util.ArrayList<>();
                for (int i = 0; i < outcome.duplicates().length; i++) {
                    if (outcome.duplicates()[i]) {
                        duplicates.add(i);
                    }
                }
                body.put("duplicates", duplicates);
            }
        }
        return json(200, body);
    }

    private static HttpResponse error(int status, String code, String message, int index) {
        return JsonErrors.error(status, code, message, index);
    }

    private static HttpResponse json(int status, Map<String, Object> body) {
        try {
            return HttpResponse.json(status, JSON.writeValueAsString(body)).withHeader("Cache-Control", "no-store");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
