// Mentions on the chat page (docs/chat.md, "Mentions"): completing @nick while typing, highlighting the messages
// that mention the reader, and the per-room count of unread mentions the server keeps. Which names a message
// mentions is the server's answer (its `mentions`); this module never guesses it. User text is only ever put
// into text nodes.
import { read } from './reads.js';

const MAX_OPTIONS = 8;
// An @ at the start or after a character that cannot be part of a name (as the server reads it), then the name
// typed so far, up to the caret.
const TYPING = /(^|[^\p{L}\p{N}_@])@([^\s@]{0,32})$/u;
const WRITTEN = /(^|[^\p{L}\p{N}_@])@([^\s@]+)/gu;
const TRAILING = /[\p{P}]+$/u;

/** A name as the server compares names: NFKC, then case-insensitively. */
const fold = (name) => name.normalize('NFKC').toLowerCase();

// ---- completion ----

/**
 * Makes the composer a combobox that offers nicknames after "@": `candidates()` lists them, most relevant first.
 * ArrowDown/ArrowUp choose, Tab or Enter completes, Escape dismisses (until another "@" is typed); a click
 * completes too. Names with a space are not offered: a mention ends at whitespace.
 */
export function attachCompleter(box, list, candidates) {
  let options = [];
  let active = -1;
  let dismissed = null; // the position of the "@" whose suggestions Escape dismissed
  box.setAttribute('role', 'combobox');
  box.setAttribute('aria-autocomplete', 'list');
  box.setAttribute('aria-controls', list.id);
  box.setAttribute('aria-expanded', 'false');
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', 'People to mention');

  const typed = () => {
    const before = box.value.slice(0, box.selectionStart);
    const found = TYPING.exec(before);
    return found && box.selectionStart === box.selectionEnd
      ? { start: before.length - found[2].length - 1, query: fold(found[2]) } : null;
  };

  function close() {
    options = [];
    active = -1;
    list.hidden = true;
    list.replaceChildren();
    box.setAttribute('aria-expanded', 'false');
    box.removeAttribute('aria-activedescendant');
  }

  function update() {
    const token = typed();
    if (!token || token.start === dismissed) {
      close();
      return;
    }
    dismissed = null;
    const seen = new Set();
    options = candidates().filter((name) => {
      const key = fold(name);
      if (seen.has(key) || /\s/u.test(name) || !key.startsWith(token.query)) return false;
      seen.add(key);
      return true;
    }).slice(0, MAX_OPTIONS);
    if (!options.length) {
      close();
      return;
    }
    active = 0;
    draw();
  }

  function draw() {
    list.replaceChildren(...options.map((name, i) => {
      const li = document.createElement('li');
      li.id = `mention-option-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', String(i === active));
      li.textContent = name;
      li.addEventListener('mousedown', (e) => e.preventDefault()); // the composer keeps the focus
      li.addEventListener('click', () => complete(i));
      return li;
    }));
    list.hidden = false;
    box.setAttribute('aria-expanded', 'true');
    box.setAttribute('aria-activedescendant', `mention-option-${active}`);
  }

  function complete(i) {
    const token = typed();
    if (!token) return;
    const inserted = `@${options[i]} `;
    const caret = box.selectionStart;
    box.value = box.value.slice(0, token.start) + inserted + box.value.slice(caret);
    box.selectionStart = box.selectionEnd = token.start + inserted.length;
    close();
    box.focus();
  }

  // In the capture phase: these keys are the list's while it is open, not the composer's (Enter would send).
  box.addEventListener('keydown', (e) => {
    if (list.hidden) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      active = (active + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length;
      draw();
    } else if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey) {
      complete(active);
    } else if (e.key === 'Escape') {
      dismissed = typed()?.start ?? null;
      close();
    } else {
      return;
    }
    e.preventDefault();
    e.stopImmediatePropagation();
  }, true);
  box.addEventListener('input', update);
  box.addEventListener('click', update);
  box.addEventListener('blur', close);
}

// ---- highlighting ----

/** True if the message mentions `me` (the server's list) and is not theirs. */
export const mentionsMe = (m, me) => Boolean(me && m.from !== me && m.mentions?.includes(me));

/** Wraps each "@name" of the text that the server recognised in a span.mention (span.mention.me for the reader). */
export function highlightMentions(el, mentions, me) {
  if (!mentions?.length) return;
  const byFold = new Map(mentions.map((name) => [fold(name), name]));
  const texts = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    if (!walker.currentNode.parentElement.closest('a')) texts.push(walker.currentNode);
  }
  for (const node of texts) {
    const text = node.data;
    const parts = [];
    let last = 0;
    for (const found of text.matchAll(WRITTEN)) {
      let name = found[2];
      if (!byFold.has(fold(name))) name = name.replace(TRAILING, '');
      const who = byFold.get(fold(name));
      if (!who) continue;
      const at = found.index + found[1].length;
      parts.push(text.slice(last, at));
      const span = document.createElement('span');
      span.className = who === me ? 'mention me' : 'mention';
      span.textContent = `@${name}`;
      parts.push(span);
      last = at + name.length + 1;
    }
    if (parts.length) node.replaceWith(...parts, text.slice(last));
  }
}

// ---- unread mentions per room (the server's stored read marks) ----

const unread = new Map(); // "#room" -> mentions of the reader not read yet
const readUpTo = new Map(); // "#room" -> the newest message id already reported read

/** The server's counts (`mentions`), after each connect. */
export async function loadMentions(socket) {
  const res = await read(socket, 'mentions', {}).catch(() => null);
  if (!res?.ok) return;
  unread.clear();
  for (const r of res.rooms) unread.set(`#${r.room}`, r.unread);
}

export const mentionCount = (key) => unread.get(key) ?? 0;

/** The rooms with a mention count ("#room"), read or not. */
export const mentionRooms = () => [...unread.keys()];

/** A mention arrived live (not read yet: the room is not open in a visible tab, or will be reported read). */
export function countMention(key) {
  unread.set(key, mentionCount(key) + 1);
}

/** Another tab of the reader read them (`mentions:read`). */
export function mentionsReadElsewhere(key, left) {
  unread.set(key, left);
}

/**
 * The reader sees the room: its mentions up to its newest message are read, for good (`mentions:read`). Only
 * when some are unread, and once per newest message.
 */
export function readMentions(socket, key, messages) {
  const newest = messages.reduce((max, m) => Math.max(max, m.id ?? 0), 0);
  if (!mentionCount(key) || !newest || (readUpTo.get(key) ?? 0) >= newest || !socket?.connected) return;
  readUpTo.set(key, newest);
  unread.set(key, 0);
  read(socket, 'mentions:read', { room: key.slice(1), upTo: newest })
    .then((res) => { if (res?.ok) unread.set(key, res.unread); else readUpTo.delete(key); })
    .catch(() => readUpTo.delete(key)); // no answer: again next time
}

/** The badge of a room's unread mentions in the sidebar ("@2"), or null. */
export function mentionBadge(key) {
  const n = mentionCount(key);
  if (!n) return null;
  const badge = document.createElement('span');
  badge.className = 'mention-count';
  badge.textContent = `@${n}`;
  badge.title = `${n} unread mention${n === 1 ? '' : 's'}`;
  badge.setAttribute('aria-label', badge.title);
  return badge;
}
