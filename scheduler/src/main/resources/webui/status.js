// An app's status as the list and the detail show it, from its deployments and counts (GET /v2/apps), its
// launch-queue entry (GET /v2/queue: instances still to launch, backoff delay) and the deployment that holds it.
import {h} from './dom.js';
import {appInDeployment} from './deployment.js';

/**
 * Delayed: a failure put its launches in backoff (the delay and the last failure say why). Waiting: instances to
 * launch and none being staged, i.e. no offer fits yet. Deploying: a deployment holds the app (its {@code
 * deployments} list is not empty); Delayed and Waiting come first because they say what holds a deployment up,
 * except while the app's step of {@code deployment} (GET /v2/deployments, when known) has not begun: then it waits
 * for that step, not for offers, whatever the queue counts. Suspended: 0 instances asked for and none running.
 * Running: otherwise (a task being replaced after a failure is no deployment).
 */
export function statusOf(app, queued, deployment) {
  const delayLeft = queued && !queued.delay.overdue ? queued.delay.timeLeftSeconds : 0;
  if (delayLeft > 0) return {name: 'Delayed', delayLeft, failures: queued.backoffFailures || 0};
  const where = deployment ? appInDeployment(deployment, app.id) : null;
  if (where?.phase === 'later') return {name: 'Deploying', step: where.step, steps: deployment.totalSteps};
  if (queued && queued.count > 0 && app.tasksStaged === 0) return {name: 'Waiting', toLaunch: queued.count};
  if (app.deployments?.length) return {name: 'Deploying'};
  if (app.instances === 0 && app.tasksRunning === 0 && app.tasksStaged === 0) return {name: 'Suspended'};
  return {name: 'Running'};
}

export function statusBadge(status) {
  const detail = status.name === 'Delayed' ? ` (retry in ${status.delayLeft} s)`
      : status.name === 'Waiting' ? ` (${status.toLaunch} to launch, no offer fits yet)`
        : status.step ? ` (waiting for step ${status.step} of ${status.steps})` : '';
  return h('span', {class: `status status-${status.name.toLowerCase()}`}, status.name, detail);
}

/** The health bar: healthy, unhealthy and unknown (running, not checked or no verdict yet) tasks. */
export function healthBar(app) {
  const healthy = app.tasksHealthy;
  const unhealthy = app.tasksUnhealthy;
  const unknown = Math.max(0, app.tasksRunning - healthy - unhealthy);
  const total = Math.max(1, healthy + unhealthy + unknown);
  const text = `${healthy} healthy, ${unhealthy} unhealthy, ${unknown} unknown`;
  const part = (n, kind) => n > 0 ? h('span', {class: `bar-${kind}`, style: `width:${(100 * n) / total}%`}) : null;
  return h('span', {class: 'health', title: text, role: 'img', 'aria-label': text, 'data-healthy': healthy,
    'data-unhealthy': unhealthy, 'data-unknown': unknown}, part(healthy, 'healthy'), part(unhealthy, 'unhealthy'), part(unknown, 'unknown'));
}

export function queueById(queue) {
  return new Map(queue.map(entry => [entry.app.id, entry]));
}

export function imageOrCommand(app) {
  return app.container?.docker?.image || app.cmd || (app.args || []).join(' ') || '';
}

export function labelsText(labels) {
  return Object.entries(labels || {}).map(([k, v]) => `${k}=${v}`).join(', ');
}
