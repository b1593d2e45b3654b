// Parley Chat's browser client: plain ES module over the official socket.io client served by the server.
// Every user-supplied string reaches the page through textContent, never as HTML.
import { io } from '/socket.io/socket.io.esm.min.js';
import { announceMessage } from './accessibility.js';
import { closeDrawer } from './drawer.js';
import { attachCompleter, countMention, highlightMentions, loadMentions, mentionBadge, mentionCount,
  mentionRooms, mentionsMe, mentionsReadElsewhere, readMentions } from './mentions.js';
import { notifyIfHidden, setupNotifications } from './notify.js';
import { leaveNotice, loginAuth, onSession, showLoginError, takeNotice, wireAccounts } from './accounts.js';
import { messageChanges, newest } from './edits.js';
import { installSearch, shownMessages } from './search.js';
import { read } from './reads.js';
import { receipts as receiptQueue } from './receipts.js';

const $ = (id) => document.getElementById(id);
const store = {
  get: (key, fallback) => JSON.parse(localStorage.getItem(`parley.${key}`) ?? 'null') ?? fallback,
  set: (key, value) => localStorage.setItem(`parley.${key}`, JSON.stringify(value)),
};

// The session token is issued by the server (in 'session') the first time; a returning user sends it back.
let token = store.get('token', null);
let nickname = store.get('nickname', null);
let pendingNickname = null;
const joined = new Set(store.get('rooms', ['general']));
let outbox = store.get('outbox', []);
let maxMessageLength = store.get('maxMessageLength', 4000); // the server's, from 'session'
let maxUploadSize = store.get('maxUploadSize', null); // the server's, from 'session' (null: unknown yet)
let ready = false; // connected, and the rooms rejoined: the outbox may go out
// "#room" or "@user" -> { messages, unread, live: ids of unread messages that arrived on this page,
// listed: a private conversation the server listed, loaded: its latest history fetched on this connection,
// newFrom: the key of the first message that was unread when the conversation was opened (the "new messages" line),
// findNew: a private conversation opened with unread messages not fetched yet (loadConversation finds the first),
// showNew: the next render scrolls to that line }
const views = new Map();
let current = '#general';
// Who is online and which rooms exist (name -> member count): changes arrive as events, the lists are asked
// for a page at a time after each connect. Each change and page carries a version `v` (docs/chat.md).
const people = { items: new Map(), seen: new Map() };
const directory = { items: new Map(), seen: new Map() };
const members = new Map(); // room -> Set of nicknames, from room:join's answer and room:member changes
let socket = null;
// Receipts wait out the server's receipt budget (docs/chat.md, "Receipt limits").
const receipts = receiptQueue(() => socket);
// Editing, deleting and moderation (edits.js), over this page's state.
const changes = messageChanges({
  view: (key) => view(key), keyOf: (m) => keyOf(m), render: () => render(), me: () => nickname, current: () => current,
  members: () => members, socket: () => socket, showError: (text) => showError(text), addNotice: (k, t, ts) => addNotice(k, t, ts),
  renderSidebar: () => renderSidebar(),
});

const view = (key) => {
  if (!views.has(key)) {
    views.set(key, { messages: [], unread: 0, live: [], listed: false, loaded: false, newFrom: null, findNew: false,
      showNew: false });
  }
  return views.get(key);
};
const keyOf = (m) => (m.room ? `#${m.room}` : `@${m.from === nickname ? m.to : m.from}`);
const time = (ts) => new Date(ts).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

// ---- connection ----

