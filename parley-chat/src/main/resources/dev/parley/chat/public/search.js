// Message search (docs/chat.md, "Search"): a search field in the sidebar, its results, and opening a result in
// its history. Everything the server sends is shown through text nodes; matches are <mark> elements made here
// from the snippet's parts, never HTML from the server.
//
// Opening a result far back puts its conversation in a "window": the page around the message, with newer
// messages still to fetch. While a view has a window, what is newer than its end (messages arriving live, the
// latest page fetched on opening) stays hidden, so that the list never shows a hole; scrolling down fetches the
// next newer page, and the window closes once a page reaches the newest message. "Jump to latest" and sending a
// message close it at once: the view goes back to the latest page, live.
import { read } from './reads.js';

const $ = (id) => document.getElementById(id);
const NEAR_BOTTOM = 200; // px from the end of a window at which its next newer page is fetched

let chat = null; // the hooks chat.js gives: see installSearch
let target = null; // { key, id }: the result opened, highlighted in its conversation
let query = null; // the search whose results are listed: { q, next }
let fetchingNewer = false;
let focusOnTarget = false; // the opened message has the keyboard focus: a render (which rebuilds it) keeps it there

/** The messages of a view to draw: all of them, or up to the end of its window. */
export function shownMessages(v) {
  const w = v.searchWindow;
  if (!w) return v.messages;
  return v.messages.filter((m) => (m.id ? m.id <= w.end : m.status === 'pending' || m.ts <= w.ts));
}

/**
 * Wires the search field and the window of an opened result. `hooks`: socket() (the connected socket or
 * null), current() (the open conversation's key), open(key), view(key), merge(key, messages), render(options),
 * scrollListTo(top), setPinned(pinned), span(className, text).
 */
export function installSearch(hooks) {
  chat = hooks;
  $('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    search($('search').value);
  });
  $('search').addEventListener('input', () => { if (!$('search').value.trim()) clearResults(); });
  $('search').addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      $('search').value = '';
      clearResults();
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      $('search-results').querySelector('button')?.focus();
    }
  });
  $('search-results').addEventListener('keydown', moveBetweenResults);
  $('search-more').addEventListener('click', () => { if (query?.next) search(query.q, query.next); });
  $('messages').addEventListener('scroll', fetchNewerNearTheEnd);
  $('jump').addEventListener('click', () => closeWindow(chat.current()));
  $('composer').addEventListener('submit', () => closeWindow(chat.current()));
  // Every render rebuilds the list: the opened result is marked again each time.
  new MutationObserver(markTarget).observe($('messages'), { childList: true });
  document.addEventListener('focusin', (e) => { focusOnTarget = e.target.classList?.contains('search-hit') ?? false; });
}

// What the user asks for (a search, opening a result) is asked once: a refusal is shown. The pages fetched on their
// own (newer ones while scrolling, the latest on closing a window) wait out a refusal as too fast (reads.js).
const ask = (event, payload) => chat.socket()?.timeout(10000).emitWithAck(event, payload).catch(() => null)
  ?? Promise.resolve(null);
const fetchPage = (event, payload) => (chat.socket() ? read(chat.socket(), event, payload).catch(() => null)
  : Promise.resolve(null));

function status(text) {
  $('search-status').textContent = text;
}

function clearResults() {
  query = null;
  $('search-results').replaceChildren();
  $('search-more').hidden = true;
  status('');
}

async function search(q, before = null) {
  if (!q.trim()) {
    clearResults();
    return;
  }
  const res = await ask('search', before ? { q, before } : { q });
  if (!res) {
    status('Not connected: try again in a moment');
    return;
  }
  if (!res.ok) {
    status(res.error);
    return;
  }
  const list = $('search-results');
  if (!before) list.replaceChildren();
  for (const r of res.results) list.append(resultItem(r));
  query = { q, next: res.next };
  $('search-more').hidden = !res.next;
  const n = list.children.length;
  const shown = `${n.toLocaleString('en-US')}${res.next ? '+' : ''}`;
  status(n === 0 ? 'No messages found' : `${shown} message${n === 1 ? '' : 's'} found`);
}

/** One result: where, who and when, then the snippet with its matches marked; a button that opens it. */
function resultItem(r) {
  const li = document.createElement('li');
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'search-result';
  b.dataset.id = String(r.message.id);
  const where = r.room ? `#${r.room}` : `@${r.with}`;
  const head = document.createElement('span');
  head.className = 'search-head';
  const when = document.createElement('time');
  when.dateTime = new Date(r.message.ts).toISOString();
  when.textContent = new Date(r.message.ts).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  head.append(chat.span('search-where', where), chat.span('search-from', r.message.from), when);
  const snippet = document.createElement('span');
  snippet.className = 'search-snippet';
  for (const part of r.snippet) {
    if (part.match) {
      const mark = document.createElement('mark');
      mark.textContent = part.text;
      snippet.append(mark);
    } else {
      snippet.append(part.text);
    }
  }
  b.append(head, snippet);
  b.addEventListener('click', () => openResult(r));
  li.append(b);
  return li;
}

