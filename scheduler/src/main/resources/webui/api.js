// Pacer's public REST API (README, "REST API"): the only thing the UI talks to.
import {headers, logOut} from './auth.js';

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }

  /** 422's details: [{path: '/cpus', errors: ['...']}]; 400's details is the parser's words. */
  get details() {
    return Array.isArray(this.body?.details) ? this.body.details : [];
  }

  /** A 409 because a running deployment holds the app: the same change with force cancels that deployment. */
  get locked() {
    return this.status === 409 && Array.isArray(this.body?.deployments);
  }

  /** The API's message, with the parser's position for malformed JSON. */
  get text() {
    return typeof this.body?.details === 'string' ? `${this.message}: ${this.body.details}` : this.message;
  }
}

async function call(method, path, body) {
  const options = {method, headers: headers({Accept: 'application/json'})};
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, options);
  } catch (e) {
    throw new ApiError(0, {message: `Pacer cannot be reached (${e.message})`});
  }
  const type = response.headers.get('Content-Type') || '';
  const answer = type.includes('json') ? await response.json().catch(() => null) : await response.text();
  if (response.status === 401) logOut(); // the credentials are no longer taken: to the login form
  if (!response.ok) {
    throw new ApiError(response.status, typeof answer === 'object' && answer ? answer : {message: String(answer || `HTTP ${response.status}`)});
  }
  return answer;
}

/** An app id as a path: '/prod/web' stays '/prod/web', each segment encoded. */
const appPath = id => id.split('/').map(encodeURIComponent).join('/');

/** A group id as a path: the root '/' is the bare collection ('/v2/groups'). */
const groupPath = id => id === '/' ? '' : appPath(id);

/** What a group's page shows of each app: its counts, deployments and last failure (GET /v2/groups embed). */
const GROUP_PAGE_EMBED = ['group.groups', 'group.apps', 'group.apps.counts', 'group.apps.deployments', 'group.apps.lastTaskFailure']
    .map(e => `embed=${e}`).join('&');

/** {@code path} with {@code ?force=true} (or {@code &force=true}) when {@code force}: a change of a locked app. */
const forced = (path, force) => force ? `${path}${path.includes('?') ? '&' : '?'}force=true` : path;

// Each change of an app takes {@code force} last: true overrides the lock of a running deployment (and cancels it).
export const api = {
  apps: () => call('GET', '/v2/apps?embed=apps.lastTaskFailure').then(r => r.apps),
  queue: () => call('GET', '/v2/queue').then(r => r.queue),
  app: id => call('GET', `/v2/apps${appPath(id)}`).then(r => r.app),
  create: definition => call('POST', '/v2/apps', definition),
  replace: (id, definition, force) => call('PUT', forced(`/v2/apps${appPath(id)}?partialUpdate=false`, force), definition),
  scale: (id, instances, force) => call('PATCH', forced(`/v2/apps${appPath(id)}`, force), {instances}),
  restart: (id, force) => call('POST', forced(`/v2/apps${appPath(id)}/restart`, force)),
  destroy: (id, force) => call('DELETE', forced(`/v2/apps${appPath(id)}`, force)),
  versions: id => call('GET', `/v2/apps${appPath(id)}/versions`).then(r => r.versions),
  version: (id, version) => call('GET', `/v2/apps${appPath(id)}/versions/${encodeURIComponent(version)}`),
  restore: (id, version, force) => call('PUT', forced(`/v2/apps${appPath(id)}`, force), {version}),
  // the ids of every group, those without apps included: the tree without its apps
  groupTree: () => call('GET', '/v2/groups?embed=group.groups'),
  group: id => call('GET', `/v2/groups${groupPath(id)}?${GROUP_PAGE_EMBED}`),
  scaleGroup: (id, factor, force) => call('PUT', forced(`/v2/groups${groupPath(id)}`, force), {scaleBy: factor}),
  destroyGroup: (id, force) => call('DELETE', forced(`/v2/groups${groupPath(id)}`, force)),
  deployments: () => call('GET', '/v2/deployments'),
  rollBack: deploymentId => call('DELETE', `/v2/deployments/${encodeURIComponent(deploymentId)}`),
  stopDeployment: deploymentId => call('DELETE', `/v2/deployments/${encodeURIComponent(deploymentId)}?force=true`),
  killTask: (appId, taskId, scale) => call('DELETE', `/v2/apps${appPath(appId)}/tasks/${encodeURIComponent(taskId)}?scale=${scale}`),
  resetDelay: id => call('DELETE', `/v2/queue${appPath(id)}/delay`),
  appTasks: id => call('GET', `/v2/apps${appPath(id)}/tasks`).then(r => r.tasks),
  executorTask: taskId => call('GET', `/v2/tasks/${encodeURIComponent(taskId)}/executor`),
  logTail: (taskId, file, lines) => call('GET', `/v2/tasks/${encodeURIComponent(taskId)}/files/${file}?tail=${lines}`),
};