function connect() {
  socket = io({
    auth: (cb) => cb(token ? { token } : loginAuth(pendingNickname)),
    reconnectionDelay: 300,
    reconnectionDelayMax: 3000,
  });
  socket.on('connect_error', (err) => {
    const code = err.data?.code;
    if (code === 'token_invalid') {
      // Not (or no longer) a valid token: forget it and log in again under a nickname.
      token = null;
      nickname = null;
      store.set('token', null);
      store.set('nickname', null);
    }
    // Refusals that retrying will not mend: back to the login, with the server's sentence.
    if (code && (code.startsWith('nickname') || code.startsWith('token') || code.startsWith('password')
        || ['rate_limited', 'registration_limited', 'sign_in_failed', 'busy', 'server_error'].includes(code))) {
      socket.disconnect();
      socket = null;
      showLogin(err.message, code);
    } else {
      banner();
    }
  });
  socket.on('session', (s) => {
    if (s.token) {
      token = s.token;
      store.set('token', token);
    }
    nickname = s.nickname;
    pendingNickname = null;
    if (s.limits?.maxMessageLength) {
      maxMessageLength = s.limits.maxMessageLength;
      store.set('maxMessageLength', maxMessageLength);
    }
    if (s.limits?.maxUploadSize) {
      maxUploadSize = s.limits.maxUploadSize;
      store.set('maxUploadSize', maxUploadSize);
    }
    store.set('nickname', nickname);
    onSession(s);
    show('app');
    $('me').textContent = nickname;
  });
  socket.on('connect', onConnect);
  socket.on('disconnect', () => { ready = false; banner(); });
  socket.on('presence:change', (p) => { if (change(people, p.nickname, p.v, p.online ? true : undefined)) renderSidebar(); });
  socket.on('room:change', (r) => { if (change(directory, r.name, r.v, r.members)) renderSidebar(); });
  socket.on('room:removed', (r) => { if (change(directory, r.name, r.v, undefined)) renderSidebar(); });
  socket.on('room:member', (r) => {
    const set = members.get(r.room);
    if (!set) return;
    if (r.joined) set.add(r.nickname); else set.delete(r.nickname);
    renderMembers();
  });
  socket.on('room:left', (r) => { forgetRoom(r.room); });
  socket.on('message', (m) => receive(m));
  socket.on('private', (m) => receive(m));
  socket.on('notice', (n) => addNotice(`#${n.room}`, n.text, n.ts));
  socket.on('announcement', (a) => addAnnouncements([a]));
  socket.on('message:status', (s) => setStatus(s.id, s.status));
  socket.on('typing', (t) => showTyping(t));
  socket.on('mention', (m) => { countMention(`#${m.room}`); notifyOf(m); renderSidebar(); });
  socket.on('mentions:read', (r) => { mentionsReadElsewhere(`#${r.room}`, r.unread); renderSidebar(); });
  socket.on('session:revoked', (r) => forgetSession(r.message));
  changes.attach(socket);
}

/**
 * Signed out everywhere (this device included): forget the revoked token and what was this user's (the outbox, the
 * rooms), and start again from the login, with the reason, through a reload that clears the page's state.
 */
function forgetSession(message) {
  for (const key of ['token', 'nickname', 'outbox', 'rooms']) localStorage.removeItem(`parley.${key}`);
  leaveNotice(message);
  location.reload();
}

async function onConnect() {
  banner();
  receipts.resume();
  // Versions count from the start of a server process: compared only within one connection.
  people.seen.clear();
  directory.seen.clear();
  await resync(people, 'presence:list', (page) => page.online.map((nick) => [nick, true]));
  await resync(directory, 'rooms:list', (page) => page.rooms.map((r) => [r.name, r.members]));
  await loadConversations();
  await loadMentions(socket);
  renderSidebar();
  // Announcements to everyone are stored: the latest show above every conversation, after a reload too.
  const stored = await read(socket, 'announcements', {}).catch(() => null);
  if (stored?.ok) addAnnouncements(stored.messages);
  if (!socket.recovered) {
    for (const room of [...joined]) {
      const res = await joinRoom(room);
      if (res && !res.ok) showError(res.error);
    }
  }
  ready = true;
  pump();
}

function banner() {
  const el = $('banner');
  if (socket && socket.connected) {
    el.hidden = true;
    return;
  }
  // Before the first answer the "Connecting..." state says it already.
  if (!nickname || !socket || !$('connecting').hidden) {
    el.hidden = true;
    return;
  }
  el.hidden = false;
  el.textContent = navigator.onLine ? 'Reconnecting…' : 'Offline: your messages will be sent when you are back';
}
window.addEventListener('online', banner);
window.addEventListener('offline', banner);

// ---- who is online, which rooms exist ----

/** Applies a change (value undefined: the name is gone) unless a newer one was applied; true if applied. */
function change(dir, name, v, value) {
  if ((dir.seen.get(name) ?? -1) >= v) return false;
  dir.seen.set(name, v);
  if (value === undefined) dir.items.delete(name);
  else dir.items.set(name, value);
  return true;
}

/**
 * Replaces a list by the server's, page by page. A name with a change newer than its page keeps what that
 * change said; a name on no page was gone when its page was read, unless a change since the first page says otherwise.
 */
async function resync(dir, event, entries) {
  const listed = new Map();
  let since = null;
  let after = null;
  do {
    const page = await read(socket, event, { after }).catch(() => null);
    if (!page?.ok) return;
    since ??= page.v;
    for (const [name, value] of entries(page)) {
      if ((dir.seen.get(name) ?? -1) <= page.v) listed.set(name, value);
    }
    after = page.next;
  } while (after);
  for (const [name, value] of dir.items) {
    if (!listed.has(name) && (dir.seen.get(name) ?? -1) > since) listed.set(name, value);
  }
  dir.items = listed;
}

function renderMembers() {
  const set = members.get(current.slice(1));
  $('members').textContent = current.startsWith('#') && set ? [...set].sort().join(', ') : '';
  changes.renderModeration();
}

// ---- private conversations ----

