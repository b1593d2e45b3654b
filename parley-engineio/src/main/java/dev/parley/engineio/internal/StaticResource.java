package dev.parley.engineio.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A fixed file served under an Engine.IO path, with a strong ETag from its content. */
record StaticResource(String contentType, byte[] body, String etag) {
    static StaticResource of(String contentType, byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return new StaticResource(contentType, body, "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
