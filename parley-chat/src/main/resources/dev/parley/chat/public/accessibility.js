// What the page does for keyboard and screen reader users beyond its markup (issue 17 §2).

// Signed in (a nickname, a returning token, or whatever other way ends with the chat shown): the keyboard's focus
// goes to the composer, where the user writes next. Watched on #app itself so that every way in does it, once
// per appearance (a reconnection, which keeps the chat shown, leaves the focus where the user put it).
const app = document.getElementById('app');
let appShown = !app.hidden;
new MutationObserver(() => {
  if (appShown === !app.hidden) return;
  appShown = !app.hidden;
  if (appShown) document.getElementById('text').focus();
}).observe(app, { attributes: true, attributeFilter: ['hidden'] });

/**
 * Reads out a message that arrived in the open conversation. The list itself is redrawn whole on every change,
 * so it cannot be a live region (a screen reader would read it all again): one polite region says what is new.
 */
export function announceMessage(m) {
  const what = m.text || (m.file ? `sent ${m.file.name}` : '');
  document.getElementById('announcer').textContent = `${m.from}: ${what}`;
}
