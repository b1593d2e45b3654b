/**
 * The wire format of {@code @socket.io/redis-adapter} 8.3.0's classic adapter ({@code createAdapter}) and of
 * {@code @socket.io/redis-emitter} 5.1.0, byte for byte: {@link dev.parley.adapter.redis.wire.Notepack} (the
 * notepack.io 3.0.1 MessagePack codec), {@link dev.parley.adapter.redis.wire.ClassicChannels} (channel names),
 * and the messages {@link dev.parley.adapter.redis.wire.BroadcastMessage},
 * {@link dev.parley.adapter.redis.wire.Request} and {@link dev.parley.adapter.redis.wire.Response}. For the sharded
 * adapter ({@code createShardedAdapter}, socket.io-adapter's {@code ClusterAdapter} model):
 * {@link dev.parley.adapter.redis.wire.ClusterMessage}, {@link dev.parley.adapter.redis.wire.ClusterMessageType},
 * {@link dev.parley.adapter.redis.wire.ShardedChannels} and {@link dev.parley.adapter.redis.wire.SubscriptionMode}.
 *
 * <p>Plain Java over {@code byte[]}: no Redis connection, no threads, no clock. Every type is immutable or
 * stateless, so safe to share between threads. Decoding untrusted bytes fails with a
 * {@link dev.parley.adapter.redis.wire.WireFormatException} (an
 * {@link dev.parley.adapter.redis.wire.UnknownTypeException} for a well-formed message of an unknown type,
 * which Node ignores), never with an out-of-memory error or a stack overflow: lengths are checked against the
 * input and nesting is limited to {@value dev.parley.adapter.redis.wire.Notepack#DEFAULT_MAX_DEPTH}.
 */
package dev.parley.adapter.redis.wire;
