// Offline world map: Natural Earth 1:110m country outlines (world-atlas, bundled at build
// time) in an equirectangular projection, with event markers clustered by screen distance.
import { feature } from 'topojson-client';
import world from 'world-atlas/countries-110m.json';
import { el, fmt, svg, tooltip } from './svg.js';

const WIDTH = 960;
const LAT_TOP = 84;
const LAT_BOTTOM = -58;
const HEIGHT = ((LAT_TOP - LAT_BOTTOM) / 360) * WIDTH;
const CLUSTER_PX = 26;

const project = (lon, lat) => [((lon + 180) / 360) * WIDTH, ((LAT_TOP - lat) / 360) * WIDTH];
const unproject = (x, y) => [(x / WIDTH) * 360 - 180, LAT_TOP - (y / WIDTH) * 360];

let countryPaths = null;

function ringPath(ring) {
  let d = '';
  for (let i = 0; i < ring.length; i++) {
    const [px, py] = project(ring[i][0], Math.max(LAT_BOTTOM - 10, ring[i][1]));
    d += `${i ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`;
  }
  return `${d}Z`;
}

function buildCountryPaths() {
  const countries = feature(world, world.objects.countries).features;
  return countries.map((f) => {
    const g = f.geometry;
    if (!g) return null;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    return { name: f.properties.name, d: polygons.map((p) => p.map(ringPath).join('')).join('') };
  }).filter(Boolean);
}

/// Groups places whose projected positions fall in the same screen-sized grid cell.
function cluster(places, zoom) {
  const cell = CLUSTER_PX / zoom;
  const cells = new Map();
  for (const p of places) {
    const [px, py] = project(p.lon, p.lat);
    const key = `${Math.floor(px / cell)}:${Math.floor(py / cell)}`;
    if (!cells.has(key)) cells.set(key, { places: [], count: 0, sx: 0, sy: 0 });
    const c = cells.get(key);
    c.places.push(p);
    c.count += p.count;
    c.sx += px * p.count;
    c.sy += py * p.count;
  }
  return [...cells.values()].map((c) => ({ ...c, x: c.sx / c.count, y: c.sy / c.count }))
    .sort((a, b) => b.count - a.count);
}

