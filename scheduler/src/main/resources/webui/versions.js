// An app's versions (GET /v2/apps/{id}/versions, newest first) on its page: each one opens to show what differs
// from the current definition, field by field, and can be restored (PUT /v2/apps/{id} {"version"}).
import {api} from './api.js';
import {fact, fill, h, time} from './dom.js';
import {adminOnly} from './auth.js';

/** The value at each leaf of a JSON value, by path: {"env": {"A": "1"}} gives /env/A → "1". */
export function leaves(value, path = '', out = new Map()) {
  if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    Object.entries(value).forEach(([key, v]) => leaves(v, `${path}/${key}`, out));
  } else {
    out.set(path, value);
  }
  return out;
}

/** The paths whose values differ, in the order they appear (the version's first, then those only current has). */
export function differences(version, current) {
  const before = leaves(version);
  const after = leaves(current);
  const paths = [...new Set([...before.keys(), ...after.keys()])];
  return paths.filter(p => JSON.stringify(before.get(p)) !== JSON.stringify(after.get(p)))
      .map(path => ({path, version: before.get(path), current: after.get(path)}));
}

const shown = value => value === undefined ? h('span', {class: 'muted'}, '(not set)') : h('code', {}, JSON.stringify(value));

function diffTable(version, rows) {
  if (rows.length === 0) return h('p', {class: 'diff-none'}, 'Same definition as the current one.');
  return h('div', {class: 'table-wrap'}, h('table', {class: 'diff'},
      h('caption', {}, `What differs between version ${version} and the current definition`),
      h('thead', {}, h('tr', {}, ['Field', 'This version', 'Current'].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, rows.map(r => h('tr', {'data-path': r.path},
          h('th', {scope: 'row'}, h('code', {}, r.path)), h('td', {class: 'old'}, shown(r.version)), h('td', {class: 'new'}, shown(r.current)))))));
}

/**
 * The versions section of {@code appId}'s page. {@code update(app)} redraws it when the app's version changed
 * (an opened version stays open otherwise); {@code definitionOf} strips an app's state fields; {@code restore(version)}
 * asks and restores.
 */
export function versionsSection(appId, {definitionOf, restore}) {
  const section = h('section', {id: 'versions', 'aria-labelledby': 'versions-title'});
  let shownFor = null;

  async function update(app) {
    if (shownFor === app.version) return;
    shownFor = app.version;
    let versions;
    try {
      versions = await api.versions(appId);
    } catch (e) {
      shownFor = null; // look again on the next refresh
      fill(section, h('h2', {id: 'versions-title'}, 'Versions'), h('p', {class: 'error', role: 'alert'}, e.text || e.message));
      return;
    }
    fill(section, h('h2', {id: 'versions-title'}, 'Versions'),
        h('p', {class: 'muted'}, `${versions.length} kept, newest first. Open one to see what differs from the current definition.`),
        h('ul', {class: 'versions'}, versions.map(v => h('li', {}, v === app.version ? current(app) : older(app, v)))));
  }

  function current(app) {
    const info = app.versionInfo || {};
    return h('div', {'data-version': app.version, class: 'current-version'},
        h('strong', {}, h('time', {datetime: app.version}, app.version), ' (current)'),
        h('dl', {class: 'facts'}, fact('Last configuration change', time(info.lastConfigChangeAt)),
            fact('Last scaling', time(info.lastScalingAt))));
  }

  function older(app, version) {
    const body = h('div', {class: 'version-body'}, 'Loading…');
    const details = h('details', {'data-version': version}, h('summary', {}, h('time', {datetime: version}, version)), body);
    details.addEventListener('toggle', async () => {
      if (!details.open || details.dataset.loaded) return;
      details.dataset.loaded = 'yes';
      try {
        const then = await api.version(appId, version);
        fill(body, diffTable(version, differences(definitionOf(then), definitionOf(app))),
            adminOnly(h('button', {type: 'button', class: 'restore', onclick: () => restore(version),
              'aria-label': `Restore version ${version}`}, 'Restore')));
      } catch (e) {
        delete details.dataset.loaded;
        fill(body, h('p', {class: 'error', role: 'alert'}, e.text || e.message));
      }
    });
    return details;
  }

  return {element: section, update};
}
