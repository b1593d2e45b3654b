// Accounts (docs/chat.md, "Accounts"): the login's password and its "sign in" choice, the account panel (set or
// change the password) and "Sign out everywhere". Server sentences reach the page through textContent only.
const $ = (id) => document.getElementById(id);
const NOTICE = 'parley.signedOut'; // sessionStorage: why the page went back to the login, shown once after the reload

let account = null; // from 'session': { secured, mode, minPasswordLength, maxPasswordLength }
let passwordRequired = localStorage.getItem('parley.passwordRequired') === 'true'; // learnt from a refusal

const signingIn = () => $('mode-signin').checked;

/** The Socket.IO auth of a login: a new nickname (with its password if one was typed), or a sign-in. */
export function loginAuth(nickname) {
  const password = $('password').value;
  if (signingIn()) return { nickname, password, mode: 'signin' };
  return password ? { nickname, password } : { nickname };
}

/**
 * Shows a refused login beside its field: password problems beside the password (true), anything else is the
 * caller's to show beside the form (false).
 */
export function showLoginError(message, code) {
  $('password-error').textContent = '';
  if (code === 'password_required' && !signingIn()) {
    passwordRequired = true;
    localStorage.setItem('parley.passwordRequired', 'true');
    renderLogin();
  }
  if (code?.startsWith('password')) {
    $('password-error').textContent = message;
    return true;
  }
  return false;
}

/** Why the last page went back to the login (signed out everywhere), once; null if it did not. */
export function takeNotice() {
  const notice = sessionStorage.getItem(NOTICE);
  sessionStorage.removeItem(NOTICE);
  return notice;
}

/** Keeps the reason for the login shown after the reload that forgets the revoked session. */
export function leaveNotice(message) {
  sessionStorage.setItem(NOTICE, message);
}

/** The server's 'session' arrived: the password typed for it is no longer needed; the panel shows the account. */
export function onSession(session) {
  $('password').value = '';
  $('password-error').textContent = '';
  account = session.account ?? null;
  if (account) {
    passwordRequired = account.mode === 'required';
    localStorage.setItem('parley.passwordRequired', String(passwordRequired));
  }
  renderAccount();
}

function renderLogin() {
  const signin = signingIn();
  $('login-form').querySelector('button[type="submit"]').textContent = signin ? 'Sign in' : 'Join the chat';
  document.querySelector('label[for="nickname"]').firstChild.textContent = signin ? 'Your nickname' : 'Pick a nickname';
  $('password-hint').textContent = signin ? ''
    : passwordRequired ? '(required on this server)' : '(optional: lets you sign in on other devices)';
  $('password').autocomplete = signin ? 'current-password' : 'new-password';
  $('password').required = signin || passwordRequired;
  $('password-error').textContent = '';
}

function renderAccount(saved) {
  const secured = Boolean(account?.secured);
  $('account-state').textContent = saved ? 'Password saved: sign in with it on your other devices.'
    : secured ? 'Your nickname is secured by a password: sign in with it on your other devices.'
      : 'Your nickname has no password yet: set one to sign in on other devices and keep the name yours.';
  $('current-password').hidden = !secured;
  $('current-password-label').hidden = !secured;
  $('set-password').textContent = secured ? 'Change password' : 'Set password';
  // Without a password nobody could sign in to the nickname again: the server refuses it, the page hides it.
  $('signout-all').hidden = !secured;
}

/** Wires the login's choice and the account panel; {@code socket} gives the current connection. */
export function wireAccounts(socket) {
  for (const id of ['mode-register', 'mode-signin']) $(id).addEventListener('change', renderLogin);
  $('password').addEventListener('input', () => { $('password-error').textContent = ''; });
  renderLogin();
  $('password-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const payload = { password: $('new-password').value };
    if (account?.secured) payload.current = $('current-password').value;
    const res = await request(socket(), 'account:password', payload);
    if (!res?.ok) return;
    account = { ...account, secured: true };
    $('new-password').value = '';
    $('current-password').value = '';
    renderAccount(true);
  });
  for (const id of ['new-password', 'current-password']) {
    $(id).addEventListener('input', () => { $('account-error').textContent = ''; });
  }
  // On success every connection of the user gets 'session:revoked', this one too: the page goes to the login then.
  $('signout-all').addEventListener('click', () => request(socket(), 'account:signout-all', {}));
}

/** Sends an account request; shows its refusal beside the panel's fields and returns the answer (null: none). */
async function request(socket, event, payload) {
  $('account-error').textContent = '';
  if (!socket?.connected) {
    $('account-error').textContent = 'Not connected: try again in a moment';
    return null;
  }
  // Hashing is slow on purpose and queued on the server: a generous timeout.
  const res = await socket.timeout(30000).emitWithAck(event, payload).catch(() => null);
  if (!res?.ok) $('account-error').textContent = res?.error ?? 'No answer from the server: try again';
  return res;
}
