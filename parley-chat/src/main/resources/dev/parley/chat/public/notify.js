// Browser notifications (docs/chat.md, "Notifications"): off by default; the browser's permission is asked only
// when the user turns them on (never when the page loads). Shown only while the tab is hidden.

const PREF = 'parley.notifications';
const supported = () => 'Notification' in window;

/** On: the user turned them on here, and the browser allows them. */
export const notificationsOn = () => localStorage.getItem(PREF) === 'on' && supported()
  && Notification.permission === 'granted';

/** The switch (a toggle button) and the line that says why they cannot be turned on. */
export function setupNotifications(button, status) {
  const draw = () => {
    const on = notificationsOn();
    button.setAttribute('aria-pressed', String(on));
    button.textContent = on ? 'Notifications: on' : 'Notifications: off';
  };
  button.addEventListener('click', async () => {
    status.textContent = '';
    if (notificationsOn()) {
      localStorage.setItem(PREF, 'off');
    } else if (!supported()) {
      status.textContent = 'This browser cannot show notifications';
    } else {
      // Asked here, on the user's click: the browser answers at once if it was decided before.
      const answer = await Notification.requestPermission();
      localStorage.setItem(PREF, answer === 'granted' ? 'on' : 'off');
      if (answer !== 'granted') status.textContent = 'Notifications are blocked for this site in the browser';
    }
    draw();
  });
  draw();
}

/**
 * Shows a notification while the tab is hidden, if they are on. One per conversation at a time (`tag`); a click
 * brings the tab forward and opens the conversation (`onClick`).
 */
export function notifyIfHidden(title, body, tag, onClick) {
  if (document.visibilityState !== 'hidden' || !notificationsOn()) return;
  let shown;
  try {
    shown = new Notification(title, { body: body.length > 120 ? `${body.slice(0, 119)}…` : body, tag });
  } catch {
    return; // some browsers (Chrome on Android) allow notifications only from a service worker: none then
  }
  shown.onclick = () => {
    window.focus();
    onClick();
    shown.close();
  };
}