/**
 * Every person this user has a conversation with, online or not, and how many of their messages are unread
 * (the server's stored read marks), page after page. A message that arrived here after the server counted
 * (an id above the conversation's lastId) is added to its count.
 */
async function loadConversations() {
  for (const v of views.values()) v.loaded = false; // what came while disconnected is fetched on opening
  let before = null;
  do {
    const page = await read(socket, 'conversations', { before }).catch(() => null);
    if (!page?.ok) return;
    for (const c of page.conversations) {
      const key = `@${c.with}`;
      const v = view(key);
      v.listed = true;
      if (key !== current) v.unread = c.unread + v.live.filter((id) => id > c.lastId).length;
    }
    before = page.next;
  } while (before);
  if (current.startsWith('@')) loadConversation(current);
}

/** The latest page of a private conversation, both ways; then what is to me in it is read. */
async function loadConversation(key) {
  const v = view(key);
  const knownAt = changes.lastKnown(key);
  const res = await read(socket, 'private:history', { with: key.slice(1), before: 0 }).catch(() => null);
  if (!res?.ok) return;
  v.loaded = true;
  merge(key, res.messages);
  await changes.catchUp({ with: key.slice(1) }, key, knownAt); // edits and deletions of older messages shown here
  if (key === current) {
    if (v.findNew) {
      // The earliest of them: the stored ones, older than any that arrived live (already read when opened).
      v.newFrom = firstUnreadToMe(v) ?? v.newFrom;
      v.findNew = false;
      v.showNew = true;
    }
    markRead();
    render();
  }
  renderSidebar();
}

// ---- rooms and history ----

/** Joins (or refreshes) a room; returns the server's answer (null without one). A refusal changes nothing here. */
async function joinRoom(room) {
  const known = view(`#${room}`).messages.reduce((max, m) => Math.max(max, m.id ?? 0), 0);
  const knownAt = changes.lastKnown(`#${room}`);
  const res = await socket?.timeout(10000).emitWithAck('room:join', { room }).catch(() => null);
  if (!res?.ok) return res;
  joined.add(res.room);
  store.set('rooms', [...joined]);
  merge(`#${res.room}`, res.history);
  // Back after a disconnection that recovery could not bridge: everything after the last message we had,
  // page by page (sync answers at most 500, and at most --max-page-bytes of them, oldest first), while hasMore.
  for (let after = known; after > 0;) {
    const missed = await read(socket, 'sync', { room: res.room, after }).catch(() => null);
    if (!missed?.ok || missed.messages.length === 0) break;
    merge(`#${res.room}`, missed.messages);
    after = missed.hasMore ? missed.messages[missed.messages.length - 1].id : 0;
  }
  if (known > 0) await changes.catchUp({ room: res.room }, `#${res.room}`, knownAt); // edits and deletions missed
  members.set(res.room, new Set(res.members));
  renderMembers();
  render();
  return res;
}

function forgetRoom(room) {
  joined.delete(room);
  store.set('rooms', [...joined]);
  if (current === `#${room}`) open('#general');
  renderSidebar();
}

function merge(key, messages) {
  const v = view(key);
  for (const m of messages) {
    // A message of someone else's that reaches this page in a page of history rather than live (it was sent
    // while this page was still joining) has reached it all the same: it is delivered, by the same rule as live.
    if (upsert(v, m) && m.id && m.from !== nickname && m.status === 'sent') {
      receipts.delivered(m.id);
    }
  }
  // In time order (notices have a time but no id), then by id; messages still pending stay last.
  const pending = (m) => (m.status === 'pending' ? 1 : 0);
  v.messages.sort((a, b) => (pending(a) - pending(b)) || (a.ts - b.ts) || ((a.id ?? 0) - (b.id ?? 0)));
}

// A status can overtake the answer that tells this page its own message's id (the recipient's client marks it
// delivered while the sender's ack is still on its way): kept here until the id is known, a few at most.
const earlyStatus = new Map();
const EARLY_STATUS_MAX = 200;

function upsert(v, m) {
  if (m.id && earlyStatus.has(m.id)) {
    m = { ...m, status: best(m.status, earlyStatus.get(m.id)) };
    earlyStatus.delete(m.id);
  }
  const i = v.messages.findIndex((x) => (m.id && x.id === m.id) || (x.clientId === m.clientId && x.from === m.from));
  if (i >= 0) {
    v.messages[i] = { ...v.messages[i], ...newest(v.messages[i], m), status: best(v.messages[i].status, m.status) };
    return false;
  }
  v.messages.push(m);
  return true;
}

const ORDER = ['pending', 'sent', 'delivered', 'read'];
const best = (a, b) => (ORDER.indexOf(a) > ORDER.indexOf(b) ? a : b ?? a);

