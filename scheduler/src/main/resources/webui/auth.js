// Who uses the UI. Without users (no --http-credentials) everyone is an admin and nothing is asked. With users the UI
// shows its own login form and sends the credentials as HTTP Basic with each request; they are kept in this tab's
// sessionStorage only, gone when the tab closes or on Log out. Every request carries X-Requested-With, so that a
// 401 comes without the realm's challenge and the browser never asks for credentials itself.
import {fill, h, uid} from './dom.js';

const KEY = 'pacer.credentials';
const WHOAMI = '/v2/pacer/whoami';
const RETRY_MS = 2000;
let who = {user: null, role: 'admin', authentication: 'none'};

/** The headers every request to Pacer carries: {@code extra}, the marker of a script's request, the credentials. */
export function headers(extra = {}) {
  const credentials = sessionStorage.getItem(KEY);
  return {...extra, 'X-Requested-With': 'XMLHttpRequest', ...(credentials ? {Authorization: `Basic ${credentials}`} : {})};
}

export const isAdmin = () => who.role === 'admin';

/** {@code children} for an admin, nothing for a viewer: a viewer is not shown actions the API would refuse. */
export const adminOnly = (...children) => isAdmin() ? children : null;

/** Forgets the credentials and starts over at the login form (Log out, or credentials Pacer no longer takes). */
export function logOut() {
  sessionStorage.removeItem(KEY);
  location.reload();
}

/** base64 of the UTF-8 bytes of {@code text} (btoa alone takes Latin-1 only). */
const base64 = text => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

/** GET whoami: {ok: true} once known, else {status, message}; waits out Pacer being unreachable or starting. */
async function identify() {
  for (;;) {
    try {
      const response = await fetch(WHOAMI, {headers: headers({Accept: 'application/json'}), cache: 'no-store'});
      if (response.ok) {
        who = await response.json();
        return {ok: true};
      }
      if (response.status === 401 || response.status === 429) {
        const body = await response.json().catch(() => ({}));
        return {status: response.status, message: body.message || `HTTP ${response.status}`};
      }
    } catch {
      // not reachable: try again
    }
    await new Promise(resolve => setTimeout(resolve, RETRY_MS));
  }
}

/** Shows who is logged in and Log out in the page's header; nothing when Pacer asks for no credentials. */
function showUser() {
  const el = document.getElementById('who');
  if (who.authentication === 'none') return;
  fill(el, h('span', {id: 'who-name'}, who.user), ' ', h('span', {class: 'role', id: 'who-role'}, who.role), ' ',
      h('button', {type: 'button', id: 'logout', onclick: logOut}, 'Log out'));
  el.hidden = false;
  document.getElementById('nav-create').hidden = !isAdmin();
}

/**
 * Resolves once the user is known: at once with the credentials this tab holds or when Pacer asks for none,
 * else after the login form in {@code view} took credentials Pacer accepts.
 */
export async function loggedIn(view) {
  let answer = await identify();
  if (answer.status === 401 && sessionStorage.getItem(KEY)) {
    sessionStorage.removeItem(KEY); // no longer taken (a changed password, a restarted Pacer)
    answer = await identify();
  }
  if (!answer.ok) await loginForm(view, answer.status === 429 ? answer.message : '');
  showUser();
}

function loginForm(view, notice) {
  const userId = uid('login-user');
  const passwordId = uid('login-password');
  const error = h('p', {class: 'error', id: 'login-error', role: 'alert'}, notice);
  const user = h('input', {id: userId, name: 'username', autocomplete: 'username', required: true});
  const password = h('input', {id: passwordId, name: 'password', type: 'password', autocomplete: 'current-password', required: true});
  return new Promise(resolve => {
    const submit = async event => {
      event.preventDefault();
      sessionStorage.setItem(KEY, base64(`${user.value}:${password.value}`));
      const answer = await identify();
      if (answer.ok) {
        resolve();
        return;
      }
      sessionStorage.removeItem(KEY);
      fill(error, answer.status === 401 ? 'Wrong user name or password.' : answer.message);
      password.select();
    };
    fill(view, h('section', {class: 'login'},
        h('h1', {}, 'Log in to Pacer'),
        h('form', {id: 'login-form', onsubmit: submit},
            h('p', {}, h('label', {for: userId}, 'User'), user),
            h('p', {}, h('label', {for: passwordId}, 'Password'), password),
            error,
            h('div', {class: 'buttons'}, h('button', {type: 'submit', class: 'primary', id: 'login-submit'}, 'Log in')))));
    user.focus();
  });
}
