// One group (#/groups/<id>): its counts, its apps and sub-groups (as the apps list shows them), its running
// deployments step by step (roll back, stop), its and its apps' dependencies drawn as a graph, Scale group
// (PUT /v2/groups/{id} {"scaleBy"}) and Delete group (DELETE /v2/groups/{id}). Refreshed from the event stream.
import {api} from './api.js';
import {fact, fill, h, plural, uid} from './dom.js';
import {concernsGroup, onEvent, throttled} from './live.js';
import {queueById, statusOf} from './status.js';
import {deploymentOf, groupDeploymentPanel, ROLL_BACK_TEXT, STOP_TEXT} from './deployment.js';
import {actions} from './lock.js';
import {adminOnly} from './auth.js';
import {COLUMNS, countsText, tableRows} from './app-table.js';
import {countsOf, groupIds, groupsBelow, lineage, parentOf, resolve, rowsOf, treeOf, within} from './groups.js';
import {dependencyGraph} from './dependency-graph.js';

export function groupDetail(view, groupId) {
  let group = null;
  let items = [];
  const collapsed = new Set();
  const summary = h('div', {class: 'summary', id: 'group-summary'});
  const facts = h('dl', {class: 'facts', id: 'group-facts'});
  const message = h('p', {class: 'message', role: 'status', id: 'group-message'});
  const error = h('p', {class: 'error', role: 'alert', id: 'group-error'});
  const loadError = h('p', {class: 'error', role: 'alert'});
  const deployments = h('div', {id: 'group-deployments'});
  const tbody = h('tbody', {id: 'group-apps'});
  const graph = h('div', {id: 'dependency-graph'});
  const factorId = uid('factor');
  const factorInput = h('input', {type: 'number', id: factorId, min: 0, step: 'any', value: 2, class: 'narrow'});
  const act = actions(message, error, () => later());

  fill(view, h('section', {class: 'group-detail'},
      h('p', {class: 'crumbs'}, h('a', {href: '#/'}, 'Apps'), lineage(groupId).map(id => [' / ',
        id === groupId ? nameOf(id) : h('a', {href: `#/groups${id}`}, nameOf(id))])),
      h('div', {class: 'title'}, h('h1', {}, `Group ${groupId}`), summary),
      // the factor goes to the API as typed (novalidate): its 422 says what a factor may be
      adminOnly(h('div', {class: 'actions', role: 'group', 'aria-label': 'Group actions'},
          h('form', {class: 'inline', novalidate: true, onsubmit: e => { e.preventDefault(); scale(Number(factorInput.value)); }},
              h('label', {for: factorId}, 'Scale by'), factorInput,
              h('button', {type: 'submit', id: 'scale-group-button'}, 'Scale group')),
          h('button', {type: 'button', class: 'danger', id: 'delete-group-button', onclick: destroy}, 'Delete group'))),
      message, error, loadError, facts, deployments,
      h('section', {'aria-labelledby': 'group-apps-title'}, h('h2', {id: 'group-apps-title'}, 'Apps and groups'),
          h('div', {class: 'table-wrap'}, h('table', {class: 'apps-table'},
              h('thead', {}, h('tr', {}, COLUMNS.map(c => h('th', {scope: 'col'}, c.title)))), tbody))),
      h('section', {'aria-labelledby': 'dependencies-title'}, h('h2', {id: 'dependencies-title'}, 'Dependencies'), graph)));

  function scale(factor) {
    const c = group ? countsOf(treeOf(groupId, items)) : null;
    act('Scale group', `Scale every app in ${groupId} by ${factor}? Each app's instances are multiplied by it and rounded up`
        + `${c ? ` (${plural(c.instances, 'instance')} in ${plural(c.apps, 'app')} now)` : ''}.`,
    force => api.scaleGroup(groupId, factor, force), 'Scale group');
  }

  function destroy() {
    const parent = parentOf(groupId);
    act('Delete group', `Delete ${groupId}, its groups and every app in them (${plural(items.length, 'app')})? `
        + 'Their tasks are killed, the apps that depend on others first. This cannot be undone.', async force => {
      await api.destroyGroup(groupId, force);
      location.hash = parent === '/' ? '#/' : `#/groups${parent}`;
    }, 'Delete group');
  }

  function toggle(id) {
    if (!collapsed.delete(id)) collapsed.add(id);
    drawTable();
  }

  function drawTable() {
    const rows = rowsOf(treeOf(groupId, items, groupIds(group)), {compare: (a, b) => a.app.id.localeCompare(b.app.id), collapsed});
    fill(tbody, rows.length ? tableRows(rows, toggle) : h('tr', {}, h('td', {colspan: COLUMNS.length, class: 'empty'}, 'No apps in this group.')));
  }

  function draw(running) {
    const c = countsOf(treeOf(groupId, items));
    fill(summary, h('span', {class: 'group-counts'}, countsText(c)));
    fill(facts, fact('Depends on', (group.dependencies || []).join(', ') || 'nothing'), fact('Version', group.version));
    drawDeployments(running);
    drawTable();
    const nodes = graphNodes(group);
    fill(graph, nodes.some(n => n.dependencies.length) ? dependencyGraph(nodes)
        : h('p', {class: 'muted', id: 'no-dependencies'}, 'Nothing in this group depends on anything: a deployment starts its apps together.'));
  }

  /** Redrawn only when they changed, so that their buttons keep the keyboard focus between refreshes. */
  function drawDeployments(running) {
    const shown = JSON.stringify(running);
    if (deployments.dataset.shown === shown) return;
    deployments.dataset.shown = shown;
    fill(deployments, running.map(d => groupDeploymentPanel(d, {
      rollBack: () => act('Roll back', ROLL_BACK_TEXT(groupId), () => api.rollBack(d.id), 'Roll back'),
      stop: () => act('Stop deployment', STOP_TEXT(groupId), () => api.stopDeployment(d.id), 'Stop'),
    })));
  }

  /** The graph's nodes: every app below the group, and the groups that have dependencies or are depended on. */
  function graphNodes(root) {
    const groups = groupsBelow(root);
    const label = id => id === groupId ? id : id.slice(groupId === '/' ? 1 : groupId.length + 1);
    const node = (thing, kind) => ({id: thing.id, kind, label: label(thing.id),
      dependencies: (thing.dependencies || []).map(d => resolve(d, parentOf(thing.id)))});
    const apps = items.map(item => node(item.app, 'app'));
    const groupNodes = groups.map(g => node(g, 'group'));
    const dependedOn = new Set([...apps, ...groupNodes].flatMap(n => n.dependencies));
    return [...apps, ...groupNodes.filter(n => n.dependencies.length || dependedOn.has(n.id))];
  }

  async function refresh() {
    try {
      const [fresh, queue, all] = await Promise.all([api.group(groupId), api.queue(), api.deployments()]);
      const queued = queueById(queue);
      group = fresh;
      items = groupsBelow(group).flatMap(g => g.apps || []).map(app => ({app,
        status: statusOf(app, queued.get(app.id), deploymentOf(app, all))}));
      loadError.textContent = '';
      draw(all.filter(d => (d.steps || []).some(step => (step.actions || []).some(a => within(a.app, groupId)))));
    } catch (e) {
      loadError.textContent = e.text || e.message;
    }
  }

  refresh();
  const later = throttled(refresh);
  const unsubscribe = onEvent(event => concernsGroup(event, groupId) && later());
  // what a deployment waits for changes without events (a health check failing again): look every few seconds
  const ticker = setInterval(() => deployments.childElementCount && later(), 3000);
  return () => { unsubscribe(); clearInterval(ticker); };
}


const nameOf = id => id.slice(id.lastIndexOf('/') + 1);
