// One app (#/apps/<id>): its status, actions (scale, restart, suspend, edit, destroy), its running deployment
// (progress, what it waits for, roll back, stop), backoff and last failure, its tasks (kill, kill and scale), its
// definition and its versions (diff, restore). Refreshed from the event stream.
import {api} from './api.js';
import {fact, fill, h, time, uid} from './dom.js';
import {concernsApp, onEvent, throttled} from './live.js';
import {healthBar, labelsText, statusBadge, statusOf} from './status.js';
import {deploymentOf, deploymentPanel, ROLL_BACK_TEXT, STOP_TEXT} from './deployment.js';
import {versionsSection} from './versions.js';
import {actions} from './lock.js';
import {adminOnly, isAdmin} from './auth.js';

/** The fields GET shows that are the app's state, not its definition. */
export const STATE_FIELDS = ['version', 'versionInfo', 'tasksStaged', 'tasksRunning', 'tasksHealthy', 'tasksUnhealthy',
  'deployments', 'tasks', 'lastTaskFailure'];

export function definitionOf(app) {
  const definition = {...app};
  STATE_FIELDS.forEach(f => delete definition[f]);
  return definition;
}

export function appDetail(view, appId) {
  let app = null;
  const heading = h('h1', {}, appId);
  const summary = h('div', {class: 'summary'});
  const message = h('p', {class: 'message', role: 'status', id: 'app-message'});
  const error = h('p', {class: 'error', role: 'alert', id: 'app-error'});
  const loadError = h('p', {class: 'error', role: 'alert'});
  const backoff = h('section', {'aria-labelledby': 'backoff-title'});
  const failure = h('section', {'aria-labelledby': 'failure-title'});
  const tasksBody = h('tbody', {id: 'tasks'});
  const definition = h('section', {'aria-labelledby': 'definition-title'});
  const deployment = h('div', {id: 'deployment-slot'});
  const versions = versionsSection(appId, {definitionOf, restore});
  const scaleId = uid('scale');
  const scaleInput = h('input', {type: 'number', id: scaleId, min: 0, step: 1, class: 'narrow'});

  fill(view, h('section', {class: 'app-detail'},
      h('p', {class: 'crumbs'}, h('a', {href: '#/'}, 'Apps'), ' / ', appId),
      h('div', {class: 'title'}, heading, summary),
      adminOnly(h('div', {class: 'actions', role: 'group', 'aria-label': 'App actions'},
          h('form', {class: 'inline', onsubmit: e => { e.preventDefault(); scale(Number(scaleInput.value)); }},
              h('label', {for: scaleId}, 'Instances'), scaleInput, h('button', {type: 'submit', id: 'scale-button'}, 'Scale')),
          h('button', {type: 'button', id: 'restart-button', onclick: restart}, 'Restart'),
          h('button', {type: 'button', id: 'suspend-button', onclick: () => scale(0)}, 'Suspend'),
          h('a', {class: 'button', href: `#/apps${appId}/edit`, id: 'edit-button'}, 'Edit'),
          h('button', {type: 'button', class: 'danger', id: 'destroy-button', onclick: destroy}, 'Destroy'))),
      message, error, loadError, deployment, backoff, failure,
      h('section', {'aria-labelledby': 'tasks-title'}, h('h2', {id: 'tasks-title'}, 'Tasks'),
          h('div', {class: 'table-wrap'}, h('table', {class: 'tasks-table'},
              h('thead', {}, h('tr', {}, ['ID', 'Host', 'Ports', 'State', 'Health', 'Started', 'Version', 'Executor', ...adminOnly('Actions') ?? []]
                  .map(t => h('th', {scope: 'col'}, t)))), tasksBody))),
      definition, versions.element));

  // asks, then changes; a refusal because a deployment holds the app offers to force it
  const act = actions(message, error, () => later());

  function scale(instances) {
    if (!Number.isInteger(instances) || instances < 0) {
      error.textContent = 'Instances must be a whole number, 0 or more.';
      return;
    }
    act(instances === 0 ? 'Suspend' : 'Scale', `Scale ${appId} from ${app ? app.instances : '?'} to ${instances} instance${instances === 1 ? '' : 's'}?`,
        async force => { await api.scale(appId, instances, force); scaleInput.dataset.touched = ''; }, instances === 0 ? 'Suspend' : 'Scale');
  }

  function restart() {
    act('Restart', `Replace every task of ${appId}?`, force => api.restart(appId, force), 'Restart');
  }

  function destroy() {
    act('Destroy', `Destroy ${appId} and kill all of its tasks? This cannot be undone.`, async force => {
      await api.destroy(appId, force);
      location.hash = '#/';
    }, 'Destroy');
  }

  function kill(task, scaleDown) {
    act(scaleDown ? 'Kill and scale' : 'Kill', scaleDown
        ? `Kill task ${task.id} and scale ${appId} down by one?` : `Kill task ${task.id}? Pacer starts a replacement.`,
    () => api.killTask(appId, task.id, scaleDown), scaleDown ? 'Kill and scale' : 'Kill');
  }

  function restore(version) {
    act('Restore', `Restore ${appId} to version ${version}? Its definition, instance count included, becomes a new `
        + 'version and is deployed: tasks are replaced when the configuration differs.', force => api.restore(appId, version, force), 'Restore');
  }

  function rollBack(d) {
    act('Roll back', ROLL_BACK_TEXT(appId), () => api.rollBack(d.id), 'Roll back');
  }

  function stop(d) {
    act('Stop deployment', STOP_TEXT(appId), () => api.stopDeployment(d.id), 'Stop');
  }

  // once the user is in the field, refreshes stop writing the current count into it (until the scale is done):
  // a refresh between clearing it and typing would otherwise put the old count back under what is typed
  ['focus', 'input'].forEach(type => scaleInput.addEventListener(type, () => { scaleInput.dataset.touched = 'yes'; }));

  function draw(queued, running) {
    const status = statusOf(app, queued, running);
    drawDeployment(running);
    fill(summary, statusBadge(status), ' ', healthBar(app), h('span', {class: 'instances', id: 'app-instances'},
        ` ${app.tasksRunning} of ${app.instances} running`));
    if (scaleInput.dataset.touched !== 'yes') scaleInput.value = app.instances;
    fill(backoff, h('h2', {id: 'backoff-title'}, 'Backoff'),
        h('p', {}, `Restarts after failures wait ${app.backoffSeconds} s, times ${app.backoffFactor} after each failure, `
            + `at most ${app.maxLaunchDelaySeconds} s.`),
        status.name === 'Delayed' ? h('p', {class: 'delayed', id: 'delay'},
            `Launches are delayed after ${status.failures} failure${status.failures === 1 ? '' : 's'}: next try in ${status.delayLeft} s. `,
            adminOnly(h('button', {type: 'button', onclick: () => act('Launch now', `Reset the backoff delay of ${appId}?`,
                () => api.resetDelay(appId), 'Launch now')}, 'Launch now'))) : h('p', {}, 'No launch is delayed.'));
    const f = app.lastTaskFailure;
    fill(failure, h('h2', {id: 'failure-title'}, 'Last task failure'), f
        ? h('dl', {class: 'facts', id: 'last-failure'},
            fact('State', f.state), fact('Message', f.message), f.reason ? fact('Reason', f.reason) : null,
            fact('Task', f.taskId), fact('Host', f.host), fact('When', time(f.timestamp)), fact('Version', f.version))
        : h('p', {}, 'None.'));
    fill(tasksBody, (app.tasks || []).length ? app.tasks.map(taskRow) : h('tr', {}, h('td', {colspan: isAdmin() ? 9 : 8, class: 'empty'}, 'No tasks.')));
    fill(definition, h('h2', {id: 'definition-title'}, 'Definition'), readable(app),
        h('details', {}, h('summary', {}, 'As JSON'), h('pre', {id: 'definition-json'}, JSON.stringify(definitionOf(app), null, 2))));
  }

  /** Redrawn only when it changed, so that its buttons keep the keyboard focus between refreshes. */
  function drawDeployment(running) {
    const shown = JSON.stringify(running);
    if (deployment.dataset.shown === shown) return;
    deployment.dataset.shown = shown;
    fill(deployment, running ? deploymentPanel(running, appId, {rollBack, stop}) : null);
  }

  function taskRow(task) {
    const check = (task.healthCheckResults || [])[0];
    const health = !check ? h('span', {class: 'muted'}, app.healthChecks?.length ? 'Unknown' : 'No check')
        : check.alive ? h('span', {class: 'ok'}, 'Healthy', h('div', {class: 'muted'}, 'last success ', time(check.lastSuccess)))
            : h('span', {class: 'bad'}, 'Unhealthy', h('div', {class: 'muted'}, check.lastFailureCause || '', ' ', time(check.lastFailure)));
    return h('tr', {'data-task-id': task.id, 'data-state': task.state},
        h('th', {scope: 'row'}, h('a', {href: `#/apps${appId}/tasks/${encodeURIComponent(task.id)}`}, task.id)),
        h('td', {}, task.host),
        h('td', {}, (task.ports || []).map((p, i) => [i ? ', ' : '', h('a', {href: `http://${task.host}:${p}/`, target: '_blank', rel: 'noopener'}, p)])),
        h('td', {}, task.state, task.killRequested ? h('div', {class: 'muted'}, 'kill requested') : null),
        h('td', {}, health),
        h('td', {}, time(task.startedAt)),
        h('td', {}, h('time', {datetime: task.version}, task.version)),
        h('td', {class: 'command'}, task.executorEndpoint || '—'),
        adminOnly(h('td', {class: 'row-actions'},
            h('button', {type: 'button', class: 'kill', onclick: () => kill(task, false), 'aria-label': `Kill ${task.id}`}, 'Kill'),
            h('button', {type: 'button', class: 'kill-scale', onclick: () => kill(task, true), 'aria-label': `Kill ${task.id} and scale down`}, 'Kill & scale'))));
  }

  function readable(a) {
    const check = (a.healthChecks || [])[0];
    return h('dl', {class: 'facts'},
        a.container?.docker?.image ? fact('Docker image', a.container.docker.image) : null,
        a.cmd ? fact('Command', h('code', {}, a.cmd)) : null,
        a.args?.length ? fact('Arguments', h('code', {}, a.args.join(' '))) : null,
        fact('Resources', `${a.cpus} CPUs, ${a.mem} MiB memory, ${a.disk} MiB disk`),
        fact('Instances', a.instances),
        fact('Ports', (a.portDefinitions || []).map(p => `${p.port}${p.name ? ` (${p.name})` : ''}`).join(', ') || 'none'),
        fact('Health check', check ? `${check.protocol} ${check.protocol === 'COMMAND' ? check.command?.value : check.path || `port index ${check.portIndex ?? 0}`}, `
            + `every ${check.intervalSeconds} s, ${check.maxConsecutiveFailures} failures kill` : 'none'),
        fact('Artifacts', (a.fetch || []).map(f => `${f.uri}${f.extract ? ' (extract)' : ''}${f.executable ? ' (executable)' : ''}`).join(', ') || 'none'),
        fact('Environment', Object.keys(a.env || {}).sort().join(', ') || 'none'),
        fact('Labels', labelsText(a.labels) || 'none'),
        fact('Version', a.version));
  }

  async function refresh() {
    try {
      const [fresh, queue] = await Promise.all([api.app(appId), api.queue()]);
      const deployments = fresh.deployments?.length ? await api.deployments() : [];
      app = fresh;
      loadError.textContent = '';
      draw(queue.find(q => q.app.id === appId), deploymentOf(app, deployments));
      versions.update(app);
    } catch (e) {
      loadError.textContent = e.text || e.message;
    }
  }

  refresh();
  const later = throttled(refresh);
  const unsubscribe = onEvent(event => concernsApp(event, appId) && later());
  // what a deployment waits for changes without events (a health check failing again): look every few seconds
  const ticker = setInterval(() => app && (app.tasksRunning !== app.instances || app.deployments?.length) && later(), 3000);
  return () => { unsubscribe(); clearInterval(ticker); };
}
