// Colours shared by the charts: one per PLOVER event type, one per quad class, and a
// diverging scale for Goldstein scores.

export const PLOVER_TYPES = ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT',
  'REQUEST', 'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'];

// Cooperative types in greens/blues, conflictual ones in oranges/reds, ordered like PLOVER_TYPES.
const PLOVER_COLORS = ['#1b7f5b', '#3a9bb8', '#5bb381', '#8fc99a', '#2f6f9f', '#6a8fd0', '#a3b8d9',
  '#c9b458', '#e0a33a', '#d98645', '#c8643b', '#b04f8f', '#8e5bb0', '#7a6a58', '#c23b3b', '#7d1f1f'];

export const QUAD_CLASSES = {
  1: { label: 'verbal cooperation', color: '#3a9bb8' },
  2: { label: 'material cooperation', color: '#1b7f5b' },
  3: { label: 'verbal conflict', color: '#e0a33a' },
  4: { label: 'material conflict', color: '#c23b3b' },
};

function hashColor(key) {
  let h = 0;
  for (const ch of String(key)) h = (h * 31 + ch.codePointAt(0)) >>> 0;
  return `hsl(${h % 360} 45% 50%)`;
}

/// Colour of a timeline series key under the given grouping.
export function seriesColor(group, key) {
  if (group === 'event' && (!key || key === 'null' || key === 'none')) return '#9aa5b1';
  if (group === 'quad_class' && QUAD_CLASSES[key]) return QUAD_CLASSES[key].color;
  if (group === 'none') return '#3a6ea5';
  const i = PLOVER_TYPES.indexOf(key);
  return i >= 0 ? PLOVER_COLORS[i] : hashColor(key);
}

/// Human label of a series key.
export function seriesLabel(group, key) {
  if (group === 'quad_class' && QUAD_CLASSES[key]) return `${key} ${QUAD_CLASSES[key].label}`;
  if (group === 'none') return 'events';
  return !key || key === 'null' || key === 'none' ? 'no PLOVER type' : key;
}

/// Colour for a mean Goldstein score in [-10, 10]: red (conflict) through grey to teal (cooperation).
export function goldsteinColor(score) {
  const t = Math.max(-1, Math.min(1, (score || 0) / 10));
  if (t < 0) return mix([150, 150, 150], [194, 59, 59], -t);
  return mix([150, 150, 150], [27, 127, 91], t);
}

function mix(a, b, t) {
  const c = a.map((v, i) => Math.round(v + (b[i] - v) * t));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}
