// Actor network: nodes are actor codes, edges are actor → recipient dyads, laid out with a
// small deterministic force simulation and drawn as SVG.
import { goldsteinColor } from './colors.js';
import { el, fmt, svg, tooltip } from './svg.js';

const WIDTH = 560;
const HEIGHT = 340;

/// Positions nodes: circle start, then spring/repulsion iterations (deterministic).
function layout(nodes, edges) {
  const n = nodes.length;
  const index = new Map(nodes.map((d, i) => [d.code, i]));
  const pos = nodes.map((_, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, n);
    return { x: WIDTH / 2 + Math.cos(a) * WIDTH * 0.3, y: HEIGHT / 2 + Math.sin(a) * HEIGHT * 0.3 };
  });
  const links = edges.map((e) => [index.get(e.source), index.get(e.target)]).filter(([a, b]) => a !== undefined && b !== undefined && a !== b);
  const ideal = Math.max(40, Math.min(110, Math.sqrt((WIDTH * HEIGHT) / Math.max(1, n)) * 1.3));
  for (let iter = 0; iter < 300; iter++) {
    const cool = 1 - iter / 300;
    const disp = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dx = pos[i].x - pos[j].x;
        let dy = pos[i].y - pos[j].y;
        let d2 = dx * dx + dy * dy;
        if (d2 < 0.01) { dx = 0.1 * (i - j); dy = 0.1; d2 = dx * dx + dy * dy; }
        if (d2 > 9 * ideal * ideal) continue;  // repulsion only between near nodes
        const f = (ideal * ideal) / d2;
        disp[i].x += dx * f; disp[i].y += dy * f;
        disp[j].x -= dx * f; disp[j].y -= dy * f;
      }
    }
    for (const [a, b] of links) {
      const dx = pos[a].x - pos[b].x;
      const dy = pos[a].y - pos[b].y;
      const d = Math.sqrt(dx * dx + dy * dy) || 0.1;
      const f = d / ideal;
      disp[a].x -= dx * f; disp[a].y -= dy * f;
      disp[b].x += dx * f; disp[b].y += dy * f;
    }
    for (let i = 0; i < n; i++) {
      disp[i].x += (WIDTH / 2 - pos[i].x) * 0.15;
      disp[i].y += (HEIGHT / 2 - pos[i].y) * 0.15;
      const d = Math.sqrt(disp[i].x ** 2 + disp[i].y ** 2) || 1;
      const step = Math.min(d, 12 * cool + 0.5);
      pos[i].x += (disp[i].x / d) * step;
      pos[i].y += (disp[i].y / d) * step;
    }
  }
  // Fit the layout into the drawing area, leaving room for labels.
  const xs = pos.map((p) => p.x);
  const ys = pos.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (WIDTH - 90) / Math.max(1, x1 - x0);
  const sy = (HEIGHT - 50) / Math.max(1, y1 - y0);
  return pos.map((p) => ({ x: 45 + (p.x - x0) * (n > 1 ? sx : 0) + (n > 1 ? 0 : (WIDTH - 90) / 2),
    y: 20 + (p.y - y0) * (n > 1 ? sy : 0) + (n > 1 ? 0 : (HEIGHT - 50) / 2) }));
}

/// Draws the /api/dyads response into `container`; `onSelect(code)` is called on node click.
export function renderNetwork(container, data, onSelect) {
  container.replaceChildren();
  const nodes = (data.nodes || []).slice().sort((a, b) => b.count - a.count).slice(0, 40);
  const keep = new Set(nodes.map((d) => d.code));
  const edges = (data.edges || []).filter((e) => keep.has(e.source) && keep.has(e.target));
  if (nodes.length === 0) {
    container.append(el('div', { class: 'empty', text: 'No actor dyads match the filters.' }));
    return;
  }
  const pos = layout(nodes, edges);
  const at = new Map(nodes.map((d, i) => [d.code, pos[i]]));
  const maxNode = Math.max(...nodes.map((d) => d.count));
  const maxEdge = Math.max(1, ...edges.map((e) => e.count));
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'network-svg', role: 'img', 'aria-label': 'Actor network' });
  root.append(svg('defs', {}, [svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' },
    [svg('path', { d: 'M0,0L10,5L0,10z', fill: '#8a94a3' })])]));
  const radius = (d) => 5 + 13 * Math.sqrt(d.count / maxNode);
  const byCode = new Map(nodes.map((d) => [d.code, d]));
  const edgeLayer = svg('g', { class: 'edges' });
  for (const e of edges) {
    const a = at.get(e.source);
    const b = at.get(e.target);
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const d = Math.sqrt(dx * dx + dy * dy) || 1;
    const rb = radius(byCode.get(e.target)) + 2;
    const ra = radius(byCode.get(e.source));
    const mean = e.count ? e.goldstein / e.count : 0;
    // A slight curve keeps A → B and B → A apart.
    const x1 = a.x + (dx / d) * ra;
    const y1 = a.y + (dy / d) * ra;
    const x2 = b.x - (dx / d) * rb;
    const y2 = b.y - (dy / d) * rb;
    const cx = (x1 + x2) / 2 - (dy / d) * d * 0.12;
    const cy = (y1 + y2) / 2 + (dx / d) * d * 0.12;
    const line = svg('path', { d: `M${x1.toFixed(1)},${y1.toFixed(1)}Q${cx.toFixed(1)},${cy.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}`,
      fill: 'none', stroke: goldsteinColor(mean), 'stroke-width': 1 + 4 * (e.count / maxEdge), 'marker-end': 'url(#arrow)',
      class: 'edge', 'data-source': e.source, 'data-target': e.target });
    edgeLayer.append(tooltip(line, `${e.source} → ${e.target}: ${fmt(e.count)} events, mean Goldstein ${mean.toFixed(1)}`));
  }
  const nodeLayer = svg('g', { class: 'nodes' });
  for (const d of nodes) {
    const p = at.get(d.code);
    const g = svg('g', { class: 'node', transform: `translate(${p.x},${p.y})`, 'data-code': d.code });
    g.append(tooltip(svg('circle', { r: radius(d) }), `${d.code}${d.country ? ` (${d.country})` : ''}: ${fmt(d.count)} events`));
    g.append(svg('text', { y: radius(d) + 11, 'text-anchor': 'middle' }, [d.code]));
    g.addEventListener('click', () => onSelect(d.code));
    nodeLayer.append(g);
  }
  root.append(edgeLayer, nodeLayer);
  container.append(root);
  container.append(el('div', { class: 'legend small' }, [
    el('span', { class: 'legend-item' }, [el('span', { class: 'swatch', style: `background:${goldsteinColor(-10)}` }), 'conflict']),
    el('span', { class: 'legend-item' }, [el('span', { class: 'swatch', style: `background:${goldsteinColor(0)}` }), 'neutral']),
    el('span', { class: 'legend-item' }, [el('span', { class: 'swatch', style: `background:${goldsteinColor(10)}` }), 'cooperation']),
    el('span', { class: 'muted', text: ` · edge colour: mean Goldstein · ${nodes.length} actors, ${edges.length} dyads` }),
  ]));
}
