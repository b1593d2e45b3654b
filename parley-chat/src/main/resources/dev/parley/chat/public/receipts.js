// Receipts (message:delivered, message:read) under the server's budget of receipts per user (docs/chat.md,
// "Receipt limits"). Each is sent with an ack, at most IN_FLIGHT unanswered at once; one refused as
// {code: 'rate_limited', retryAfter} goes back to the front of the queue and nothing is sent until retryAfter has
// passed, so a burst larger than the budget (a reconnect with hundreds of messages waiting) is slowed, never lost,
// and the page never sends faster than the server takes them. At most KEPT wait: past that the oldest is dropped
// (a status its sender sees late or not at all, nothing else).

const IN_FLIGHT = 32;
const KEPT = 5000;
const LONGEST_WAIT_MS = 10000;

/** The receipts of the socket `current()` returns (the page's socket changes at each login). */
export function receipts(current) {
  const waiting = [];
  let inFlight = 0;
  let paused = null;

  function pump() {
    const socket = current();
    while (!paused && inFlight < IN_FLIGHT && waiting.length > 0 && socket?.connected) {
      const receipt = waiting.shift();
      inFlight += 1;
      socket.timeout(10000).emitWithAck(receipt.event, { id: receipt.id })
        .then((res) => {
          if (res?.code === 'rate_limited') {
            waiting.unshift(receipt);
            pause(res.retryAfter);
          }
        }, () => {})
        .finally(() => {
          inFlight -= 1;
          pump();
        });
    }
  }

  function pause(retryAfter) {
    if (paused) return;
    const wait = Math.min(LONGEST_WAIT_MS, Math.max(1, Number(retryAfter) || 1000));
    paused = setTimeout(() => {
      paused = null;
      pump();
    }, wait);
  }

  function send(event, id) {
    waiting.push({ event, id });
    if (waiting.length > KEPT) waiting.shift();
    pump();
  }

  return {
    delivered: (id) => send('message:delivered', id),
    read: (id) => send('message:read', id),
    /** Connected again: what waited is sent. */
    resume: pump,
  };
}