async function loadOlder() {
  const v = view(current);
  const oldest = v.messages.find((m) => m.id)?.id ?? 0;
  const res = current.startsWith('#')
    ? await read(socket, 'history', { room: current.slice(1), before: oldest }).catch(() => null)
    : await read(socket, 'private:history', { with: current.slice(1), before: oldest }).catch(() => null);
  if (res?.ok) {
    merge(current, res.messages);
    if (res.messages.length === 0) $('older').disabled = true;
    // The page goes above what the user is reading: they stay at the same message, even at the bottom.
    render({ anchor: true });
  }
}

// ---- messages ----

function receive(m) {
  const key = keyOf(m);
  const v = view(key);
  const isNew = upsert(v, m);
  if (m.from !== nickname && isNew) {
    receipts.delivered(m.id);
    if (mentionsMe(m, nickname)) countMention(key);
    notifyOf(m);
    // Read only if the reader can see it: arriving in the open conversation of a hidden tab, it is unread.
    if (key === current && document.visibilityState === 'visible') {
      markRead();
    } else {
      v.unread += 1;
      if (m.id) v.live.push(m.id);
    }
  }
  if (key === current) render();
  if (isNew && key === current && m.from !== nickname) announceMessage(m);
  renderSidebar();
}

function setStatus(id, status) {
  let found = false;
  for (const v of views.values()) {
    const m = v.messages.find((x) => x.id === id);
    if (m) {
      found = true;
      m.status = best(m.status, status);
      render();
    }
  }
  if (!found) {
    earlyStatus.set(id, best(earlyStatus.get(id), status));
    if (earlyStatus.size > EARLY_STATUS_MAX) {
      earlyStatus.delete(earlyStatus.keys().next().value);
    }
  }
}

const count = (n) => n.toLocaleString('en-US');

function compose(text, file) {
  const item = { clientId: crypto.randomUUID(), text, fileId: file?.id ?? null };
  if (current.startsWith('#')) item.room = current.slice(1);
  else item.to = current.slice(1);
  outbox.push(item);
  store.set('outbox', outbox);
  const v = view(current);
  v.messages.push({ clientId: item.clientId, from: nickname, room: item.room, to: item.to, text, file, ts: Date.now(), status: 'pending' });
  render();
  pump();
}

// The outbox goes out one message at a time, in order. A message leaves it only with the server's answer:
// accepted, or refused for good (then its text goes back to the composer with the reason). One refused for
// sending too fast waits, with the rest, until the server said it would pass (retryAfter).
let pumping = false;
let pumpTimer = null;
async function pump() {
  if (pumping) return;
  pumping = true;
  clearTimeout(pumpTimer);
  try {
    while (outbox.length && ready && socket?.connected) {
      const item = outbox[0];
      const res = await socket.timeout(10000).emitWithAck(item.room ? 'message:send' : 'private:send', item)
        .catch(() => null);
      if (!res) {
        pumpTimer = setTimeout(pump, 1000); // no answer: again soon, or after the reconnect (same clientId)
        return;
      }
      if (!res.ok && res.code === 'rate_limited') {
        const seconds = Math.ceil((res.retryAfter ?? 1000) / 1000);
        showError(`${res.error}. ${outbox.length} waiting: they go out in ${seconds} s`);
        pumpTimer = setTimeout(pump, res.retryAfter ?? 1000);
        return;
      }
      outbox.shift();
      store.set('outbox', outbox);
      settle(item, res);
    }
  } finally {
    pumping = false;
  }
}

function settle(item, res) {
  const key = item.room ? `#${item.room}` : `@${item.to}`;
  const v = view(key);
  if (res.ok) {
    upsert(v, { ...res.message, status: best('sent', res.message.status) });
  } else {
    v.messages = v.messages.filter((x) => x.clientId !== item.clientId);
    keepInComposer(item.text);
    showError(key === current ? res.error : `Not sent to ${key}: ${res.error}`, true);
  }
  render();
}

/** Refused text goes back into the composer, before whatever is there now: nothing typed is lost. */
function keepInComposer(text) {
  if (!text) return;
  const box = $('text');
  box.value = box.value ? `${text}\n${box.value}` : text;
}

// ---- typing ----

let lastTyping = 0;
const typers = new Map();
function typed() {
  if (!current.startsWith('#') || Date.now() - lastTyping < 2000 || !socket?.connected) return;
  lastTyping = Date.now();
  socket.emit('typing', { room: current.slice(1) });
}
function showTyping(t) {
  typers.set(`${t.room}/${t.from}`, { ...t, until: Date.now() + 3000 });
  renderTyping();
  setTimeout(renderTyping, 3100);
}
function renderTyping() {
  const now = Date.now();
  const names = [...typers.values()].filter((t) => t.until > now && `#${t.room}` === current).map((t) => t.from);
  $('typing').textContent = names.length ? `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} typing…` : '';
}

// ---- uploads ----

