// Document view: the full text with actor, recipient, event, place and date spans highlighted
// (offsets are Unicode code points), and the selected event's coding and evidence.
import { seriesColor, QUAD_CLASSES } from './colors.js';
import { el } from './svg.js';

const KIND_ORDER = ['event', 'actor', 'recipient', 'place', 'date'];

/// Splits `text` at every span boundary and wraps covered pieces in <mark> elements whose
/// classes name the kinds covering them; spans of `selectedId` get the class "selected".
export function highlight(text, spans, selectedId) {
  const chars = Array.from(text);
  const cuts = new Set([0, chars.length]);
  const valid = spans.filter((s) => s.start >= 0 && s.end <= chars.length && s.start < s.end);
  for (const s of valid) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const out = document.createDocumentFragment();
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    const piece = chars.slice(a, b).join('');
    const covering = valid.filter((s) => s.start <= a && s.end >= b);
    if (covering.length === 0) {
      out.append(piece);
      continue;
    }
    const kinds = [...new Set(covering.map((s) => s.kind))].sort((x, y) => KIND_ORDER.indexOf(x) - KIND_ORDER.indexOf(y));
    const selected = selectedId && covering.some((s) => s.event_id === selectedId);
    const mark = el('mark', { class: `span ${kinds.map((k) => `k-${k}`).join(' ')}${selected ? ' selected' : ''}`,
      'data-kinds': kinds.join(' '), title: kinds.join(', ') }, [piece]);
    out.append(mark);
  }
  return out;
}

function row(label, value) {
  return el('div', { class: 'ev-row' }, [el('span', { class: 'ev-label', text: label }), el('span', { class: 'ev-value' }, [value])]);
}

function codes(list) {
  if (!list || list.length === 0) return '—';
  return list.map((p) => `${p.code || '?'} “${p.text}”`).join('; ');
}

/// Fills the evidence panel for an event record and its mentions.
export function renderEvidence(container, detail) {
  container.replaceChildren();
  if (!detail) return;
  const r = detail.event;
  const quad = QUAD_CLASSES[r.quad_class];
  container.append(
    el('div', { class: 'ev-head' }, [
      el('span', { class: 'badge', style: `background:${seriesColor('event', r.event)}`, text: r.event || '—' }),
      el('code', { text: ` CAMEO ${r.cameo}` }),
      r.mode ? el('span', { class: 'tag', text: r.mode }) : null,
      ...(r.context || []).map((c) => el('span', { class: 'tag', text: c })),
      ...(r.aux || []).map((c) => el('span', { class: 'tag warn', text: c })),
    ]),
    row('Actor', codes(r.actor)),
    row('Recipient', codes(r.recipient)),
    row('Event text', r.event_text || '—'),
    row('Goldstein', `${Number(r.goldstein).toFixed(1)}${quad ? ` · quad class ${r.quad_class} (${quad.label})` : ''}`),
    row('Date', r.date ? `${r.date} (${r.date_precision}, from ${r.date_source}${r.date_text ? `: “${r.date_text}”` : ''})` : '—'),
    row('Place', r.location ? `${r.location.name}, ${r.location.country || '?'} (${r.location.lat}, ${r.location.lon}) · geonames ${r.location.geonameid}` : '—'),
    row('Evidence', el('code', { class: 'evidence-text', 'data-testid': 'evidence-text', text: r.evidence || '—' })),
  );
  const mentions = (detail.mentions || []).filter((m) => m.sentence && m.sentence.text);
  if (mentions.length > 1) {
    container.append(row('Mentions', el('ol', { class: 'mentions' }, mentions.map((m) => el('li', { text: `${m.doc_id}: ${m.sentence.text}` })))));
  }
}
