// The table of apps that the apps list and a group's page share: its columns, an app's row (counts, health, status)
// and a group's header row (its counts summed over the apps below it, a button that collapses it), indented by depth.
import {h, plural} from './dom.js';
import {countsOf} from './groups.js';
import {healthBar, imageOrCommand, labelsText, statusBadge} from './status.js';

const STATUS_ORDER = ['Delayed', 'Waiting', 'Deploying', 'Running', 'Suspended'];

/** The columns, each with the value it sorts by; rows are {app, status}. */
export const COLUMNS = [
  {key: 'id', title: 'ID', value: r => r.app.id},
  {key: 'instances', title: 'Instances', value: r => r.app.tasksRunning * 100000 + r.app.instances},
  {key: 'health', title: 'Health', value: r => r.app.tasksUnhealthy * -1000000 + r.app.tasksHealthy},
  {key: 'status', title: 'Status', value: r => STATUS_ORDER.indexOf(r.status.name)},
  {key: 'cpus', title: 'CPUs', value: r => r.app.cpus},
  {key: 'mem', title: 'Memory (MiB)', value: r => r.app.mem},
  {key: 'image', title: 'Image or command', value: r => imageOrCommand(r.app)},
];

const indent = depth => depth ? `padding-left:${8 + 20 * depth}px` : undefined;

export function appRow({app, status}, depth = 0) {
  const failure = status.name === 'Delayed' && app.lastTaskFailure
      ? h('div', {class: 'failure'}, `Last failure: ${app.lastTaskFailure.message || app.lastTaskFailure.state}`) : null;
  return h('tr', {'data-app-id': app.id, 'data-status': status.name},
      h('th', {scope: 'row', style: indent(depth)}, h('a', {href: `#/apps${app.id}`}, app.id),
          app.labels && Object.keys(app.labels).length ? h('div', {class: 'labels'}, labelsText(app.labels)) : null),
      h('td', {class: 'instances'}, `${app.tasksRunning} / ${app.instances}`),
      h('td', {}, healthBar(app)),
      h('td', {}, statusBadge(status), failure),
      h('td', {class: 'num'}, app.cpus),
      h('td', {class: 'num'}, app.mem),
      h('td', {class: 'command'}, imageOrCommand(app)));
}

/** A group's counts in words: "3 apps, 2 / 3 running, 2 healthy, 0 unhealthy, 1 staged". */
export function countsText(c) {
  return `${plural(c.apps, 'app')}, ${c.running} / ${c.instances} running, ${c.healthy} healthy, ${c.unhealthy} unhealthy, `
      + `${c.staged} staged`;
}

/**
 * A group's header row: a button that collapses or expands it ({@code toggle(groupId)}), a link to its page and
 * its counts, also as data attributes (data-apps, data-running, ...) for scripts and tests.
 */
export function groupRow({group, depth, collapsed, continued}, toggle) {
  const c = countsOf(group);
  return h('tr', {class: 'group-row', 'data-group-id': group.id, 'data-collapsed': String(collapsed), 'data-apps': c.apps,
    'data-running': c.running, 'data-healthy': c.healthy, 'data-unhealthy': c.unhealthy, 'data-staged': c.staged},
  h('th', {scope: 'rowgroup', colspan: COLUMNS.length, style: indent(depth)},
      h('button', {type: 'button', class: 'toggle', 'aria-expanded': String(!collapsed), onclick: () => toggle(group.id),
        'aria-label': `${collapsed ? 'Expand' : 'Collapse'} group ${group.id}`}, collapsed ? '▸' : '▾'),
      ' ', h('a', {href: `#/groups${group.id}`}, group.id), continued ? h('span', {class: 'muted'}, ' (continued)') : null,
      ' ', h('span', {class: 'group-counts'}, countsText(c))));
}

/** The table rows for {@code rows} (groups.js rowsOf): header rows and app rows. */
export function tableRows(rows, toggle) {
  return rows.map(row => row.group ? groupRow(row, toggle) : appRow(row.item, row.depth));
}