/** "195 KB (200,000 bytes)": a size as people read it, and exactly (as the server words its limit). */
function sizeLimit(bytes) {
  let human;
  if (bytes < 1024) human = `${bytes} bytes`;
  else if (bytes < 1024 * 1024) human = `${Math.round(bytes / 1024)} KB`;
  else {
    const mb = bytes / (1024 * 1024);
    human = `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  }
  return `${human} (${count(bytes)} bytes)`;
}

function upload(file) {
  // Refused here when the server's limit is known, so that a large file is not sent only to be refused.
  if (maxUploadSize && file.size > maxUploadSize) {
    showError(`${file.name} is too large: files are limited to ${sizeLimit(maxUploadSize)}`);
    return;
  }
  const bar = $('upload');
  bar.hidden = false;
  bar.value = 0;
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/api/files');
  xhr.setRequestHeader('X-Chat-Token', token);
  xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
  xhr.upload.onprogress = (e) => {
    if (e.lengthComputable) {
      bar.value = Math.round((e.loaded * 100) / e.total);
      bar.dataset.progressEvents = String(Number(bar.dataset.progressEvents ?? 0) + 1);
    }
  };
  xhr.onload = () => {
    bar.hidden = true;
    if (xhr.status === 201) {
      compose('', JSON.parse(xhr.responseText));
    } else {
      // Every refusal of the API is JSON with a sentence (the 413s say the limit); else the status.
      let reason = null;
      try { reason = JSON.parse(xhr.responseText).error; } catch { /* not JSON: a proxy's page */ }
      showError(reason ? `${file.name} was not uploaded: ${reason}` : `Upload failed (${xhr.status})`);
    }
  };
  xhr.onerror = () => { bar.hidden = true; showError('Upload failed: no connection'); };
  xhr.send(file);
}

// ---- rendering ----

function open(key) {
  current = key;
  closeDrawer(); // picked from the drawer (a narrow screen): the conversation it opens shows
  setPinned(true); // a conversation opens at its newest message, or at the "new messages" line
  const v = view(key);
  v.newFrom = firstUnread(key, v);
  v.findNew = key.startsWith('@') && v.unread > 0 && !v.loaded;
  v.showNew = v.newFrom !== null;
  v.unread = 0;
  v.live = [];
  $('older').disabled = false;
  $('title').textContent = key.startsWith('#') ? key : `Private: ${key.slice(1)}`;
  $('leave').hidden = !key.startsWith('#') || key === '#general';
  renderMembers();
  // The whole conversation, not only what arrived on this page (messages written while away, say).
  if (key.startsWith('@') && !view(key).loaded && socket?.connected) loadConversation(key);
  if (key.startsWith('#') && socket?.connected) {
    // Joins (or refreshes the member list of) the room being opened.
    joinRoom(key.slice(1)).then((res) => { if (res && !res.ok) showError(res.error); });
  }
  markRead();
  render();
  renderSidebar();
  renderTyping();
}

/** The key of the first unread message of a conversation being opened (before its count is reset), or null. */
function firstUnread(key, v) {
  if (!v.unread) return null;
  const stored = key.startsWith('@') ? firstUnreadToMe(v) : null;
  if (stored) return stored;
  return v.live.length ? `id:${Math.min(...v.live)}` : null;
}

/** In a private conversation: the first message to me the server does not have as read. */
function firstUnreadToMe(v) {
  const m = v.messages.find((x) => x.to === nickname && x.id && x.status !== 'read');
  return m ? messageKey(m) : null;
}

/** Private messages to me in the open conversation are read once the page is visible. */
function markRead() {
  if (!current.startsWith('@') || document.visibilityState !== 'visible' || !socket?.connected) return;
  for (const m of view(current).messages) {
    if (m.to === nickname && m.status !== 'read' && m.id) {
      m.status = 'read';
      receipts.read(m.id);
    }
  }
}

/**
 * The tab shows again: what arrived in the open conversation while it was hidden is read now, below a "new
 * messages" line.
 */
function onVisible() {
  if (document.visibilityState !== 'visible') return;
  const v = view(current);
  if (v.unread) {
    v.newFrom = firstUnread(current, v);
    v.showNew = v.newFrom !== null;
    v.unread = 0;
    v.live = [];
  }
  markRead();
  render();
  renderSidebar();
}

/** A notification for a private message to the reader or a mention of them, while the tab is hidden. */
function notifyOf(m) {
  if (m.from === nickname) return;
  const key = keyOf(m);
  const what = m.text || m.file?.name || '';
  if (m.to === nickname) notifyIfHidden(`${m.from} (private message)`, what, key, () => open(key));
  else if (mentionsMe(m, nickname)) notifyIfHidden(`${m.from} mentioned you in #${m.room}`, what, key, () => open(key));
}

// ---- scrolling ----
// The view stays pinned to the newest message while the user is at the bottom (new messages, an image that
// loads); scrolled up, they stay at the message they are reading whatever is added above or below it.
let pinned = true;
let placedTop = null; // the scrollTop this script set last: its own scroll event says nothing about the user
const PIN_SLACK = 4; // px: rounding of fractional scroll positions
const atBottom = (list) => list.scrollHeight - list.scrollTop - list.clientHeight <= PIN_SLACK;
function scrollListTo(top) {
  const list = $('messages');
  list.scrollTop = top;
  placedTop = list.scrollTop;
}
$('messages').addEventListener('scroll', () => {
  const list = $('messages');
  // Scroll events come a frame late: by then an image may have grown the list under a position set here.
  if (list.scrollTop === placedTop) return;
  placedTop = null;
  setPinned(atBottom(list));
});

/** Pinned or not; scrolled up, the "jump to latest" button shows. */
function setPinned(value) {
  pinned = value;
  $('jump').hidden = value;
}
$('jump').addEventListener('click', () => {
  scrollListTo($('messages').scrollHeight);
  setPinned(true);
  $('text').focus(); // the button hides under the keyboard's focus: it goes where the user writes next
});

/** The first message at least partly visible, and its distance from the list's top edge. */
function scrollAnchor() {
  const list = $('messages');
  const top = list.getBoundingClientRect().top;
  for (const li of list.children) {
    const box = li.getBoundingClientRect();
    if (box.bottom > top) return { key: li.dataset.key, offset: box.top - top };
  }
  return null;
}

/** Puts the anchor's message back where it was (after content changed above it), or pins to the bottom. */
function restoreScroll(anchor) {
  const list = $('messages');
  const li = anchor && [...list.children].find((x) => x.dataset.key === anchor.key);
  if (!li) {
    scrollListTo(list.scrollHeight);
    setPinned(true);
    return;
  }
  scrollListTo(list.scrollTop + li.getBoundingClientRect().top - list.getBoundingClientRect().top - anchor.offset);
  setPinned(atBottom(list));
}

/**
 * An image gets its height once loaded. Pinned, the newest message stays in view; scrolled up, Chromium's
 * scroll anchoring (CSS overflow-anchor, on by default) keeps the message being read in place.
 */
function imageLoaded() {
  if (pinned) scrollListTo($('messages').scrollHeight);
}

const messageKey = (m) => (m.id ? `id:${m.id}` : m.clientId ? `c:${m.from}:${m.clientId}` : `n:${m.ts}:${m.text}`);

/** Redraws the open conversation; {anchor: true} keeps the message read in place even at the bottom. */
function render({ anchor = false } = {}) {
  const list = $('messages');
  const v = view(current);
  const keep = anchor || !pinned ? scrollAnchor() : null;
  list.replaceChildren();
  let day = null;
  for (const m of shownMessages(v)) { // up to the end of a search result's window (search.js)
    // A separator where the day changes (the reader's local day), and one above the first message.
    if (dayOf(m.ts) !== day) {
      day = dayOf(m.ts);
      list.append(daySeparator(m.ts));
    }
    const li = document.createElement('li');
    li.dataset.key = messageKey(m);
    if (v.newFrom === li.dataset.key) list.append(newMessagesLine());
    if (m.notice) {
      li.className = 'notice';
      li.append(timeOf(m.ts), ` ${m.text}`);
      list.append(li);
      continue;
    }
    li.className = `message${m.from === nickname ? ' mine' : ''}${mentionsMe(m, nickname) ? ' mentioned' : ''}`;
    li.dataset.clientId = m.clientId ?? '';
    const from = span('from', m.from);
    const text = withLinks(span('text', ''), m.text);
    highlightMentions(text, m.mentions, nickname);
    li.append(timeOf(m.ts), from, text);
    if (m.file) {
      if (m.file.image) {
        // The picture is a thumbnail; it opens full size in a new tab (served inline, sandboxed).
        const a = document.createElement('a');
        a.href = m.file.url;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        a.className = 'image-link';
        a.title = `Open ${m.file.name} full size`;
        const img = document.createElement('img');
        img.addEventListener('load', imageLoaded);
        img.src = m.file.url;
        img.alt = m.file.name;
        a.append(img);
        li.append(a);
      } else {
        const a = document.createElement('a');
        a.href = m.file.url;
        a.textContent = `${m.file.name} (${Math.ceil(m.file.size / 1024)} KB)`;
        a.setAttribute('download', m.file.name);
        li.append(' ', a);
      }
    }
    if (m.from === nickname) li.append(span('status', m.status ?? 'sent'));
    changes.decorate(li, m);
    list.append(li);
  }
  const line = v.showNew ? list.querySelector('.new-messages') : null;
  if (line) {
    // Opened with unread messages: the line at the top of the view, unless they all fit above the bottom.
    v.showNew = false;
    scrollListTo(list.scrollTop + line.getBoundingClientRect().top - list.getBoundingClientRect().top);
    setPinned(atBottom(list));
  } else if (keep) {
    restoreScroll(keep);
  } else {
    scrollListTo(list.scrollHeight);
    setPinned(true);
  }
  if (current.startsWith('#') && document.visibilityState === 'visible') readMentions(socket, current, v.messages);
}

// ---- dates and links ----

const pad = (n) => String(n).padStart(2, '0');
/** The local day of a time, as a `<time datetime>` date: "2026-12-07". */
const dayOf = (ts) => {
  const d = new Date(ts);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};
const fullDate = (ts) => new Date(ts).toLocaleDateString(undefined,
  { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });

/** A message's hour and minute; the full date and time on hover, and exact in `datetime`. */
function timeOf(ts) {
  const t = document.createElement('time');
  t.className = 'meta';
  t.dateTime = new Date(ts).toISOString();
  t.title = new Date(ts).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'medium' });
  t.textContent = time(ts);
  return t;
}

