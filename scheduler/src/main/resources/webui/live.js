// Live updates from /v2/events (server-sent events), read with fetch rather than EventSource, which cannot send the
// credentials the UI holds (auth.js). A dropped stream or an HTTP error (e.g. 503 while Pacer starts) is retried
// after a pause. The marker in the header says whether the UI is live, and beside it which Pacer leads: the one whose
// answers carry X-Marathon-Leader (a standby relays the leader's; several Pacers with --zk, docs/ha.md).
import {headers} from './auth.js';
import {within} from './groups.js';

const RETRY_MS = 2000;
const listeners = new Set();
let controller = null;

/** Calls {@code listener(event)} for each Marathon event, and with {eventType: 'reconnected'} after a reconnection. */
export function onEvent(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether {@code event} may change what one app's page shows: its own events, its deployments', and those naming no app. */
export function concernsApp(event, appId) {
  return concerns(event, id => id === appId);
}

/** The same for a group's page: the events of the apps below it, of their deployments, and those naming no app. */
export function concernsGroup(event, groupId) {
  return concerns(event, id => within(id, groupId));
}

function concerns(event, matches) {
  if (event.appId) return matches(event.appId);
  const actions = (event.plan?.steps || []).flatMap(step => step.actions || []);
  return actions.length === 0 || actions.some(action => matches(action.app));
}

function mark(live, text) {
  const marker = document.getElementById('live');
  marker.textContent = text;
  marker.classList.toggle('off', !live);
  marker.dataset.live = String(live);
}

function showLeader(url) {
  const leader = document.getElementById('leader');
  leader.hidden = !url;
  leader.textContent = url ? `Leader: ${url.replace(/^https?:\/\//, '')}` : '';
  leader.title = url ? `The Pacer that leads, and answers this page's requests: ${url}` : '';
}

/** Pacer's event types (README, "REST API") that the views listen for. */
const TYPES = ['status_update_event', 'health_status_changed_event', 'failed_health_check_event',
  'unhealthy_task_kill_event', 'instance_changed_event', 'api_post_event', 'app_terminated_event',
  'deployment_info', 'deployment_step_success', 'deployment_step_failure', 'deployment_success', 'deployment_failed',
  'group_change_success', 'group_change_failed'];
let down = false;

// Closed when the page goes away: a browser may keep a left page (back-forward cache) and its stream open, and
// holds at most 6 connections to Pacer; a few reloads would then stall the next page until they time out.
// A page brought back from that cache connects again and refreshes.
addEventListener('pagehide', () => controller?.abort());
addEventListener('pageshow', event => {
  if (event.persisted) {
    down = true;
    connect();
  }
});

export async function connect() {
  const mine = new AbortController();
  controller = mine;
  try {
    const response = await fetch('/v2/events', {headers: headers({Accept: 'text/event-stream'}), cache: 'no-store', signal: mine.signal});
    if (response.ok) {
      mark(true, 'Live');
      showLeader(response.headers.get('X-Marathon-Leader'));
      if (down) {
        down = false;
        listeners.forEach(l => l({eventType: 'reconnected'}));
      }
      await read(response.body);
    }
  } catch {
    // dropped or refused: reconnect below, unless the page went away
  }
  if (mine.signal.aborted) return;
  down = true;
  mark(false, 'Not live: reconnecting…');
  setTimeout(connect, RETRY_MS);
}

/** Hands each message of the stream ({@code event: TYPE\ndata: JSON\n\n}) of a type the views know to them. */
async function read(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const {value, done} = await reader.read();
    if (done) return;
    buffer += value;
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const lines = buffer.slice(0, end).split('\n');
      buffer = buffer.slice(end + 2);
      const field = name => lines.filter(l => l.startsWith(`${name}:`)).map(l => l.slice(name.length + 1).replace(/^ /, '')).join('\n');
      if (TYPES.includes(field('event'))) deliver(field('data'));
    }
  }
}

function deliver(data) {
  let event;
  try {
    event = JSON.parse(data);
  } catch {
    return;
  }
  listeners.forEach(l => l(event));
}

/**
 * Runs {@code refresh} after events, at most once per {@code everyMs} (a burst of 100 status updates costs one
 * refresh), and never two at a time.
 */
export function throttled(refresh, everyMs = 500) {
  let timer = null;
  let running = false;
  let again = false;
  const run = async () => {
    timer = null;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await refresh();
    } finally {
      running = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  };
  const schedule = () => {
    if (!timer) timer = setTimeout(run, everyMs);
  };
  return schedule;
}
