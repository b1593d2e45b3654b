// The sidebar as a drawer on narrow screens (below 40rem, as in chat.css): #menu opens it over the conversation,
// which stays out of reach (inert) until it closes: Escape, a tap beside it, or a room or person picked. On a wide
// screen the sidebar is always there and none of this applies.
const NARROW = window.matchMedia('(max-width: 40rem)');
const $ = (id) => document.getElementById(id);
const menu = $('menu');
const sidebar = $('sidebar');
const scrim = $('scrim');
const conversation = document.querySelector('.conversation');

const isOpen = () => sidebar.classList.contains('open');

function openDrawer() {
  sidebar.classList.add('open');
  menu.setAttribute('aria-expanded', 'true');
  scrim.hidden = false;
  conversation.inert = true;
  // The keyboard starts where the user is: the open conversation's entry, else the first control.
  (sidebar.querySelector('.list [aria-current="true"]') ?? sidebar.querySelector('button, input'))?.focus();
}

/** Closes the drawer; focus that was in it goes back to the menu button (it would be lost in a hidden drawer). */
export function closeDrawer() {
  if (!isOpen()) return;
  const hadFocus = sidebar.contains(document.activeElement);
  sidebar.classList.remove('open');
  menu.setAttribute('aria-expanded', 'false');
  scrim.hidden = true;
  conversation.inert = false;
  if (hadFocus && NARROW.matches) menu.focus();
}

menu.addEventListener('click', () => (isOpen() ? closeDrawer() : openDrawer()));
scrim.addEventListener('click', closeDrawer);
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && isOpen()) {
    e.preventDefault();
    closeDrawer();
  }
});
// Turned to a wide screen (a phone rotated, a window resized): the sidebar is a column again, nothing is inert.
NARROW.addEventListener('change', () => { if (!NARROW.matches) closeDrawer(); });

// What is unread in the other conversations shows on the menu button, since the drawer hides the counts.
const unreadBadge = $('menu-unread');
function countUnread() {
  const total = [...sidebar.querySelectorAll('.list .unread')].reduce((sum, el) => sum + (Number(el.textContent) || 0), 0);
  unreadBadge.hidden = total === 0;
  const words = document.createElement('span');
  words.className = 'visually-hidden';
  words.textContent = ' unread';
  unreadBadge.replaceChildren(String(total), words);
}
new MutationObserver(countUnread).observe(sidebar, { childList: true, subtree: true });
