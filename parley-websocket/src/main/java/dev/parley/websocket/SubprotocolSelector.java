package dev.parley.websocket;

import java.util.List;
import java.util.Optional;

/**
 * Chooses the subprotocol of a connection from the client's offer (RFC 6455 §4.2.2, point 5.4). An empty
 * result answers with no {@code Sec-WebSocket-Protocol} header; a browser that required one then fails the
 * connection itself, as the RFC intends.
 */
@FunctionalInterface
public interface SubprotocolSelector {
    /**
     * @param offered the client's subprotocols in its order of preference (may be empty)
     * @return one of {@code offered}, or empty
     */
    Optional<String> select(HandshakeRequest request, List<String> offered);

    /** Picks the first offered protocol that is in {@code supported}, in the client's order. */
    static SubprotocolSelector supporting(List<String> supported) {
        List<String> copy = List.copyOf(supported);
        return (request, offered) -> offered.stream().filter(copy::contains).findFirst();
    }

    /** Never picks a subprotocol. */
    static SubprotocolSelector none() {
        return (request, offered) -> Optional.empty();
    }
}
