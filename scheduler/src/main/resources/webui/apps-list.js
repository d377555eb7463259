// The apps list (#/): every app with its counts, health and status; filter by id and label, sort by any
// column, 100 rows a page so that 1,000 apps render as fast as 100. Refreshed from the event stream.
import {api} from './api.js';
import {h, fill} from './dom.js';
import {adminOnly} from './auth.js';
import {onEvent, throttled} from './live.js';
import {healthBar, imageOrCommand, labelsText, queueById, statusBadge, statusOf} from './status.js';

const PAGE_SIZE = 100;
const STATUS_ORDER = ['Delayed', 'Waiting', 'Deploying', 'Running', 'Suspended'];
// kept while the user moves between views, so coming back shows the same list
const state = {idFilter: '', labelFilter: '', sortBy: 'id', descending: false, page: 0};

const COLUMNS = [
  {key: 'id', title: 'ID', value: r => r.app.id},
  {key: 'instances', title: 'Instances', value: r => r.app.tasksRunning * 100000 + r.app.instances},
  {key: 'health', title: 'Health', value: r => r.app.tasksUnhealthy * -1000000 + r.app.tasksHealthy},
  {key: 'status', title: 'Status', value: r => STATUS_ORDER.indexOf(r.status.name)},
  {key: 'cpus', title: 'CPUs', value: r => r.app.cpus},
  {key: 'mem', title: 'Memory (MiB)', value: r => r.app.mem},
  {key: 'image', title: 'Image or command', value: r => imageOrCommand(r.app)},
];

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

  function visible() {
    const idPart = state.idFilter.trim();
    const labels = labelMatcher(state.labelFilter);
    const column = COLUMNS.find(c => c.key === state.sortBy);
    const sign = state.descending ? -1 : 1;
    return rows.filter(r => r.app.id.includes(idPart) && labels(r.app.labels))
        .sort((a, b) => {
          const x = column.value(a);
          const y = column.value(b);
          return sign * (typeof x === 'number' ? x - y : String(x).localeCompare(String(y))) || a.app.id.localeCompare(b.app.id);
        });
  }

  function draw() {
    const shown = visible();
    const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
    state.page = Math.min(state.page, pages - 1);
    count.textContent = shown.length === rows.length ? `(${rows.length})` : `(${shown.length} of ${rows.length})`;
    headers.forEach(th => th.setAttribute('aria-sort', th.dataset.column !== state.sortBy ? 'none'
        : state.descending ? 'descending' : 'ascending'));
    const page = shown.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE);
    fill(tbody, page.length ? page.map(row) : h('tr', {}, h('td', {colspan: COLUMNS.length, class: 'empty'},
        rows.length ? 'No app matches the filters.' : 'No apps yet. Create one.')));
    fill(pager, pages === 1 ? '' : [
      h('button', {type: 'button', disabled: state.page === 0, onclick: () => { state.page--; draw(); }}, 'Previous'),
      h('span', {}, ` Page ${state.page + 1} of ${pages} `),
      h('button', {type: 'button', disabled: state.page === pages - 1, onclick: () => { state.page++; draw(); }}, 'Next')]);
  }

  function row({app, status}) {
    const failure = status.name === 'Delayed' && app.lastTaskFailure
        ? h('div', {class: 'failure'}, `Last failure: ${app.lastTaskFailure.message || app.lastTaskFailure.state}`) : null;
    return h('tr', {'data-app-id': app.id, 'data-status': status.name},
        h('th', {scope: 'row'}, h('a', {href: `#/apps${app.id}`}, app.id),
            app.labels && Object.keys(app.labels).length ? h('div', {class: 'labels'}, labelsText(app.labels)) : null),
        h('td', {class: 'instances'}, `${app.tasksRunning} / ${app.instances}`),
        h('td', {}, healthBar(app)),
        h('td', {}, statusBadge(status), failure),
        h('td', {class: 'num'}, app.cpus),
        h('td', {class: 'num'}, app.mem),
        h('td', {class: 'command'}, imageOrCommand(app)));
  }

  async function refresh() {
    try {
      const [apps, queue] = await Promise.all([api.apps(), api.queue()]);
      const queued = queueById(queue);
      rows = apps.map(app => ({app, status: statusOf(app, queued.get(app.id))}));
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
