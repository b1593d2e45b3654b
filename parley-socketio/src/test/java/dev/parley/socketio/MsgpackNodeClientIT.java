package dev.parley.socketio;

import dev.parley.socketio.parser.MsgpackParser;
import dev.parley.socketio.parser.SocketIoParser;
import java.util.Map;

/**
 * Every case of {@link NodeClientIT} (connect over each transport and across the upgrade, namespaces with
 * middleware and auth, acks both ways with timeouts, binary in nested positions both ways and in acks, rooms
 * and broadcasts, server disconnect, reconnection) again, with the server on {@link MsgpackParser} and the
 * official client on npm {@code socket.io-msgpack-parser} 3.0.2.
 */
class MsgpackNodeClientIT extends NodeClientIT {
    @Override
    SocketIoParser parser() {
        return new MsgpackParser();
    }

    @Override
    Map<String, String> scriptEnv() {
        return Map.of("SIO_PARSER", "msgpack");
    }
}
