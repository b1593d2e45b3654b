package dev.parley.engineio.internal;

/** Bytes that are not a valid Engine.IO packet or payload: the session closes with "parse error". */
public final class EngineParseException extends Exception {
    public EngineParseException(String message) {
        super(message, null, false, false);
    }
}
