// Create (#/new) or edit (#/apps/<id>/edit) an app: a form for the common fields and a JSON mode, both editing
// one definition object, so switching keeps what was typed (fields the form has no control for stay as they
// are). A 422 puts each of its details next to the control its path names. A group picker (the groups there are,
// or one typed) sets the group part of the id; a multi-select picks the apps and groups it depends on.
import {api} from './api.js';
import {definitionOf} from './app-detail.js';
import {fill, h, uid} from './dom.js';
import {showError} from './lock.js';
import {groupIds, parentOf, ROOT} from './groups.js';

const NEW_APP = {id: '', cmd: '', cpus: 0.1, mem: 64, instances: 1};

export function appForm(view, appId) {
  const editing = appId !== null;
  let definition = structuredClone(NEW_APP);
  let mode = 'form';
  let kind = 'command';
  // the apps and groups there are, for the group picker and the dependencies; filled in once they come
  const known = {apps: [], groups: [], error: ''};
  const groupList = h('datalist', {id: uid('groups')});
  let dependencySelect = null;
  const errors = h('div', {class: 'error', role: 'alert', id: 'form-errors'});
  const body = h('div');
  const modeButtons = ['form', 'json'].map(m => h('button', {type: 'button', id: `mode-${m}`,
    onclick: () => switchTo(m)}, m === 'form' ? 'Form' : 'JSON'));
  const form = h('form', {class: 'app-form', novalidate: true, onsubmit: submit},
      h('div', {role: 'group', 'aria-label': 'Edit as', class: 'tabs'}, modeButtons),
      errors, body, groupList,
      h('div', {class: 'buttons'},
          h('button', {type: 'submit', class: 'primary', id: 'submit-app'}, editing ? 'Save changes' : 'Create app'),
          h('a', {class: 'button', href: editing ? `#/apps${appId}` : '#/'}, 'Cancel')));
  fill(view, h('section', {class: 'form-view'},
      h('p', {class: 'crumbs'}, h('a', {href: '#/'}, 'Apps'), ' / ', editing ? [h('a', {href: `#/apps${appId}`}, appId), ' / edit'] : 'new'),
      h('h1', {}, editing ? `Edit ${appId}` : 'Create app'), form));

  Promise.all([api.apps(), api.groupTree()]).then(([apps, root]) => {
    known.apps = apps.map(a => a.id).sort();
    known.groups = groupIds(root).filter(id => id !== ROOT).sort();
  }, e => { known.error = e.text || e.message; }).then(() => {
    fill(groupList, known.groups.map(id => h('option', {value: id})));
    if (dependencySelect) fill(dependencySelect, dependencyOptions());
  });

  if (editing) {
    api.app(appId).then(app => {
      definition = definitionOf(app);
      kind = definition.container?.docker ? 'docker' : 'command';
      draw();
    }, e => { errors.textContent = e.text || e.message; });
  } else {
    draw();
  }

  function draw() {
    modeButtons.forEach(b => b.setAttribute('aria-pressed', String(b.id === `mode-${mode}`)));
    fill(body, mode === 'form' ? formControls() : jsonControls());
  }

  /** Leaving JSON mode needs JSON that parses: the form shows its object. */
  function switchTo(next) {
    if (next === mode) return;
    if (mode === 'json' && !readJson()) return;
    errors.replaceChildren();
    mode = next;
    draw();
  }

  function readJson() {
    const text = body.querySelector('#app-json').value;
    try {
      const parsed = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('the definition must be a JSON object');
      definition = parsed;
      kind = definition.container?.docker ? 'docker' : 'command';
      return true;
    } catch (e) {
      fill(errors, h('p', {}, `The JSON does not parse: ${e.message}`));
      return false;
    }
  }

  function submit(event) {
    event.preventDefault();
    if (mode === 'json' && !readJson()) return;
    save(false);
  }

  /** Creates or replaces the app; {@code force} overrides the lock of a running deployment (edits only). */
  async function save(force) {
    errors.replaceChildren();
    form.querySelectorAll('.field-error').forEach(e => e.remove());
    form.querySelectorAll('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
    try {
      if (editing) await api.replace(appId, definition, force);
      else await api.create(definition);
      location.hash = `#/apps${editing ? appId : definition.id.startsWith('/') ? definition.id : `/${definition.id}`}`;
    } catch (e) {
      showErrors(e);
    }
  }

  function showErrors(e) {
    if (e.locked) {
      showError(errors, e, 'Save changes', () => save(true));
      errors.focus?.();
      return;
    }
    const unplaced = [];
    for (const detail of e.details) {
      const field = mode === 'form' ? fieldFor(detail.path) : null;
      if (!field) {
        unplaced.push(`${detail.path}: ${detail.errors.join('; ')}`);
        continue;
      }
      const id = uid('error');
      field.append(h('p', {class: 'field-error', id, 'data-error-path': detail.path}, detail.errors.join('; ')));
      const control = field.querySelector('input, select, textarea');
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', id);
    }
    fill(errors, h('p', {}, e.text || e.message), unplaced.length ? h('ul', {}, unplaced.map(u => h('li', {}, u))) : null);
    (form.querySelector('[aria-invalid]') || errors).focus?.();
  }

  /** The control whose path is the longest prefix of {@code path}: /fetch(0)/uri, else /fetch. */
  function fieldFor(path) {
    let best = null;
    for (const field of body.querySelectorAll('[data-path]')) {
      const p = field.dataset.path;
      if ((path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}(`)) && (!best || p.length > best.dataset.path.length)) best = field;
    }
    return best;
  }

  function jsonControls() {
    return h('div', {class: 'field'}, h('label', {for: 'app-json'}, 'App definition (JSON)'),
        h('textarea', {id: 'app-json', rows: 24, spellcheck: 'false', class: 'code', value: JSON.stringify(definition, null, 2)}));
  }

  function formControls() {
    const check = (definition.healthChecks || [])[0];
    return [
      h('fieldset', {}, h('legend', {}, 'App'),
          groupPicker(),
          text('ID', '/id', {required: true, readonly: editing, placeholder: '/team/web',
            oninput: e => { body.querySelector('[data-path="group"] > input').value = groupOf(e.target.value); },
            hint: 'Lower-case names separated by /: the group part comes from the group above, the name is yours'}),
          h('div', {class: 'field', role: 'radiogroup', 'aria-label': 'Runs'},
              radio('run', 'command', 'A command', kind === 'command', () => { kind = 'command'; delete definition.container; draw(); }),
              radio('run', 'docker', 'A Docker image', kind === 'docker', () => { kind = 'docker'; draw(); })),
          kind === 'command' ? text('Command', '/cmd', {multiline: true, placeholder: 'python3 -m http.server $PORT0'})
              : [text('Docker image', '/container/docker/image', {placeholder: 'registry/name:tag'}), text('Command (optional)', '/cmd', {})],
          h('div', {class: 'row'}, number('CPUs', '/cpus', {step: 0.01}), number('Memory (MiB)', '/mem', {step: 1}),
              number('Instances', '/instances', {step: 1})),
          ports()),
      healthCheck(check),
      artifacts(),
      dependencies(),
      h('fieldset', {}, h('legend', {}, 'Environment and labels'),
          pairs('Environment', '/env', 'KEY=value, one a line'), pairs('Labels', '/labels', 'key=value, one a line')),
      h('fieldset', {}, h('legend', {}, 'Backoff after failures'),
          h('div', {class: 'row'}, number('First delay (s)', '/backoffSeconds', {step: 1}), number('Factor', '/backoffFactor', {step: 0.01}),
              number('Longest delay (s)', '/maxLaunchDelaySeconds', {step: 1}))),
    ];
  }

  function ports() {
    const field = control('Ports', '/portDefinitions', h('input', {type: 'text', placeholder: '0, 0 (0 = any free port)',
      value: (definition.portDefinitions || []).map(p => p.port).join(', '),
      oninput: e => {
        const list = e.target.value.split(',').map(s => s.trim()).filter(Boolean);
        if (list.length) definition.portDefinitions = list.map(p => ({...((definition.portDefinitions || []).find(d => String(d.port) === p) || {}), port: toNumber(p)}));
        else delete definition.portDefinitions;
      }}), 'Comma-separated; each task gets as many host ports ($PORT0, $PORT1...)');
    return field;
  }

  function healthCheck(check) {
    const protocol = check?.protocol || '';
    const set = (key, value) => {
      const c = definition.healthChecks[0];
      if (value === undefined || value === '') delete c[key];
      else c[key] = value;
    };
    const select = h('select', {onchange: e => {
      if (!e.target.value) delete definition.healthChecks;
      else definition.healthChecks = [{...(definition.healthChecks?.[0] || {}), protocol: e.target.value}];
      draw();
    }}, [['', 'None'], ['HTTP', 'HTTP'], ['TCP', 'TCP'], ['COMMAND', 'Command']].map(([v, t]) => h('option', {value: v, selected: v === protocol}, t)));
    const sub = (label, key, input, hint) => control(label, `/healthChecks(0)/${key}`, input, hint);
    const num = (label, key) => sub(label, key, h('input', {type: 'number', step: 1, min: 0, value: check?.[key] ?? '',
      oninput: e => set(key, e.target.value === '' ? undefined : toNumber(e.target.value))}));
    return h('fieldset', {}, h('legend', {}, 'Health check'),
        control('Protocol', '/healthChecks(0)/protocol', select),
        protocol === 'HTTP' ? sub('Path', 'path', h('input', {type: 'text', value: check.path ?? '/', oninput: e => set('path', e.target.value)})) : null,
        protocol === 'HTTP' || protocol === 'TCP' ? num('Port index', 'portIndex') : null,
        protocol === 'COMMAND' ? sub('Command', 'command', h('input', {type: 'text', value: check.command?.value ?? '',
          oninput: e => set('command', {value: e.target.value})})) : null,
        protocol ? h('div', {class: 'row'}, num('First check after (s)', 'delaySeconds'), num('Grace period (s)', 'gracePeriodSeconds'),
            num('Interval (s)', 'intervalSeconds'),
            num('Timeout (s)', 'timeoutSeconds'), num('Failures before kill', 'maxConsecutiveFailures')) : null);
  }

  function artifacts() {
    const list = definition.fetch || [];
    const section = h('fieldset', {id: 'artifacts'}, h('legend', {}, 'Artifacts'),
        list.map((artifact, i) => h('div', {class: 'artifact', 'data-path': `/fetch(${i})`},
            control('URI', `/fetch(${i})/uri`, h('input', {type: 'text', value: artifact.uri ?? '', placeholder: 'http://host/app.tgz',
              oninput: e => { artifact.uri = e.target.value; }})),
            control('SHA-256', `/fetch(${i})/sha256`, h('input', {type: 'text', value: artifact.sha256 ?? '', placeholder: 'optional, 64 hex digits',
              oninput: e => { if (e.target.value) artifact.sha256 = e.target.value; else delete artifact.sha256; }})),
            checkbox('Extract', artifact, 'extract'), checkbox('Executable', artifact, 'executable'),
            h('button', {type: 'button', onclick: () => { list.splice(i, 1); if (!list.length) delete definition.fetch; draw(); }},
                `Remove artifact ${i + 1}`))),
        h('button', {type: 'button', id: 'add-artifact', onclick: () => { definition.fetch = [...list, {uri: ''}]; draw(); }}, 'Add artifact'));
    return section;
  }

  /**
   * The group the app goes in: picking or typing one puts it before the id's name ('/shop' and 'web' make
   * '/shop/web'), and typing an id shows its group here. Not an app field: its path names no 422's.
   */
  function groupPicker() {
    const input = h('input', {type: 'text', list: groupList.id, readonly: editing, placeholder: '/ (none)', value: groupOf(definition.id),
      oninput: e => {
        const group = `/${e.target.value.split('/').filter(Boolean).join('/')}`;
        const name = (definition.id || '').slice((definition.id || '').lastIndexOf('/') + 1);
        definition.id = group === ROOT ? `/${name}` : `${group}/${name}`;
        body.querySelector('[data-path="/id"] > input').value = definition.id;
      }});
    return control('Group', 'group', input, 'An existing group, or a new one (made with the app)');
  }

  /** The apps and groups it depends on: a deployment starts it once they are running and healthy. */
  function dependencies() {
    dependencySelect = h('select', {multiple: true, size: 6, onchange: e => {
      const chosen = [...e.target.selectedOptions].map(o => o.value);
      if (chosen.length) definition.dependencies = chosen;
      else delete definition.dependencies;
    }}, dependencyOptions());
    return h('fieldset', {}, h('legend', {}, 'Dependencies'), control('Depends on', '/dependencies', dependencySelect,
        'Started after these are running and healthy; Ctrl-click picks several'));
  }

  /** Every app and group but this app itself, and what it already depends on (even if it is gone). */
  function dependencyOptions() {
    if (known.error) return h('option', {disabled: true}, `The apps cannot be listed: ${known.error}`);
    const chosen = new Set(definition.dependencies || []);
    const option = id => h('option', {value: id, selected: chosen.has(id)}, id);
    const apps = known.apps.filter(id => id !== definition.id);
    const missing = [...chosen].filter(id => !apps.includes(id) && !known.groups.includes(id));
    return [h('optgroup', {label: 'Apps'}, [...apps, ...missing].map(option)),
      known.groups.length ? h('optgroup', {label: 'Groups'}, known.groups.map(option)) : null];
  }

  function checkbox(label, target, key) {
    const id = uid('check');
    return h('span', {class: 'check'}, h('input', {type: 'checkbox', id, checked: !!target[key],
      onchange: e => { target[key] = e.target.checked; }}), h('label', {for: id}, label));
  }

  function radio(name, value, label, checked, onchange) {
    const id = uid('radio');
    return h('span', {class: 'check'}, h('input', {type: 'radio', name, id, value, checked, onchange}), h('label', {for: id}, label));
  }

  /** KEY=value lines to an object (the first '=' splits). */
  function pairs(label, path, hint) {
    const key = path.slice(1);
    return control(label, path, h('textarea', {rows: 3, class: 'code', placeholder: hint,
      value: Object.entries(definition[key] || {}).map(([k, v]) => `${k}=${v}`).join('\n'),
      oninput: e => {
        const entries = e.target.value.split('\n').map(l => l.trim()).filter(Boolean)
            .map(l => l.includes('=') ? [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] : [l, '']);
        if (entries.length) definition[key] = Object.fromEntries(entries);
        else delete definition[key];
      }}), hint);
  }

  function text(label, path, {multiline, hint, oninput, ...attrs}) {
    const input = h(multiline ? 'textarea' : 'input', {...attrs, type: multiline ? undefined : 'text', rows: multiline ? 2 : undefined,
      value: get(path) ?? '', oninput: e => { put(path, e.target.value === '' ? undefined : e.target.value); oninput?.(e); }});
    return control(label, path, input, hint);
  }

  function number(label, path, attrs) {
    return control(label, path, h('input', {type: 'number', ...attrs, value: get(path) ?? '',
      oninput: e => put(path, e.target.value === '' ? undefined : toNumber(e.target.value))}));
  }

  /** A labelled control for the field at {@code path} (a 422's detail path), with an optional hint. */
  function control(label, path, input, hint) {
    const id = uid('field');
    input.id = id;
    input.name = path;
    const hintId = hint ? uid('hint') : undefined;
    if (hintId) input.setAttribute('aria-describedby', hintId);
    return h('div', {class: 'field', 'data-path': path}, h('label', {for: id}, label), input,
        hint ? h('small', {id: hintId}, hint) : null);
  }

  function get(path) {
    return path.split('/').slice(1).reduce((o, k) => o?.[k], definition);
  }

  /** Sets (or, with undefined, removes) the field at a /a/b/c path, making the objects on the way. */
  function put(path, value) {
    const keys = path.split('/').slice(1);
    let target = definition;
    for (const k of keys.slice(0, -1)) target = target[k] ??= {};
    if (value === undefined) delete target[keys.at(-1)];
    else target[keys.at(-1)] = value;
    if (path === '/container/docker/image') definition.container.type = 'DOCKER';
  }
}

/** The group part of an id, '' for the root: '/shop/web' → '/shop'. */
function groupOf(id) {
  const group = parentOf(id || '');
  return group === ROOT ? '' : group;
}

function toNumber(text) {
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}
