// The apps list (#/): every app with its counts, health and status, under its group (a header with the group's
// counts, collapsible; nested groups nested); filter by id and label, sort by any column (within each group),
// 100 apps a page so that 1,000 apps render as fast as 100. Refreshed from the event stream.
import {api} from './api.js';
import {h, fill} from './dom.js';
import {adminOnly} from './auth.js';
import {onEvent, throttled} from './live.js';
import {queueById, statusOf} from './status.js';
import {deploymentOf} from './deployment.js';
import {COLUMNS, tableRows} from './app-table.js';
import {groupIds, pageOf, ROOT, rowsOf, treeOf} from './groups.js';

const PAGE_SIZE = 100;
// kept while the user moves between views, so coming back shows the same list
const state = {idFilter: '', labelFilter: '', sortBy: 'id', descending: false, page: 0, collapsed: new Set()};

/** "team" matches apps with that label, "team=blue" those with that value; several, comma-separated, all must. */
function labelMatcher(text) {
  const wanted = text.split(',').map(s => s.trim()).filter(Boolean).map(s => {
    const eq = s.indexOf('=');
    return eq < 0 ? {key: s} : {key: s.slice(0, eq).trim(), value: s.slice(eq + 1).trim()};
  });
  return labels => wanted.every(w => w.key in (labels || {}) && (w.value === undefined || labels[w.key] === w.value));
}

export function appsList(view) {
  let rows = [];
  let groups = []; // every group's id, those without apps included
  const count = h('span', {class: 'count', id: 'apps-count'});
  const error = h('p', {class: 'error', role: 'alert'});
  const tbody = h('tbody');
  const pager = h('nav', {class: 'pager', 'aria-label': 'Pages'});
  const idInput = h('input', {type: 'search', id: 'filter-id', value: state.idFilter, placeholder: 'part of an id',
    oninput: e => { state.idFilter = e.target.value; state.page = 0; draw(); }});
  const labelInput = h('input', {type: 'search', id: 'filter-label', value: state.labelFilter, placeholder: 'key or key=value',
    oninput: e => { state.labelFilter = e.target.value; state.page = 0; draw(); }});
  const headers = COLUMNS.map(column => h('th', {scope: 'col', 'data-column': column.key},
      h('button', {type: 'button', class: 'sort', onclick: () => sortBy(column.key)}, column.title)));

  fill(view, h('section', {class: 'apps'},
      h('div', {class: 'title'}, h('h1', {}, 'Apps ', count), adminOnly(h('a', {href: '#/new', class: 'button primary'}, 'Create app'))),
      h('div', {class: 'toolbar', role: 'search'},
          h('label', {for: 'filter-id'}, 'Filter by id'), idInput,
          h('label', {for: 'filter-label'}, 'Filter by label'), labelInput),
      error,
      h('div', {class: 'table-wrap'}, h('table', {class: 'apps-table'},
          h('caption', {class: 'sr-only'}, 'Apps, sortable by each column'),
          h('thead', {}, h('tr', {}, headers)), tbody)),
      pager));

  function sortBy(key) {
    state.descending = state.sortBy === key ? !state.descending : false;
    state.sortBy = key;
    draw();
  }

  /** The rows in groups: apps sorted by the column within each group, groups by id (reversed with the id column). */
  function visible(keep) {
    const column = COLUMNS.find(c => c.key === state.sortBy);
    const sign = state.descending ? -1 : 1;
    const compare = (a, b) => {
      const x = column.value(a);
      const y = column.value(b);
      return sign * (typeof x === 'number' ? x - y : String(x).localeCompare(String(y))) || a.app.id.localeCompare(b.app.id);
    };
    return rowsOf(treeOf(ROOT, rows, groups), {compare, groupOrder: state.sortBy === 'id' ? sign : 1,
      keep, filtering: Boolean(state.idFilter.trim() || state.labelFilter.trim()), collapsed: state.collapsed});
  }

  function toggle(groupId) {
    if (!state.collapsed.delete(groupId)) state.collapsed.add(groupId);
    draw();
  }

  function draw() {
    const idPart = state.idFilter.trim();
    const labels = labelMatcher(state.labelFilter);
    const keep = r => r.app.id.includes(idPart) && labels(r.app.labels);
    const shown = rows.filter(keep).length; // collapsed groups' apps included: they match, only folded away
    const {rows: page, pages} = pageOf(visible(keep), state.page, PAGE_SIZE);
    state.page = Math.min(state.page, pages - 1);
    count.textContent = shown === rows.length ? `(${rows.length})` : `(${shown} of ${rows.length})`;
    headers.forEach(th => th.setAttribute('aria-sort', th.dataset.column !== state.sortBy ? 'none'
        : state.descending ? 'descending' : 'ascending'));
    fill(tbody, page.length ? tableRows(page, toggle) : h('tr', {}, h('td', {colspan: COLUMNS.length, class: 'empty'},
        rows.length ? 'No app matches the filters.' : 'No apps yet. Create one.')));
    fill(pager, pages === 1 ? '' : [
      h('button', {type: 'button', disabled: state.page === 0, onclick: () => { state.page--; draw(); }}, 'Previous'),
      h('span', {}, ` Page ${state.page + 1} of ${pages} `),
      h('button', {type: 'button', disabled: state.page === pages - 1, onclick: () => { state.page++; draw(); }}, 'Next')]);
  }

  async function refresh() {
    try {
      const [apps, queue, root] = await Promise.all([api.apps(), api.queue(), api.groupTree()]);
      const queued = queueById(queue);
      // the deployments say which apps wait for a later step; asked for only while some app has one
      const deployments = apps.some(app => app.deployments?.length) ? await api.deployments() : [];
      rows = apps.map(app => ({app, status: statusOf(app, queued.get(app.id), deploymentOf(app, deployments))}));
      groups = groupIds(root);
      error.textContent = '';
      draw();
    } catch (e) {
      error.textContent = e.text || e.message;
    }
  }

  refresh();
  const later = throttled(refresh);
  // a delay counts down without events: look again every few seconds while an app is delayed or waiting
  const ticker = setInterval(() => rows.some(r => r.status.name === 'Delayed' || r.status.name === 'Waiting') && later(), 3000);
  const unsubscribe = onEvent(later);
  return () => { unsubscribe(); clearInterval(ticker); };
}
