// What every page shares besides the API: the toast for errors and notices, and the message for the login page.
import { $ } from './dom.js';

let loginMessage = '';
let timer = null;

/** Shows an error (or, with kind 'info', a notice) in #toast; errors of the API carry their code. */
export function toast(message, kind = 'error') {
  const t = $('#toast');
  t.textContent = message;
  t.className = `toast-${kind}`;
  t.hidden = false;
  clearTimeout(timer);
  timer = setTimeout(() => { t.hidden = true; }, kind === 'error' ? 15000 : 5000);
}

/** The text of an error for #toast: the API's code and message, or the exception. */
export function explain(e) {
  return e && typeof e.describe === 'function' ? e.describe() : `ERROR: ${e && e.message ? e.message : e}`;
}

/** Shows the error of a failed action, unless it was a 401 (the app then shows the login page). */
export function failed(e) {
  if (e && e.status === 401) return;
  toast(explain(e));
}

export function setLoginMessage(m) {
  loginMessage = m;
}

export function takeLoginMessage() {
  const m = loginMessage;
  loginMessage = '';
  return m;
}
