// The deployment lock: a change (scale, restart, edit, destroy, restore) of an app that a running deployment holds
// is refused with 409 and the API's message; the same change with force goes through and cancels that deployment.
import {confirmAction, fill, h} from './dom.js';

/**
 * Shows {@code error}'s message in {@code el}; when it is the lock, adds a Force button that asks first, then
 * calls {@code retry()} (the same change, forced).
 */
export function showError(el, error, what, retry) {
  fill(el, error.text || error.message, error.locked ? [' ', forceButton(what, retry)] : null);
}

function forceButton(what, retry) {
  return h('button', {type: 'button', id: 'force-button', class: 'danger', onclick: async () => {
    if (await confirmAction(`Force: ${what}`, `${what} anyway? This cancels the running deployment where it is `
        + '(nothing is rolled back) and starts this change in its place.', 'Force')) retry();
  }}, `Force: ${what}`);
}
