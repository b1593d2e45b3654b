package dev.parley.push;

/** TEMPORARY test double of the lead's core (push-core-api.md): deleted when main's parley-push lands. */
public record PushConfig(int maxDataBytes) {
    public static PushConfig defaults() {
        return new PushConfig(64 * 1024);
    }
}
