// Paginated event table; clicking a row opens the event's document.
import { seriesColor } from './colors.js';
import { el, fmt } from './svg.js';

function participants(list) {
  if (!list || list.length === 0) return el('span', { class: 'muted', text: '—' });
  return el('div', { class: 'participants' }, list.map((p) => el('div', {}, [
    el('code', { text: p.code || '?' }), ' ', el('span', { class: 'muted', text: p.text || '' }),
  ])));
}

/// Draws the /api/events response; `onOpen(record)` is called when a row is clicked,
/// `onSort(sort)` when a sortable header is clicked, `onPage(offset)` by the pager.
export function renderTable(table, pager, data, sort, { onOpen, onSort, onPage }) {
  const header = (label, key) => {
    if (!key) return el('th', { text: label });
    const active = sort === key || sort === `-${key}`;
    const next = sort === `-${key}` ? key : `-${key}`;
    return el('th', { class: `sortable${active ? ' active' : ''}`, onclick: () => onSort(next) },
      [label, el('span', { class: 'sort-mark', text: active ? (sort.startsWith('-') ? ' ▼' : ' ▲') : '' })]);
  };
  const head = el('thead', {}, [el('tr', {}, [header('Date', 'date'), header('Actor'), header('Event'), header('Recipient'),
    header('Place'), header('Goldstein', 'goldstein'), header('Document')])]);
  const body = el('tbody');
  for (const r of data.events) {
    const negated = (r.aux || []).includes('negation');
    const row = el('tr', { class: 'event-row', 'data-id': r.id, tabindex: 0, onclick: () => onOpen(r),
      onkeydown: (e) => { if (e.key === 'Enter') onOpen(r); } }, [
      el('td', { class: 'nowrap', text: r.date || '—' }),
      el('td', {}, [participants(r.actor)]),
      el('td', {}, [
        el('span', { class: 'badge', style: `background:${seriesColor('event', r.event)}`, text: r.event || '—' }),
        ' ', el('code', { class: 'muted', text: r.cameo || '' }), ' ', el('span', { text: r.event_text || '' }),
        negated ? el('span', { class: 'tag', text: 'negated' }) : null,
        r.segment === 'comment' ? el('span', { class: 'tag', text: 'comment' }) : null,
      ]),
      el('td', {}, [participants(r.recipient)]),
      el('td', { text: r.location ? `${r.location.name}${r.location.country ? `, ${r.location.country}` : ''}` : '—' }),
      el('td', { class: `num ${r.goldstein < 0 ? 'neg' : 'pos'}`, text: Number(r.goldstein).toFixed(1) }),
      el('td', { class: 'doc-cell', text: r.doc_id }),
    ]);
    body.append(row);
  }
  if (data.events.length === 0) {
    body.append(el('tr', {}, [el('td', { colspan: 7, class: 'empty', text: 'No events match the filters.' })]));
  }
  table.replaceChildren(head, body);

  const first = data.total === 0 ? 0 : data.offset + 1;
  const last = data.offset + data.events.length;
  // The API counts at most 10,000 matches: a capped total reads "10,000+" and paging goes on
  // while pages come back full.
  const total = data.total_capped ? `${fmt(data.total)}+` : fmt(data.total);
  const more = data.total_capped ? data.events.length === data.limit : last < data.total;
  pager.replaceChildren(
    el('span', { class: 'muted', 'data-testid': 'table-range', text: `${fmt(first)}–${fmt(last)} of ${total}` }),
    el('button', { type: 'button', text: '‹ Prev', disabled: data.offset === 0, onclick: () => onPage(Math.max(0, data.offset - data.limit)) }),
    el('button', { type: 'button', text: 'Next ›', disabled: !more, onclick: () => onPage(data.offset + data.limit) }),
  );
}