/** Arrow keys move between the results (and up from the first, back to the field). */
function moveBetweenResults(e) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const buttons = [...$('search-results').querySelectorAll('button')];
  const i = buttons.indexOf(document.activeElement);
  if (i < 0) return;
  e.preventDefault();
  const next = e.key === 'ArrowDown' ? buttons[i + 1] ?? buttons[i] : buttons[i - 1] ?? $('search');
  next.focus();
}

/** Opens a result: its conversation, at the page around it, scrolled to it and highlighted. */
async function openResult(r) {
  const key = r.room ? `#${r.room}` : `@${r.with}`;
  const where = r.room ? { room: r.room } : { with: r.with };
  const res = await ask('history:around', { ...where, id: r.message.id });
  if (!res?.ok) {
    status(res?.error ?? 'Not connected: try again in a moment');
    return;
  }
  target = { key, id: r.message.id };
  chat.open(key); // also (re)joins the room or fetches the conversation's latest page: hidden behind the window
  const v = chat.view(key);
  // No "new messages" line to scroll to: the user asked for this message.
  v.findNew = false;
  v.showNew = false;
  v.newFrom = null;
  // The window replaces what the view held (older and newer pages are fetched from it); unsent messages stay.
  v.messages = v.messages.filter((m) => m.status === 'pending');
  const last = res.messages[res.messages.length - 1];
  v.searchWindow = res.hasNewer ? { end: last.id, ts: last.ts } : null;
  chat.merge(key, res.messages);
  chat.render();
  placeTarget();
}

/** Scrolls the opened message to the middle of the list and gives it the focus (it is announced). */
function placeTarget() {
  const list = $('messages');
  const li = list.querySelector(`li[data-key="id:${target.id}"]`);
  if (!li) return;
  const offset = li.getBoundingClientRect().top - list.getBoundingClientRect().top;
  chat.scrollListTo(list.scrollTop + offset - (list.clientHeight - li.offsetHeight) / 2);
  chat.setPinned(list.scrollHeight - list.scrollTop - list.clientHeight <= 4);
  li.tabIndex = -1;
  li.focus({ preventScroll: true });
  focusOnTarget = true;
  fetchNewerNearTheEnd();
}

function markTarget() {
  if (!target) return;
  if (chat.current() !== target.key) {
    target = null; // another conversation was opened
    return;
  }
  const li = $('messages').querySelector(`li[data-key="id:${target.id}"]`);
  if (li && !li.classList.contains('search-hit')) {
    li.classList.add('search-hit');
    li.setAttribute('aria-current', 'true');
    li.tabIndex = -1;
    // The focused one was replaced (the focus fell back to the page): the new one takes it.
    if (focusOnTarget && (document.activeElement === document.body || !document.activeElement)) {
      li.focus({ preventScroll: true });
    }
  }
}

/** Near the end of a window: its next newer page; the window closes with the page that reaches the newest. */
async function fetchNewerNearTheEnd() {
  const key = chat.current();
  const v = chat.view(key);
  const list = $('messages');
  if (!v.searchWindow || fetchingNewer || list.scrollHeight - list.scrollTop - list.clientHeight > NEAR_BOTTOM) return;
  fetchingNewer = true;
  try {
    const where = key.startsWith('#') ? { room: key.slice(1) } : { with: key.slice(1) };
    const res = await fetchPage('history:newer', { ...where, after: v.searchWindow.end });
    if (!res?.ok || chat.current() !== key || !v.searchWindow) return;
    const last = res.messages[res.messages.length - 1];
    v.searchWindow = res.hasNewer && last ? { end: last.id, ts: last.ts } : null;
    chat.merge(key, res.messages);
    chat.render({ anchor: true }); // below what is read: it stays where it is
  } finally {
    fetchingNewer = false;
  }
}

/** Back to live: the latest page instead of the window ("Jump to latest", or a message sent). */
async function closeWindow(key) {
  const v = chat.view(key);
  if (!v.searchWindow) return;
  v.searchWindow = null;
  v.messages = v.messages.filter((m) => m.status === 'pending');
  target = null;
  const res = key.startsWith('#')
    ? await fetchPage('history', { room: key.slice(1), before: 0 })
    : await fetchPage('private:history', { with: key.slice(1), before: 0 });
  if (res?.ok) chat.merge(key, res.messages);
  if (chat.current() === key) {
    chat.setPinned(true);
    chat.render();
  }
}
