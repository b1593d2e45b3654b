package dev.parley.socketio;

import dev.parley.engineio.EngineIoServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The official browser client (npm {@code socket.io-client} 4.8.1, MIT licence, vendored unchanged under
 * {@code resources/dev/parley/socketio/client/}) served next to the Engine.IO path, as Node's server does.
 */
final class ClientBundle {
    private static final String BASE = "/dev/parley/socketio/client/";
    private static final String[][] FILES = {
        {"socket.io.js", "application/javascript; charset=utf-8"},
        {"socket.io.min.js", "application/javascript; charset=utf-8"},
        {"socket.io.js.map", "application/json"},
        {"socket.io.min.js.map", "application/json"},
        {"socket.io.esm.min.js", "application/javascript; charset=utf-8"},
        {"socket.io.esm.min.js.map", "application/json"},
    };

    private ClientBundle() {
    }

    static void register(EngineIoServer engine) {
        for (String[] file : FILES) {
            byte[] body = read(file[0]);
            if (body != null) {
                engine.addResource(file[0], file[1], body);
            }
        }
    }

    private static byte[] read(String name) {
        try (InputStream in = ClientBundle.class.getResourceAsStream(BASE + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