/// A pan/zoom world map in `container`; `update(places)` redraws the markers,
/// `onSelectBox([minlon, minlat, maxlon, maxlat])` is called when a single place is clicked.
export function createMap(container, onSelectBox) {
  countryPaths ??= buildCountryPaths();
  const view = { x: 0, y: 0, k: 1 };
  let places = [];
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'map-svg', role: 'img', 'aria-label': 'Event places' });
  const ocean = svg('rect', { x: -WIDTH, y: -HEIGHT, width: WIDTH * 3, height: HEIGHT * 3, class: 'ocean' });
  const land = svg('g', { class: 'land' });
  for (const c of countryPaths) land.append(tooltip(svg('path', { d: c.d, class: 'country' }), c.name));
  const markers = svg('g', { class: 'markers' });
  root.append(ocean, land, markers);
  const zoomControls = el('div', { class: 'zoom-controls' }, [
    el('button', { type: 'button', text: '+', 'aria-label': 'Zoom in', onclick: () => zoomAt(WIDTH / 2, HEIGHT / 2, 2, true) }),
    el('button', { type: 'button', text: '−', 'aria-label': 'Zoom out', onclick: () => zoomAt(WIDTH / 2, HEIGHT / 2, 0.5, true) }),
    el('button', { type: 'button', text: '⟲', 'aria-label': 'Reset view', onclick: () => { Object.assign(view, { x: 0, y: 0, k: 1 }); apply(); } }),
  ]);
  const status = el('div', { class: 'map-status' });
  container.replaceChildren(root, zoomControls, status);

  function apply() {
    view.k = Math.min(64, Math.max(1, view.k));
    const w = WIDTH / view.k;
    const h = HEIGHT / view.k;
    view.x = Math.min(WIDTH - w, Math.max(0, view.x));
    view.y = Math.min(HEIGHT - h, Math.max(0, view.y));
    root.setAttribute('viewBox', `${view.x} ${view.y} ${w} ${h}`);
    drawMarkers();
  }

  // Zooms by `factor` keeping the view point (vx, vy) fixed; `centre` zooms around the view centre.
  function zoomAt(vx, vy, factor, centre = false) {
    const w = WIDTH / view.k;
    const h = HEIGHT / view.k;
    const cx = centre ? view.x + w / 2 : vx;
    const cy = centre ? view.y + h / 2 : vy;
    const fx = centre ? 0.5 : (cx - view.x) / w;
    const fy = centre ? 0.5 : (cy - view.y) / h;
    view.k *= factor;
    view.k = Math.min(64, Math.max(1, view.k));
    view.x = cx - fx * (WIDTH / view.k);
    view.y = cy - fy * (HEIGHT / view.k);
    apply();
  }

  function toView(event) {
    const rect = root.getBoundingClientRect();
    return [view.x + ((event.clientX - rect.left) / rect.width) * (WIDTH / view.k),
      view.y + ((event.clientY - rect.top) / rect.height) * (HEIGHT / view.k)];
  }

  root.addEventListener('wheel', (event) => {
    event.preventDefault();
    const [vx, vy] = toView(event);
    zoomAt(vx, vy, event.deltaY < 0 ? 1.4 : 1 / 1.4);
  }, { passive: false });
  let drag = null;
  root.addEventListener('pointerdown', (event) => {
    if (event.target.closest('.marker')) return;
    drag = { x: event.clientX, y: event.clientY, vx: view.x, vy: view.y };
    root.setPointerCapture(event.pointerId);
  });
  root.addEventListener('pointermove', (event) => {
    if (!drag) return;
    const rect = root.getBoundingClientRect();
    const scale = WIDTH / view.k / rect.width;
    view.x = drag.vx - (event.clientX - drag.x) * scale;
    view.y = drag.vy - (event.clientY - drag.y) * scale;
    apply();
  });
  root.addEventListener('pointerup', () => { drag = null; });

  function drawMarkers() {
    markers.replaceChildren();
    const clusters = cluster(places, view.k);
    const max = clusters.reduce((m, c) => Math.max(m, c.count), 1);
    for (const c of clusters) {
      const r = (5 + 13 * Math.sqrt(c.count / max)) / view.k;
      const names = c.places.slice(0, 8).map((p) => `${p.name}${p.country ? ` (${p.country})` : ''}: ${fmt(p.count)}`);
      if (c.places.length > 8) names.push(`… ${c.places.length - 8} more places`);
      const g = svg('g', { class: `marker${c.places.length > 1 ? ' cluster' : ''}`, 'data-count': c.count,
        'data-places': c.places.map((p) => p.name).join('|'), transform: `translate(${c.x},${c.y})` });
      g.append(tooltip(svg('circle', { r }), names.join('\n')));
      if (r * view.k >= 10) {
        g.append(svg('text', { 'text-anchor': 'middle', dy: '0.35em', 'font-size': 10 / view.k }, [c.count > 999 ? `${Math.round(c.count / 1000)}k` : String(c.count)]));
      }
      g.addEventListener('click', () => {
        if (c.places.length > 1 && view.k < 64) {
          zoomAt(c.x, c.y, 3);
          view.x = c.x - WIDTH / view.k / 2;
          view.y = c.y - HEIGHT / view.k / 2;
          apply();
        } else {
          const lons = c.places.map((p) => p.lon);
          const lats = c.places.map((p) => p.lat);
          const pad = 0.05;
          onSelectBox([Math.min(...lons) - pad, Math.min(...lats) - pad, Math.max(...lons) + pad, Math.max(...lats) + pad]
            .map((v) => +v.toFixed(4)));
        }
      });
      markers.append(g);
    }
    const [lon0, lat0] = unproject(view.x, view.y);
    status.textContent = `${fmt(places.length)} places${view.k > 1 ? ` · zoom ×${view.k.toFixed(1)} near ${lat0.toFixed(0)}°, ${lon0.toFixed(0)}°` : ''}`;
  }

  return {
    update(newPlaces) {
      places = (newPlaces || []).filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon));
      drawMarkers();
    },
  };
}
