package dev.parley.chat.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), sent whole ({@code EVAL}) only when Redis does not have it
 * yet (a new or restarted Redis). Every script of this module is idempotent but one: Lettuce may send a command
 * again after a reconnect (at least once), and running one twice leaves the same state as once. The exceptions are
 * {@link RedisAttemptLimit}'s counter, where a resend counts an attempt twice, and {@link RedisTokenBucket}'s take,
 * where it takes two tokens: the strict side, for a throttle.
 */
final class LuaScript {
    private final String text;
    private final String sha;

    LuaScript(String text) {
        this.text = text;
        this.sha = sha1(text);
    }

    @SuppressWarnings("unchecked")
    <T> T run(RedisCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        try {
            return (T) redis.evalsha(sha, type, keys, args);
        } catch (RedisNoScriptException e) {
            return (T) redis.eval(text, type, keys, args);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
