// A group's dependencies as a small graph, drawn as inline SVG: one column per dependency level, left to right in
// the order a deployment starts them (level 0 depends on nothing, an app one level right of the deepest thing it
// depends on), an arrow from each dependency to what depends on it. Made here rather than by a graph library: the
// UI has no build step and loads nothing from outside, and levels of boxes need no general layout.
import {h, plural, svg} from './dom.js';

const BOX = {width: 180, height: 30};
const GAP = {x: 56, y: 14};
const PAD = 8;
const MAX_LABEL = 24; // characters that fit in a box at the graph's font size

/**
 * Each node's level: 0 without dependencies, else one more than its deepest dependency. A cycle (the API refuses
 * them, so it is only a guard) counts as no dependency rather than looping.
 */
export function levelsOf(nodes) {
  const byId = new Map(nodes.map(n => [n.id, n]));
  const levels = new Map();
  const visiting = new Set();
  const level = id => {
    if (levels.has(id)) return levels.get(id);
    if (visiting.has(id)) return -1;
    visiting.add(id);
    const deps = byId.get(id)?.dependencies || [];
    const value = deps.length ? 1 + Math.max(...deps.map(level)) : 0;
    visiting.delete(id);
    levels.set(id, value);
    return value;
  };
  nodes.forEach(n => level(n.id));
  return levels;
}

/**
 * The graph of {@code nodes} ({id, kind: 'app' | 'group', dependencies: absolute ids, label}); an id depended on
 * that is no node is drawn as an outside node (dashed), with its full id. Returns a figure: the SVG and, for
 * screen readers, the same edges as a list.
 */
export function dependencyGraph(nodes) {
  const known = new Set(nodes.map(n => n.id));
  const outside = [...new Set(nodes.flatMap(n => n.dependencies))].filter(id => !known.has(id))
      .map(id => ({id, kind: 'outside', dependencies: [], label: id}));
  const all = [...nodes, ...outside];
  const levels = levelsOf(all);
  const columns = Array.from({length: 1 + Math.max(...levels.values())}, () => []);
  all.slice().sort((a, b) => a.id.localeCompare(b.id)).forEach(n => columns[levels.get(n.id)].push(n));
  const place = new Map();
  columns.forEach((column, level) => column.forEach((n, row) => place.set(n.id, {
    x: PAD + level * (BOX.width + GAP.x), y: PAD + row * (BOX.height + GAP.y)})));
  const width = 2 * PAD + columns.length * (BOX.width + GAP.x) - GAP.x;
  const height = 2 * PAD + Math.max(...columns.map(c => c.length)) * (BOX.height + GAP.y) - GAP.y;
  const edges = all.flatMap(n => n.dependencies.map(dep => ({dependent: n, dependency: dep})));

  const picture = svg('svg', {class: 'dependency-graph', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': `Dependency graph, ${plural(columns.length, 'level')}`},
  svg('defs', {}, svg('marker', {id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8,
    orient: 'auto-start-reverse'}, svg('path', {d: 'M 0 0 L 10 5 L 0 10 z'}))),
  edges.map(({dependent, dependency}) => edge(place.get(dependency), place.get(dependent.id), dependent.id, dependency)),
  all.map(n => box(n, place.get(n.id), levels.get(n.id))));
  return h('figure', {class: 'graph'}, h('div', {class: 'graph-scroll'}, picture),
      h('figcaption', {class: 'muted'}, 'Left to right in the order a deployment starts them: each arrow goes from a '
          + 'dependency to what depends on it. Dashed: outside this group.'),
      h('ul', {class: 'sr-only'}, edges.map(e => h('li', {}, `${e.dependent.id} depends on ${e.dependency}`))));
}

function edge(from, to, dependent, dependency) {
  const x1 = from.x + BOX.width;
  const y1 = from.y + BOX.height / 2;
  const x2 = to.x;
  const y2 = to.y + BOX.height / 2;
  const bend = (x2 - x1) / 2;
  return svg('path', {class: 'edge', 'data-dependent': dependent, 'data-dependency': dependency, 'marker-end': 'url(#arrow)',
    d: `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`},
  svg('title', {}, `${dependent} depends on ${dependency}`));
}

function box(node, at, level) {
  const label = node.label.length > MAX_LABEL ? `${node.label.slice(0, MAX_LABEL - 1)}…` : node.label;
  const shape = [svg('title', {}, `${node.kind === 'outside' ? 'outside this group' : node.kind}: ${node.id}`),
    svg('rect', {x: at.x, y: at.y, width: BOX.width, height: BOX.height, rx: node.kind === 'group' ? 2 : 6}),
    svg('text', {x: at.x + 10, y: at.y + BOX.height / 2, 'dominant-baseline': 'central'},
        node.kind === 'group' ? `▤ ${label}` : label)];
  // an outside id may be an app or a group: not known here, so not linked
  const href = {app: `#/apps${node.id}`, group: `#/groups${node.id}`}[node.kind];
  return svg('g', {class: `node node-${node.kind}`, 'data-id': node.id, 'data-kind': node.kind, 'data-level': level},
      href ? svg('a', {href}, shape) : shape);
}