function daySeparator(ts) {
  const li = document.createElement('li');
  li.className = 'day';
  li.dataset.key = `day:${dayOf(ts)}`;
  const yesterday = new Date();
  yesterday.setDate(yesterday.getDate() - 1);
  const t = document.createElement('time');
  t.dateTime = dayOf(ts);
  t.title = fullDate(ts);
  if (dayOf(ts) === dayOf(Date.now())) t.textContent = 'Today';
  else if (dayOf(ts) === dayOf(yesterday.getTime())) t.textContent = 'Yesterday';
  else t.textContent = fullDate(ts);
  li.append(t);
  return li;
}

function newMessagesLine() {
  const li = document.createElement('li');
  li.className = 'new-messages';
  li.dataset.key = 'new-messages';
  li.textContent = 'New messages';
  return li;
}

// Links: only http and https (checked by the URL parser, not by the pattern alone); javascript:, data: and
// every other scheme stay text. Built as nodes: the text never goes through an HTML parser.
const LINK = /\bhttps?:\/\/[^\s<>"]+/gi;
const TRAILING = /[.,;:!?'"]+$/; // "see https://example.com." links without the full stop

function withLinks(el, text) {
  let last = 0;
  for (const found of text.matchAll(LINK)) {
    let url = found[0].replace(TRAILING, '');
    // A closing parenthesis belongs to the link only if it opens one: "(see https://example.com/a)".
    while (url.endsWith(')') && url.split('(').length < url.split(')').length) url = url.slice(0, -1);
    const href = httpHref(url);
    if (!href) continue;
    el.append(text.slice(last, found.index));
    const a = document.createElement('a');
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.textContent = url;
    el.append(a);
    last = found.index + url.length;
  }
  el.append(text.slice(last));
  return el;
}

function httpHref(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function span(cls, text) {
  const s = document.createElement('span');
  s.className = cls;
  s.textContent = text;
  return s;
}

// ---- announcements ----

const SHOWN_ANNOUNCEMENTS = 3;
let announcements = [];
function addAnnouncements(list) {
  const byId = new Map(announcements.map((a) => [a.id, a]));
  for (const a of list) byId.set(a.id, a);
  announcements = [...byId.values()].sort((a, b) => a.id - b.id).slice(-SHOWN_ANNOUNCEMENTS);
  const items = announcements.map((a) => {
    const li = document.createElement('li');
    li.className = 'announcement';
    const when = document.createElement('time');
    when.dateTime = new Date(a.ts).toISOString();
    when.textContent = time(a.ts);
    li.append(when, document.createTextNode(a.text));
    return li;
  });
  $('announcement-list').replaceChildren(...items);
  $('announcements').hidden = announcements.length === 0;
}

function addNotice(key, text, ts) {
  view(key).messages.push({ notice: true, text, ts });
  if (key === current) render();
}

function renderSidebar() {
  const roomList = $('rooms');
  roomList.replaceChildren();
  const names = new Set([...joined, ...directory.items.keys()]);
  for (const name of [...names].sort()) {
    const count = directory.items.get(name);
    roomList.append(entry(`#${name}`, `#${name}`, count === undefined ? '' : `${count}`));
  }
  // Direct messages: everyone with a conversation, online or not, like rooms; the others online below.
  const talked = [...views.entries()]
    .filter(([key, v]) => key.startsWith('@') && (v.listed || key === current || v.messages.some((m) => !m.notice)))
    .map(([key]) => key.slice(1));
  const conversations = $('conversations');
  conversations.replaceChildren();
  for (const user of talked.sort()) {
    const online = people.items.has(user);
    const li = entry(`@${user}`, user, '');
    li.querySelector('.label').append(' ', span(`presence ${online ? 'on' : 'off'}`, online ? 'online' : 'offline'));
    conversations.append(li);
  }
  const list = $('online');
  list.replaceChildren();
  for (const user of [...people.items.keys()].sort()) {
    if (user !== nickname && !talked.includes(user)) list.append(entry(`@${user}`, user, ''));
  }
  renderTitle();
}

/** The tab's title counts what is unread everywhere: "(3) Parley Chat", plain once all is read. */
function renderTitle() {
  // A room's stored unread mentions count too (after a reload its live count is gone); live ones are in both.
  const keys = new Set([...views.keys(), ...mentionRooms()]);
  const unread = [...keys].reduce((sum, key) => sum + Math.max(views.get(key)?.unread ?? 0, mentionCount(key)), 0);
  document.title = unread ? `(${unread}) Parley Chat` : 'Parley Chat';
}

function entry(key, label, count) {
  const li = document.createElement('li');
  const b = document.createElement('button');
  b.type = 'button';
  b.dataset.key = key;
  b.setAttribute('aria-current', String(key === current));
  b.append(span('label', label));
  const unread = views.get(key)?.unread ?? 0;
  if (unread) b.append(span('unread', String(unread)));
  else if (count) b.append(span('count', count));
  const mentioned = mentionBadge(key);
  if (mentioned) b.append(mentioned);
  b.addEventListener('click', () => open(key));
  li.append(b);
  return li;
}

/** Shows a sentence under the composer; a sticky one (about the text in it) stays until the text is edited. */
function showError(message, sticky = false) {
  $('send-error').textContent = message;
  $('send-error').dataset.sticky = String(sticky);
  if (!sticky) {
    setTimeout(() => { if ($('send-error').textContent === message) $('send-error').textContent = ''; }, 5000);
  }
}

/** Shows one of the page's three states: 'connecting' (a returning user, until the server answers), 'login' or 'app'. */
function show(state) {
  for (const id of ['connecting', 'login', 'app']) $(id).hidden = id !== state;
}

function showLogin(error, code) {
  show('login');
  // A password's problem shows beside the password field (accounts.js), anything else beside the form.
  $('login-error').textContent = showLoginError(error, code) ? '' : error ?? '';
  banner();
}

// ---- wiring ----

$('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  pendingNickname = $('nickname').value.trim();
  $('login-error').textContent = '';
  connect();
});
$('composer').addEventListener('submit', (e) => {
  e.preventDefault();
  const text = $('text').value.trim();
  if (!text) return;
  // Checked here too, so that a text the server would refuse never leaves the composer.
  const length = [...text].length;
  if (length > maxMessageLength) {
    showError(`Too long: ${count(length)} characters, ${count(maxMessageLength)} characters max`, true);
    return;
  }
  $('text').value = '';
  compose(text, null);
});
$('text').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey) {
    e.preventDefault();
    $('composer').requestSubmit();
  }
});
$('text').addEventListener('input', typed);
$('text').addEventListener('input', () => {
  if ($('send-error').dataset.sticky === 'true') $('send-error').textContent = '';
});
$('file').addEventListener('change', (e) => {
  if (e.target.files[0]) upload(e.target.files[0]);
  e.target.value = '';
});
// A room is opened only once the server has let the user in: a refused name (invalid, a look-alike, a limit)
// leaves the user where they were, the name still in the field to correct, the reason beside it.
$('join-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const room = $('join-room').value.trim().replace(/^#/, '').toLowerCase();
  if (!room) return;
  const res = await joinRoom(room);
  if (!res?.ok) {
    $('join-error').textContent = res?.error ?? 'Not connected: try again in a moment';
    return;
  }
  $('join-room').value = '';
  $('join-error').textContent = '';
  open(`#${res.room}`);
});
$('join-room').addEventListener('input', () => { $('join-error').textContent = ''; });
$('leave').addEventListener('click', async () => {
  const room = current.slice(1);
  const res = await socket.emitWithAck('room:leave', { room });
  if (res.ok) forgetRoom(room);
});
$('older').addEventListener('click', loadOlder);
document.addEventListener('visibilitychange', onVisible);
// Only rooms' messages mention people (private ones do not), so only a room's composer completes names.
attachCompleter($('text'), $('mention-list'), () => (current.startsWith('#')
  ? [...(members.get(current.slice(1)) ?? [])].sort().concat([...people.items.keys()].sort()) : [])
  .filter((name) => name !== nickname));
setupNotifications($('notify-toggle'), $('notify-status'));
wireAccounts(() => socket);

// Message search and the window of an opened result (search.js).
installSearch({
  socket: () => socket, current: () => current, open, view, merge, render, scrollListTo, setPinned, span,
});

open('#general');
if (token) {
  show('connecting'); // a returning user is not asked for a nickname while the network is slow
  connect();
} else {
  showLogin(takeNotice());
}
