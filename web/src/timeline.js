// Stacked bar timeline drawn as SVG on a continuous date axis.
import { seriesColor, seriesLabel } from './colors.js';
import { el, fmt, svg, tooltip } from './svg.js';

const DAY = 86400000;

function parseDate(text) {
  return Date.UTC(+text.slice(0, 4), +text.slice(5, 7) - 1, +text.slice(8, 10));
}

function isoDate(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

/// Last day covered by a bucket starting at `start` (ms) for the interval.
function bucketEnd(start, interval) {
  if (interval === 'week') return start + 6 * DAY;
  if (interval === 'month') {
    const d = new Date(start);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - DAY;
  }
  return start;
}

function niceStep(max, ticks) {
  const raw = Math.max(1, max / ticks);
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

function dateTicks(min, max, width) {
  const span = max - min;
  const count = Math.max(2, Math.floor(width / 110));
  const stepDays = Math.max(1, Math.round(span / DAY / count));
  const ticks = [];
  if (stepDays >= 300) {
    for (let y = new Date(min).getUTCFullYear(); Date.UTC(y, 0, 1) <= max; y += Math.max(1, Math.round(stepDays / 365))) {
      const t = Date.UTC(y, 0, 1);
      if (t >= min) ticks.push({ t, label: String(y) });
    }
  } else if (stepDays >= 25) {
    const months = Math.max(1, Math.round(stepDays / 30));
    const d = new Date(min);
    for (let m = d.getUTCFullYear() * 12 + d.getUTCMonth(); ; m += months) {
      const t = Date.UTC(Math.floor(m / 12), m % 12, 1);
      if (t > max) break;
      if (t >= min) ticks.push({ t, label: new Date(t).toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }) });
    }
  } else {
    for (let t = min; t <= max; t += stepDays * DAY) {
      ticks.push({ t, label: new Date(t).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' }) });
    }
  }
  return ticks;
}

/// Draws `data` (the /api/timeline response) into `container`, with a legend in `legend`.
/// `onSelect(from, to)` is called when a bar is clicked.
export function renderTimeline(container, legend, data, onSelect) {
  container.replaceChildren();
  legend.replaceChildren();
  const series = data.series || [];
  const buckets = new Map();
  for (const s of series) {
    for (const p of s.points) {
      if (!buckets.has(p.date)) buckets.set(p.date, []);
      buckets.get(p.date).push({ key: s.key, count: p.count, goldstein: p.goldstein });
    }
  }
  if (buckets.size === 0) {
    container.append(el('div', { class: 'empty', text: 'No dated events match the filters.' }));
    return;
  }
  const width = Math.max(320, container.clientWidth || 900);
  const height = 210;
  const margin = { top: 10, right: 12, bottom: 24, left: 44 };
  const innerW = width - margin.left - margin.right;
  const innerH = height - margin.top - margin.bottom;
  const dates = [...buckets.keys()].map(parseDate).sort((a, b) => a - b);
  const min = dates[0];
  const max = bucketEnd(dates[dates.length - 1], data.interval) + DAY;
  const x = (t) => margin.left + ((t - min) / (max - min)) * innerW;
  let maxTotal = 0;
  for (const parts of buckets.values()) maxTotal = Math.max(maxTotal, parts.reduce((a, p) => a + p.count, 0));
  const step = niceStep(maxTotal, 4);
  const top = Math.ceil(maxTotal / step) * step;
  const y = (v) => margin.top + innerH - (v / top) * innerH;

  const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, class: 'timeline-svg', role: 'img',
    'aria-label': 'Events over time' });
  for (let v = 0; v <= top; v += step) {
    root.append(svg('line', { x1: margin.left, x2: width - margin.right, y1: y(v), y2: y(v), class: 'grid-line' }));
    root.append(svg('text', { x: margin.left - 6, y: y(v) + 4, class: 'axis-label', 'text-anchor': 'end' }, [fmt(v)]));
  }
  for (const tick of dateTicks(min, max - DAY, innerW)) {
    root.append(svg('line', { x1: x(tick.t), x2: x(tick.t), y1: margin.top + innerH, y2: margin.top + innerH + 4, class: 'axis-line' }));
    root.append(svg('text', { x: x(tick.t), y: height - 6, class: 'axis-label', 'text-anchor': 'middle' }, [tick.label]));
  }
  const order = series.map((s) => s.key);
  for (const [date, parts] of buckets) {
    const start = parseDate(date);
    const end = bucketEnd(start, data.interval);
    const slot = x(end + DAY) - x(start);
    const w = Math.min(56, Math.max(1.5, slot - 1));
    const x0 = x(start) + (slot - 1 - w) / 2;
    parts.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
    let acc = 0;
    const total = parts.reduce((a, p) => a + p.count, 0);
    const bar = svg('g', { class: 'bar', 'data-date': date, 'data-count': total });
    for (const part of parts) {
      const rect = svg('rect', { x: x0, width: w, y: y(acc + part.count), height: Math.max(0.5, y(acc) - y(acc + part.count)),
        fill: seriesColor(data.group, part.key) });
      tooltip(rect, `${date}: ${fmt(part.count)} ${seriesLabel(data.group, part.key)} (Goldstein ${Number(part.goldstein).toFixed(1)})`);
      bar.append(rect);
      acc += part.count;
    }
    bar.addEventListener('click', () => onSelect(isoDate(start), isoDate(end)));
    root.append(bar);
  }
  root.append(svg('line', { x1: margin.left, x2: width - margin.right, y1: margin.top + innerH, y2: margin.top + innerH, class: 'axis-line' }));
  container.append(root);

  const totals = series.map((s) => ({ key: s.key, count: s.points.reduce((a, p) => a + p.count, 0) }))
    .sort((a, b) => b.count - a.count);
  for (const s of totals) {
    legend.append(el('span', { class: 'legend-item', 'data-key': s.key }, [
      el('span', { class: 'swatch', style: `background:${seriesColor(data.group, s.key)}` }),
      `${seriesLabel(data.group, s.key)} `, el('span', { class: 'muted', text: fmt(s.count) }),
    ]));
  }
}
