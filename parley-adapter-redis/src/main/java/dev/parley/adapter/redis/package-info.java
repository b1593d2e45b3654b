/**
 * A Socket.IO cluster over Redis that speaks the wire protocol of the official Node packages
 * ({@code @socket.io/redis-adapter}'s classic {@code createAdapter} and its sharded {@code createShardedAdapter},
 * {@code @socket.io/redis-streams-adapter} with connection state recovery on any server, and
 * {@code @socket.io/redis-emitter}), so Parley nodes and Node.js socket.io servers serve one cluster.
 */
package dev.parley.adapter.redis;
