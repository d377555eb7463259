// Marathon's groups: a tree of ids rooted at '/', an app in the group its id's parent names ('/shop/db' is in
// '/shop'). The apps list and a group's page both show apps in that tree; this module builds the tree, sums a
// group's counts and lays out its rows (a header per group, then what it holds; nothing below a collapsed one).
export const ROOT = '/';

/** '/shop/db' → '/shop'; '/shop' → '/'. */
export function parentOf(id) {
  const cut = id.lastIndexOf('/');
  return cut <= 0 ? ROOT : id.slice(0, cut);
}

/** Whether {@code id} is {@code groupId} or lies below it. */
export function within(id, groupId) {
  return groupId === ROOT || id === groupId || id.startsWith(`${groupId}/`);
}

/** The groups from below the root down to {@code id}: '/a/b' → ['/a', '/a/b']. */
export function lineage(id) {
  const parts = id.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
}

/**
 * A dependency as Marathon resolves it (PathId.canonicalPath): an absolute id as it is, a relative one ('db',
 * '../db', './db') from {@code base}, the group of the app or group that names it.
 */
export function resolve(path, base) {
  const segments = path.startsWith('/') ? [] : base.split('/').filter(Boolean);
  for (const part of path.split('/').filter(Boolean)) {
    if (part === '..') segments.pop();
    else if (part !== '.') segments.push(part);
  }
  return `/${segments.join('/')}`;
}

/** A GroupInfo (GET /v2/groups) and every group below it. */
export function groupsBelow(group) {
  return [group, ...(group.groups || []).flatMap(groupsBelow)];
}

/** Every group id of a GroupInfo tree, its own included. */
export function groupIds(group) {
  return groupsBelow(group).map(g => g.id);
}

/**
 * The tree below {@code rootId} of {@code items} ({app, ...}: an app and what the view shows with it) and of the
 * groups {@code knownGroups} names (groups without apps are groups too): nodes {id, items, groups}. The groups
 * between an app and the root are made as needed, as Marathon makes them for a nested app id.
 */
export function treeOf(rootId, items, knownGroups = []) {
  const nodes = new Map([[rootId, {id: rootId, items: [], groups: []}]]);
  const node = id => {
    if (!nodes.has(id)) {
      const made = {id, items: [], groups: []};
      nodes.set(id, made);
      node(parentOf(id)).groups.push(made);
    }
    return nodes.get(id);
  };
  knownGroups.filter(id => within(id, rootId)).forEach(node);
  items.filter(item => within(item.app.id, rootId) && item.app.id !== rootId).forEach(item => node(parentOf(item.app.id)).items.push(item));
  return nodes.get(rootId);
}

/** Every item of {@code group} and of the groups below it. */
export function itemsBelow(group) {
  return [...group.items, ...group.groups.flatMap(itemsBelow)];
}

/** A group's counts: its apps and their tasks, summed over every app below it (GET /v2/apps's counts). */
export function countsOf(group) {
  const apps = itemsBelow(group).map(item => item.app);
  const sum = key => apps.reduce((total, app) => total + (app[key] || 0), 0);
  return {apps: apps.length, instances: sum('instances'), running: sum('tasksRunning'), healthy: sum('tasksHealthy'),
    staged: sum('tasksStaged'), unhealthy: sum('tasksUnhealthy')};
}

/**
 * The rows of {@code tree} in order: its items (sorted by {@code compare}), then each sub-group (by id, ascending
 * when {@code groupOrder} is 1, descending when -1) as a header row followed by its own rows. Rows are {item,
 * depth, headers} or {group, depth, headers, collapsed}, {@code headers} being the header rows they are under.
 * Only items {@code keep} accepts are shown; while {@code filtering}, a group with none of them is left out.
 */
export function rowsOf(tree, {compare, groupOrder = 1, keep = () => true, filtering = false, collapsed = new Set()}) {
  const rows = [];
  const walk = (group, depth, headers) => {
    const items = group.items.filter(keep).sort(compare);
    const groups = group.groups.slice().sort((a, b) => groupOrder * a.id.localeCompare(b.id));
    items.forEach(item => rows.push({item, depth, headers}));
    for (const sub of groups) {
      if (filtering && !itemsBelow(sub).some(keep)) continue;
      const header = {group: sub, depth, headers, collapsed: collapsed.has(sub.id)};
      rows.push(header);
      if (!header.collapsed) walk(sub, depth + 1, [...headers, header]);
    }
  };
  walk(tree, 0, []);
  return rows;
}

/**
 * Page {@code page} (from 0) of {@code rows}, {@code size} items a page (so a page shows as many apps whatever
 * the groups): a header goes to the page of the item after it, and a page that begins inside a group repeats the
 * headers of the groups it is in, marked {@code continued}. Returns {rows, pages}.
 */
export function pageOf(rows, page, size) {
  let itemsBefore = 0;
  const paged = rows.map(row => {
    const at = Math.floor(itemsBefore / size);
    if (row.item) itemsBefore++;
    return {row, at};
  });
  const pages = Math.max(1, ...paged.map(p => p.at + 1));
  const shown = paged.filter(p => p.at === Math.min(page, pages - 1)).map(p => p.row);
  const repeated = shown.length ? shown[0].headers.map(header => ({...header, continued: true})) : [];
  return {rows: [...repeated, ...shown], pages};
}
