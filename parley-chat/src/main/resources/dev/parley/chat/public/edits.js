// Editing and deleting messages, and moderation (docs/chat.md, "Editing and deleting", "Moderators").
// chat.js owns the conversations and draws them; this module adds, to each message it draws, the "edited" marker,
// the tombstone of a deleted one, the inline editor and the Edit/Delete buttons, and to a room's header the
// moderators' "Remove from room". User text only ever reaches the page through textContent and form values.

import { countMention, mentionsMe } from './mentions.js';
import { read } from './reads.js';

// A change's time is the server's clock when it was stored: a client coming back asks for the changes since the
// latest server time it had seen, minus this margin, for a change stamped just before a message it saw but stored
// after it (or stamped by another node). Changes are applied by id, so seeing one twice does no harm.
const CLOCK_SLACK_MS = 60_000;

const changedAt = (m) => m.deleted ?? m.edited ?? 0;
const fullTime = (ts) => new Date(ts).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'medium' });

/**
 * The newer of two versions of one message: a deletion is final, a later edit wins. History pages and live
 * changes can cross on the wire: an older copy never undoes a newer one. A tombstone has no file left.
 */
export function newest(old, m) {
  if ((old.deleted && !m.deleted) || changedAt(old) > changedAt(m)) {
    return { ...m, text: old.text, mentions: old.mentions, edited: old.edited, deleted: old.deleted,
      deletedBy: old.deletedBy, file: old.file };
  }
  return m.deleted ? { ...m, file: undefined } : m;
}

/**
 * The edit and delete actions over chat.js's state, reached through `ctx`: view(key), keyOf(m), render(),
 * me(), current(), members() (room -> Set of nicknames), socket(), showError(text), addNotice(key, text, ts),
 * renderSidebar().
 */
