// Read requests (history, sync, changes, the lists, mentions) under the server's budget of reads per user
// (docs/chat.md, "Reading limits"). A refusal, {code: 'rate_limited', retryAfter}, is waited out and the request
// sent again, a few times at most: a burst of reads (a reconnect to many rooms, each with pages to catch up) is
// slowed, never broken. What the user asks for once (a search, opening a result) is not retried: its refusal is
// shown.

const TRIES = 5;
const LONGEST_WAIT_MS = 10000;

/** emitWithAck with a timeout, sent again after `retryAfter` while refused as too fast; rejects as emitWithAck. */
export async function read(socket, event, payload, timeoutMs = 10000) {
  for (let tries = 1; ; tries++) {
    const res = await socket.timeout(timeoutMs).emitWithAck(event, payload);
    if (res?.code !== 'rate_limited' || tries >= TRIES || !socket.connected) return res;
    const wait = Math.min(LONGEST_WAIT_MS, Math.max(1, Number(res.retryAfter) || 1000));
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
