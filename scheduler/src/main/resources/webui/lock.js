// The deployment lock: a change (scale, restart, edit, destroy, restore) of an app or a group that a running
// deployment holds is refused with 409 and the API's message; the same change with force goes through and cancels
// that deployment. And the way a page runs such a change: asked first, its outcome said on the page.
import {confirmAction, fill, h} from './dom.js';

/**
 * Shows {@code error}'s message in {@code el}, and a 422's details (the path of each bad field and what is wrong
 * with it); when it is the lock, adds a Force button that asks first, then calls {@code retry()} (the same change,
 * forced).
 */
export function showError(el, error, what, retry) {
  fill(el, error.text || error.message, error.locked ? [' ', forceButton(what, retry)] : null,
      (error.details || []).map(d => [h('br'), h('span', {'data-error-path': d.path}, `${d.path}: ${(d.errors || []).join('; ')}`)]));
}

function forceButton(what, retry) {
  return h('button', {type: 'button', id: 'force-button', class: 'danger', onclick: async () => {
    if (await confirmAction(`Force: ${what}`, `${what} anyway? This cancels the running deployment where it is `
        + '(nothing is rolled back) and starts this change in its place.', 'Force')) retry();
  }}, `Force: ${what}`);
}

/**
 * A page's way to change something: {@code act(what, question, change, ok)} asks {@code question} in the dialog,
 * then calls {@code change(force)}; on success {@code message} says "<what>: done." and {@code after()} runs, on a
 * refusal {@code error} shows why (a lock with its Force button, which runs the change again with force).
 */
export function actions(message, error, after) {
  async function run(what, change, force) {
    error.textContent = '';
    try {
      await change(force);
      message.textContent = `${what}: done.`;
      after();
    } catch (e) {
      message.textContent = '';
      showError(error, e, what, () => run(what, change, true));
    }
  }
  return async function act(what, question, change, ok) {
    if (await confirmAction(what, question, ok)) run(what, change, false);
  };
}
