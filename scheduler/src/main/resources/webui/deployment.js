// A running deployment, on an app's page (what it does to that app, how far it is, what it waits for: GET
// /v2/deployments' currentActions[].progress and waitingFor) and on a group's page (its whole plan, step by step),
// with Roll back / Stop. A plan has steps (apps in dependency order): an app whose step has not begun is in no
// current action yet and waits for its step.
import {fact, h} from './dom.js';
import {adminOnly} from './auth.js';

const ACTIONS = {
  StartApplication: 'Start: launching the new app\'s tasks',
  ScaleApplication: 'Scale: starting or stopping tasks, the others untouched',
  RestartApplication: 'Restart: replacing the tasks with tasks of the new version',
  StopApplication: 'Stop: killing the removed app\'s tasks',
};

/** The deployment that holds the app, from its {@code deployments: [{id}]} and GET /v2/deployments. */
export function deploymentOf(app, deployments) {
  const id = app.deployments?.[0]?.id;
  return id ? deployments.find(d => d.id === id) || null : null;
}

/**
 * Where {@code appId} is in {@code deployment}: {action, step}, the action being the current one (with progress
 * and waitingFor) while its step runs, else the planned one; {@code phase} says whether its step is done, current
 * or still to come.
 */
export function appInDeployment(deployment, appId) {
  const current = (deployment.currentActions || []).find(a => a.app === appId);
  if (current) return {action: current, step: deployment.currentStep, phase: 'current'};
  const index = (deployment.steps || []).findIndex(s => (s.actions || []).some(a => a.app === appId));
  if (index < 0) return {action: {}, step: deployment.currentStep, phase: 'current'};
  const step = index + 1;
  return {action: deployment.steps[index].actions.find(a => a.app === appId), step,
    phase: step < deployment.currentStep ? 'done' : step > deployment.currentStep ? 'later' : 'current'};
}

/** What the app waits for in the deployment, in words: the current action's waitingFor, or its step. */
function waitingText(deployment, {action, step, phase}) {
  if (phase === 'later') return [h('strong', {}, `Waiting for step ${step} of ${deployment.totalSteps}`),
    `: it begins when the apps of the steps before it are done (now at step ${deployment.currentStep}).`];
  if (phase === 'done') return `Done in step ${step} of ${deployment.totalSteps}; the deployment is at step ${deployment.currentStep}.`;
  return action.waitingFor ? [h('strong', {}, 'Waiting for: '), action.waitingFor] : 'Finishing: the target is reached.';
}

/**
 * The panel for {@code deployment} of {@code appId}; {@code rollBack} and {@code stop} are called when the user
 * clicks the buttons (they ask before acting).
 */
export function deploymentPanel(deployment, appId, handlers) {
  const where = appInDeployment(deployment, appId);
  const progress = where.phase === 'current' ? where.action.progress : null;
  return panel(deployment, {id: 'deployment', 'aria-labelledby': 'deployment-title'}, handlers,
      h('h2', {id: 'deployment-title'}, 'Deployment in progress'),
      h('p', {class: 'waiting', id: 'deployment-waiting'}, waitingText(deployment, where)),
      h('dl', {class: 'facts'},
          fact('Action', actionText(where.action)),
          fact('Step', `${deployment.currentStep} of ${deployment.totalSteps}`),
          progress ? fact('Progress', progressView(progress)) : null,
          fact('Target version', h('time', {datetime: deployment.version}, deployment.version)),
          fact('Deployment', h('code', {}, deployment.id))));
}

/** The panel for {@code deployment} on a group's page: every step's apps, what each does and waits for. */
export function groupDeploymentPanel(deployment, handlers) {
  const titleId = `deployment-title-${deployment.id}`;
  return panel(deployment, {'aria-labelledby': titleId}, handlers,
      h('h2', {id: titleId}, `Deployment in progress: step ${deployment.currentStep} of ${deployment.totalSteps}`),
      h('div', {class: 'table-wrap'}, h('table', {class: 'plan'},
          h('thead', {}, h('tr', {}, ['Step', 'App', 'Action', 'State'].map(t => h('th', {scope: 'col'}, t)))),
          h('tbody', {}, (deployment.steps || []).flatMap((step, i) => (step.actions || []).map(planned => {
            const where = appInDeployment(deployment, planned.app);
            return h('tr', {'data-app-id': planned.app, 'data-step': i + 1, 'data-phase': where.phase},
                h('td', {class: 'num'}, i + 1), h('th', {scope: 'row'}, h('a', {href: `#/apps${planned.app}`}, planned.app)),
                h('td', {}, actionText(planned)),
                h('td', {class: 'waiting-for'}, waitingText(deployment, where),
                    where.phase === 'current' && where.action.progress ? h('div', {}, progressView(where.action.progress)) : null));
          }))))),
      h('dl', {class: 'facts'},
          fact('Target version', h('time', {datetime: deployment.version}, deployment.version)),
          fact('Deployment', h('code', {}, deployment.id))));
}

const actionText = action => ACTIONS[action.action] || action.action || 'unknown';

/** A deployment's panel: {@code content}, then Roll back and Stop (the app's page's carry ids, as its tests know them). */
function panel(deployment, attrs, {rollBack, stop}, ...content) {
  const single = attrs.id === 'deployment';
  return h('section', {class: 'deployment', 'data-deployment-id': deployment.id, ...attrs}, content,
      adminOnly(h('div', {class: 'actions', role: 'group', 'aria-label': 'Deployment actions'},
          h('button', {type: 'button', id: single && 'rollback-button', class: 'rollback', onclick: () => rollBack(deployment)}, 'Roll back'),
          h('button', {type: 'button', id: single && 'stop-deployment-button', class: 'danger stop-deployment',
            onclick: () => stop(deployment)}, 'Stop'))));
}

/** "1 of 4 new tasks ready", a bar, then the other counts in words. */
function progressView(p) {
  const text = `${p.newReady} of ${p.instances} new task${p.instances === 1 ? '' : 's'} ready`;
  return h('span', {class: 'deployment-progress'},
      h('progress', {value: p.newReady, max: Math.max(1, p.instances), 'aria-label': text}), ' ', text,
      h('div', {class: 'muted'}, `${p.newTasks} new started, ${p.oldTasks} old still to replace, ${p.running} running `
          + `(${p.instances} asked for)`));
}

/** The words the confirmation dialogs use, for an app's or a group's deployment ({@code id}); the callers do the calls. */
export const ROLL_BACK_TEXT = id => `Roll back the deployment of ${id}? Pacer restores the previous definition of each `
    + 'app it changes (instance counts included) as a new version and replaces the new tasks with tasks of it.';
export const STOP_TEXT = id => `Stop the deployment of ${id} where it is, without rolling back? The tasks stay as `
    + 'they are now, old and new, and each app keeps its new definition. Tasks of an older configuration are still '
    + 'replaced over time, as for any app.';
