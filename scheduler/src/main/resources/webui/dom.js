// Building DOM without a library: h('a', {href: '#/'}, 'Apps'). Text is always set as text, never parsed as HTML.

export function h(tag, attrs = {}, ...children) {
  return build(document.createElement(tag), attrs, children);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The same for SVG elements, which must be made in SVG's namespace to be drawn: svg('rect', {x: 0, width: 10}). */
export function svg(tag, attrs = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

function build(el, attrs, children) {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'value') el.value = value;
    else if (name === 'checked') el.checked = !!value;
    else el.setAttribute(name, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces everything inside {@code el} with {@code children}. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** "3 s ago", "in 12 s": short, for times shown in tables. */
export function ago(iso) {
  if (!iso) return '';
  const seconds = Math.round((Date.now() - Date.parse(iso)) / 1000);
  const abs = Math.abs(seconds);
  const text = abs < 60 ? `${abs} s` : abs < 3600 ? `${Math.round(abs / 60)} min` : abs < 86400
      ? `${Math.round(abs / 3600)} h` : `${Math.round(abs / 86400)} d`;
  return seconds >= 0 ? `${text} ago` : `in ${text}`;
}

/** A time element showing how long ago, with the exact time on hover and for screen readers' details. */
export function time(iso) {
  return iso ? h('time', {datetime: iso, title: iso}, ago(iso)) : '—';
}

/** "1 app", "3 apps". */
export const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

let seq = 0;
/** A unique id for label/for pairs. */
export function uid(prefix) {
  return `${prefix}-${++seq}`;
}

/** Asks the user in the page's modal dialog; resolves true when confirmed. */
export function confirmAction(title, text, ok = 'OK') {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = ok;
  dialog.returnValue = '';
  dialog.showModal();
  document.getElementById('confirm-cancel').focus();
  return new Promise(resolve => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), {once: true}));
}

/** A name and its value in a definition list. */
export function fact(name, value) {
  return [h('dt', {}, name), h('dd', {}, value ?? '')];
}
