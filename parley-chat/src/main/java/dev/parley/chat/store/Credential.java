package dev.parley.chat.store;

/**
 * A user's stored credential: never the session token itself, only the hash of its secret half.
 *
 * @param nickname the user's nickname
 * @param secretHash the URL-safe base64 SHA-256 of the token's secret, or null for a user from before
 *     server-issued tokens (such a user can no longer be verified)
 */
public record Credential(String nickname, String secretHash) {
}