export function messageChanges(ctx) {
  let moderator = false;
  let editing = null; // { id, draft, selection: [start, end], error } while a message is being edited
  let confirming = null; // the id of the message whose deletion waits for "Yes, delete"
  let focusKey = null; // the control of this module that had the keyboard focus: given back after a redraw
  let moderationOpen = false;

  // ---- applying what the server says ----

  /** Replaces a message this page has by its version from the server; one it does not have is not added. */
  function apply(m, redraw = true) {
    const key = ctx.keyOf(m);
    const v = ctx.view(key);
    const i = v.messages.findIndex((x) => x.id === m.id);
    if (i < 0) return;
    const old = v.messages[i];
    const now = newest(old, m);
    // Mentions go with the text: an edit that removed them leaves none (absent on the wire means nobody).
    v.messages[i] = { ...old, ...now, mentions: now.mentions, status: old.status ?? m.status };
    // Mentioned by an edit while in the room (outside it, the server sends `mention`): unread as a new mention is.
    if (redraw && !mentionsMe(old, ctx.me()) && mentionsMe(v.messages[i], ctx.me())) {
      countMention(key);
      ctx.renderSidebar();
    }
    if (m.deleted && editing?.id === m.id) editing = null;
    if (m.deleted && confirming === m.id) confirming = null;
    if (redraw && key === ctx.current()) ctx.render();
  }

  /** The latest server time this view knows of (0: none): where catching up starts. */
  function lastKnown(key) {
    return ctx.view(key).messages.reduce((max, m) => (m.id ? Math.max(max, m.ts, changedAt(m)) : max), 0);
  }

  /**
   * After a disconnection that recovery did not bridge: what was edited or deleted since `since` (from lastKnown,
   * taken before the fresh history was merged) among the messages this page shows, page by page.
   */
  async function catchUp(where, key, since) {
    if (!since) return;
    let cursor = { since: since - CLOCK_SLACK_MS, after: 0 };
    while (cursor) {
      const res = ctx.socket() ? await read(ctx.socket(), 'changes', { ...where, ...cursor }).catch(() => null) : null;
      if (!res?.ok) return;
      for (const m of res.messages) apply(m, false);
      cursor = res.next;
    }
    if (key === ctx.current()) ctx.render();
  }

  function attach(socket) {
    socket.on('session', (s) => {
      moderator = s.moderator === true;
      renderModeration();
      ctx.render();
    });
    socket.on('message:change', (m) => apply(m));
    // Taken out of a room by a moderator: chat.js has closed it (room:left); say why where the user now is.
    socket.on('room:left', (r) => {
      if (!r.removedBy) return;
      const why = `You were removed from #${r.room} by ${r.removedBy}`;
      ctx.addNotice(ctx.current(), why, Date.now());
      ctx.showError(why);
    });
  }

  // ---- requests ----

  async function request(event, payload) {
    const socket = ctx.socket();
    if (!socket?.connected) return { ok: false, error: 'Not connected: try again in a moment' };
    return (await socket.timeout(10000).emitWithAck(event, payload).catch(() => null))
      ?? { ok: false, error: 'No answer from the server: try again' };
  }

  async function save(m) {
    const text = editing.draft.trim();
    if (text === m.text) {
      stopEditing(m.id);
      return;
    }
    const res = await request('message:edit', { id: m.id, text });
    if (editing?.id !== m.id) return;
    if (!res.ok) {
      // Refused (too long, too fast, offline): the text stays in the editor with the reason.
      editing.error = res.error;
      ctx.render();
      return;
    }
    editing = null;
    focusKey = `${m.id}:edit`;
    apply(res.message);
  }

  async function remove(m) {
    confirming = null;
    const res = await request('message:delete', { id: m.id });
    if (!res.ok) {
      ctx.showError(res.error);
      focusKey = `${m.id}:delete`;
      ctx.render();
      return;
    }
    apply(res.message);
  }

  function stopEditing(id) {
    editing = null;
    focusKey = `${id}:edit`;
    ctx.render();
  }

  // ---- drawing ----

  /** A control of this module; it gets the focus back after a redraw that took it away. */
  function control(tag, focus, setup) {
    const el = document.createElement(tag);
    el.dataset.focusKey = focus;
    el.addEventListener('focus', () => { focusKey = focus; });
    el.addEventListener('blur', (e) => { if (e.relatedTarget && focusKey === focus) focusKey = null; });
    setup(el);
    if (focusKey === focus) {
      // Drawn while the list is being rebuilt: focused once it is in the page, unless the user went elsewhere.
      queueMicrotask(() => {
        const active = document.activeElement;
        if (el.isConnected && (!active || active === document.body)) el.focus();
      });
    }
    return el;
  }

  function button(label, focus, onClick, aria) {
    return control('button', focus, (b) => {
      b.type = 'button';
      b.textContent = label;
      if (aria) b.setAttribute('aria-label', aria);
      b.addEventListener('click', onClick);
    });
  }

  function editor(m) {
    const form = document.createElement('form');
    form.className = 'edit-form';
    const box = control('textarea', `${m.id}:editor`, (t) => {
      t.className = 'edit-text';
      t.rows = 2;
      t.value = editing.draft;
      t.setAttribute('aria-label', 'Edit message (Enter saves, Escape cancels, Shift+Enter for a new line)');
      const [start, end] = editing.selection ?? [t.value.length, t.value.length];
      t.setSelectionRange(start, end);
      const keep = () => { if (editing) editing.selection = [t.selectionStart, t.selectionEnd]; };
      t.addEventListener('input', () => { editing.draft = t.value; editing.error = null; keep(); });
      t.addEventListener('keyup', keep);
      t.addEventListener('click', keep);
      t.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' && !e.shiftKey) {
          e.preventDefault();
          save(m);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          stopEditing(m.id);
        }
      });
    });
    form.addEventListener('submit', (e) => { e.preventDefault(); save(m); });
    const error = document.createElement('p');
    error.className = 'error edit-error';
    error.setAttribute('role', 'alert');
    error.textContent = editing.error ?? '';
    form.append(box, button('Save', `${m.id}:save`, () => save(m)),
      button('Cancel', `${m.id}:cancel`, () => stopEditing(m.id)), error);
    return form;
  }

  function actions(m, mine) {
    const bar = document.createElement('span');
    bar.className = 'message-actions';
    if (confirming === m.id) {
      const ask = document.createElement('span');
      ask.textContent = 'Delete this message?';
      bar.append(ask,
        button('Yes, delete', `${m.id}:confirm`, () => remove(m)),
        button('Cancel', `${m.id}:keep`, () => { confirming = null; focusKey = `${m.id}:delete`; ctx.render(); }));
      bar.addEventListener('keydown', (e) => {
        if (e.key === 'Escape') { confirming = null; focusKey = `${m.id}:delete`; ctx.render(); }
      });
      return bar;
    }
    if (mine) {
      bar.append(button('Edit', `${m.id}:edit`, () => {
        editing = { id: m.id, draft: m.text, selection: null, error: null };
        confirming = null;
        focusKey = `${m.id}:editor`;
        ctx.render();
      }, 'Edit message'));
    }
    bar.append(button('Delete', `${m.id}:delete`, () => {
      confirming = m.id;
      focusKey = `${m.id}:keep`; // the choice that loses nothing
      ctx.render();
    }, mine ? 'Delete message' : `Delete ${m.from}'s message`));
    return bar;
  }

  /** Adds to a drawn message (an `li` with `.text`) what this module knows about it. */
  function decorate(li, m) {
    if (!m.id || m.notice) return;
    const text = li.querySelector('.text');
    if (m.deleted) {
      li.classList.add('deleted');
      li.querySelector('.status')?.remove();
      text.textContent = m.deletedBy && m.deletedBy !== m.from ? 'message deleted by a moderator' : 'message deleted';
      return;
    }
    if (m.edited) {
      const mark = document.createElement('span');
      mark.className = 'edited';
      mark.textContent = '(edited)';
      mark.title = `Edited ${fullTime(m.edited)}`;
      text.after(mark);
    }
    const mine = m.from === ctx.me();
    if (mine && editing?.id === m.id) {
      text.replaceWith(editor(m));
      return;
    }
    if (mine || (moderator && m.room)) li.append(actions(m, mine));
  }

  /** The moderators' "Remove from room" on each member of the open room (not in #general: everyone is there). */
  function renderModeration() {
    const box = document.getElementById('moderation');
    const key = ctx.current();
    const room = key.startsWith('#') ? key.slice(1) : null;
    const others = [...(ctx.members().get(room) ?? [])].filter((n) => n !== ctx.me()).sort();
    box.hidden = !moderator || !room || room === 'general' || others.length === 0;
    box.replaceChildren();
    if (box.hidden) return;
    const details = document.createElement('details');
    details.open = moderationOpen;
    details.addEventListener('toggle', () => { moderationOpen = details.open; });
    const summary = control('summary', 'moderate', (s) => { s.textContent = 'Moderate'; });
    const list = document.createElement('ul');
    for (const nick of others) {
      const li = document.createElement('li');
      const name = document.createElement('span');
      name.textContent = nick;
      li.append(name, button('Remove from room', `remove:${nick}`, async () => {
        const res = await request('room:remove', { room, nickname: nick });
        if (!res.ok) ctx.showError(res.error);
      }, `Remove ${nick} from #${room}`));
      list.append(li);
    }
    details.append(summary, list);
    box.append(details);
  }

  return { attach, decorate, lastKnown, catchUp, renderModeration };
}
