// One task (#/apps/<id>/tasks/<task id>): Pacer's view of it, its state and health history and resource usage
// from its executor, and the end of its stdout and stderr; the executor's parts come through Pacer
// (GET /v2/tasks/{id}/executor and /files/{stdout|stderr}), never from the agent directly.
import {api} from './api.js';
import {fact, fill, h, time, uid} from './dom.js';
import {onEvent, throttled} from './live.js';

const LOG_REFRESH_MS = 5000;

export function taskDetail(view, appId, taskId) {
  const overview = h('dl', {class: 'facts', id: 'task-overview'});
  const error = h('p', {class: 'error', role: 'alert', id: 'task-error'});
  const executorError = h('p', {class: 'error', role: 'alert', id: 'executor-error'});
  const states = h('tbody', {id: 'state-history'});
  const health = h('tbody', {id: 'health-history'});
  const usage = h('div', {id: 'usage'});
  const linesId = uid('lines');
  const lines = h('select', {id: linesId, onchange: () => logs()}, [50, 100, 500, 1000].map(n => h('option', {value: n, selected: n === 100}, n)));
  const stdout = h('pre', {class: 'log', id: 'stdout', tabindex: 0, 'aria-label': 'stdout'});
  const stderr = h('pre', {class: 'log', id: 'stderr', tabindex: 0, 'aria-label': 'stderr'});

  fill(view, h('section', {class: 'task-detail'},
      h('p', {class: 'crumbs'}, h('a', {href: '#/'}, 'Apps'), ' / ', h('a', {href: `#/apps${appId}`}, appId), ' / ', taskId),
      h('h1', {}, `Task ${taskId}`), error, overview, executorError,
      h('section', {'aria-labelledby': 'usage-title'}, h('h2', {id: 'usage-title'}, 'Resource usage'), usage),
      h('div', {class: 'columns'},
          h('section', {'aria-labelledby': 'states-title'}, h('h2', {id: 'states-title'}, 'State history'),
              h('table', {}, h('thead', {}, h('tr', {}, ['When', 'State', 'Reason', 'Message'].map(t => h('th', {scope: 'col'}, t)))), states)),
          h('section', {'aria-labelledby': 'health-title'}, h('h2', {id: 'health-title'}, 'Health history'),
              h('table', {}, h('thead', {}, h('tr', {}, ['When', 'Result', 'Latency', 'Detail'].map(t => h('th', {scope: 'col'}, t)))), health))),
      h('section', {'aria-labelledby': 'logs-title'},
          h('div', {class: 'title'}, h('h2', {id: 'logs-title'}, 'Logs'),
              h('span', {}, h('label', {for: linesId}, 'Last lines '), lines, ' ',
                  h('button', {type: 'button', onclick: () => logs()}, 'Refresh'))),
          h('h3', {}, 'stdout'), stdout, h('h3', {}, 'stderr'), stderr)));

  async function scheduler() {
    try {
      const task = (await api.appTasks(appId)).find(t => t.id === taskId);
      if (!task) {
        error.textContent = `Task '${taskId}' does not exist (any more) in ${appId}.`;
        return;
      }
      error.textContent = '';
      const check = (task.healthCheckResults || [])[0];
      fill(overview, fact('State', task.state), fact('Message', task.message || '—'), fact('Host', task.host),
          fact('Ports', (task.ports || []).join(', ') || 'none'), fact('Staged', time(task.stagedAt)), fact('Started', time(task.startedAt)),
          fact('Health', !check ? '—' : check.alive ? 'Healthy' : `Unhealthy: ${check.lastFailureCause || ''}`),
          fact('Version', task.version), fact('Executor', task.executorEndpoint || '—'));
    } catch (e) {
      error.textContent = e.text || e.message;
    }
  }

  async function executor() {
    try {
      const details = await api.executorTask(taskId);
      executorError.textContent = '';
      fill(states, details.states.map(s => h('tr', {}, h('td', {}, time(s.at)), h('td', {}, s.state,
          s.healthy === undefined ? '' : s.healthy ? ' (healthy)' : ' (unhealthy)'), h('td', {}, s.reason || ''), h('td', {}, s.message))));
      fill(health, details.health.length ? details.health.slice().reverse().map(r => h('tr', {},
          h('td', {}, time(r.at)), h('td', {class: r.healthy ? 'ok' : 'bad'}, r.healthy ? 'healthy' : 'unhealthy'),
          h('td', {class: 'num'}, `${r.latencyMs.toFixed(1)} ms`), h('td', {}, r.detail))) : h('tr', {}, h('td', {colspan: 4}, 'No checks yet.')));
      const u = details.usage;
      fill(usage, u ? h('dl', {class: 'facts'},
          fact('CPU time', `${(u.cpus_user_time_secs + u.cpus_system_time_secs).toFixed(2)} s used (limit ${u.cpus_limit} CPUs)`),
          fact('Memory', `${mib(u.mem_rss_bytes)} resident of ${mib(u.mem_limit_bytes)}`),
          u.cpus_nr_throttled !== undefined ? fact('Throttled', `${u.cpus_nr_throttled} of ${u.cpus_nr_periods} periods`) : null,
          fact('Isolated', u.isolated ? 'yes (a cgroup of its own)' : 'no')) : h('p', {}, 'Not reported.'));
    } catch (e) {
      executorError.textContent = `Executor: ${e.text || e.message}`;
    }
  }

  async function logs() {
    for (const [file, pre] of [['stdout', stdout], ['stderr', stderr]]) {
      try {
        const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
        pre.textContent = (await api.logTail(taskId, file, lines.value)) || '(empty)';
        if (atEnd) pre.scrollTop = pre.scrollHeight;
      } catch (e) {
        pre.textContent = `(${e.text || e.message})`;
      }
    }
  }

  const all = () => Promise.all([scheduler(), executor(), logs()]);
  all();
  const later = throttled(all);
  const unsubscribe = onEvent(event => (!event.taskId || event.taskId === taskId) && later());
  const ticker = setInterval(logs, LOG_REFRESH_MS);
  return () => { unsubscribe(); clearInterval(ticker); };
}

function mib(bytes) {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}
