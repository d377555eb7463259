// The UI's entry: the login (when Pacer asks for credentials), then a hash router over four views, and the live
// connection they all listen to. A viewer's #/new and edit routes show the list: a viewer cannot change apps.
// Routes: #/ (apps), #/new (create), #/apps/<id> (app), #/apps/<id>/edit, #/apps/<id>/tasks/<task id>,
// #/groups/<id> (group).
import {connect} from './live.js';
import {appsList} from './apps-list.js';
import {appDetail} from './app-detail.js';
import {taskDetail} from './task-detail.js';
import {appForm} from './app-form.js';
import {groupDetail} from './group-detail.js';
import {isAdmin, loggedIn} from './auth.js';

const view = document.getElementById('view');
let cleanup = () => {};

function route(path) {
  if (path === '/new') return isAdmin() ? () => appForm(view, null) : () => appsList(view);
  if (path.startsWith('/groups/')) return () => groupDetail(view, decodeURIComponent(path.slice('/groups'.length)) || '/');
  const match = /^(\/apps\/.+?)(\/edit|\/tasks\/([^/]+))?$/.exec(path);
  if (!match) return () => appsList(view);
  const appId = decodeURIComponent(match[1].slice('/apps'.length));
  if (match[2] === '/edit' && isAdmin()) return () => appForm(view, appId);
  if (match[3]) return () => taskDetail(view, appId, decodeURIComponent(match[3]));
  return () => appDetail(view, appId);
}

function show() {
  cleanup();
  const path = location.hash.slice(1) || '/';
  document.querySelectorAll('header nav a').forEach(a => a.toggleAttribute('aria-current',
      a.getAttribute('href') === `#${path}` || (a.getAttribute('href') === '#/' && /^\/(apps|groups)\//.test(path))));
  cleanup = route(path)() || (() => {});
  view.focus({preventScroll: true});
}

await loggedIn(view);
window.addEventListener('hashchange', show);
connect();
show();
