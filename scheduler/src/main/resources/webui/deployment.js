// The running deployment of one app, on its page: what it does, how far it is, what it waits for (GET
// /v2/deployments: currentActions[].progress and waitingFor), and Roll back / Stop.
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
 * The panel for {@code deployment} of {@code appId}; {@code rollBack} and {@code stop} are called when the user
 * clicks the buttons (they ask before acting).
 */
export function deploymentPanel(deployment, appId, {rollBack, stop}) {
  const action = (deployment.currentActions || []).find(a => a.app === appId) || {};
  const progress = action.progress;
  return h('section', {id: 'deployment', class: 'deployment', 'aria-labelledby': 'deployment-title', 'data-deployment-id': deployment.id},
      h('h2', {id: 'deployment-title'}, 'Deployment in progress'),
      h('p', {class: 'waiting', id: 'deployment-waiting'}, action.waitingFor
          ? [h('strong', {}, 'Waiting for: '), action.waitingFor] : 'Finishing: the target is reached.'),
      h('dl', {class: 'facts'},
          fact('Action', ACTIONS[action.action] || action.action || 'unknown'),
          fact('Step', `${deployment.currentStep} of ${deployment.totalSteps}`),
          progress ? fact('Progress', progressView(progress)) : null,
          fact('Target version', h('time', {datetime: deployment.version}, deployment.version)),
          fact('Deployment', h('code', {}, deployment.id))),
      adminOnly(h('div', {class: 'actions', role: 'group', 'aria-label': 'Deployment actions'},
          h('button', {type: 'button', id: 'rollback-button', onclick: () => rollBack(deployment)}, 'Roll back'),
          h('button', {type: 'button', id: 'stop-deployment-button', class: 'danger', onclick: () => stop(deployment)}, 'Stop'))));
}

/** "1 of 4 new tasks ready", a bar, then the other counts in words. */
function progressView(p) {
  const text = `${p.newReady} of ${p.instances} new task${p.instances === 1 ? '' : 's'} ready`;
  return h('span', {id: 'deployment-progress'},
      h('progress', {value: p.newReady, max: Math.max(1, p.instances), 'aria-label': text}), ' ', text,
      h('div', {class: 'muted'}, `${p.newTasks} new started, ${p.oldTasks} old still to replace, ${p.running} running `
          + `(${p.instances} asked for)`));
}

/** The words the confirmation dialogs use; the callers do the calls. */
export const ROLL_BACK_TEXT = appId => `Roll back the deployment of ${appId}? Pacer restores the app's previous definition `
    + '(its instance count included) as a new version and replaces the new tasks with tasks of it.';
export const STOP_TEXT = appId => `Stop the deployment of ${appId} where it is, without rolling back? The tasks stay as `
    + 'they are now, old and new, and the app keeps its new definition. Tasks of an older configuration are still '
    + 'replaced over time, as for any app.';
