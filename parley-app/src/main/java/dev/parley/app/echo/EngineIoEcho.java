package dev.parley.app.echo;

import dev.parley.engineio.EngineIoListener;
import dev.parley.engineio.EngineIoSocket;

/** The raw Engine.IO endpoint of the protocol test suite: every message comes back unchanged. */
public final class EngineIoEcho implements EngineIoListener {
    @Override
    public void onMessage(EngineIoSocket socket, String text) {
        socket.send(text);
    }

    @Override
    public void onBinary(EngineIoSocket socket, byte[] data) {
        socket.send(data);
    }
}
