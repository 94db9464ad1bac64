// The workbench: a filter bar driving the timeline, map, actor network and event table,
// plus the document view. Filters live in the URL hash so views can be shared.
import { api, FILTER_KEYS } from './api.js';
import { PLOVER_TYPES } from './colors.js';
import { renderEvidence, highlight } from './document.js';
import { createMap } from './map.js';
import { renderNetwork } from './network.js';
import { el, fmt } from './svg.js';
import { renderTable } from './table.js';
import { renderTimeline } from './timeline.js';

const PAGE_SIZE = 50;
const $ = (id) => document.getElementById(id);
const form = $('filters');

const state = { filters: {}, offset: 0, sort: '-date', group: 'event', interval: 'auto' };
let inflight = null;

function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  const filters = {};
  for (const key of FILTER_KEYS) if (params.get(key)) filters[key] = params.get(key);
  state.filters = filters;
  state.offset = Number(params.get('offset')) || 0;
  state.sort = params.get('sort') || '-date';
  state.group = params.get('group') || 'event';
  state.interval = params.get('interval') || 'auto';
}

function writeHash() {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(state.filters)) if (v) params.set(k, v);
  if (state.offset) params.set('offset', state.offset);
  if (state.sort !== '-date') params.set('sort', state.sort);
  if (state.group !== 'event') params.set('group', state.group);
  if (state.interval !== 'auto') params.set('interval', state.interval);
  const hash = params.toString();
  history.replaceState(null, '', hash ? `#${hash}` : location.pathname + location.search);
}

function fillForm() {
  for (const input of form.elements) {
    if (!input.name) continue;
    if (input.type === 'checkbox') input.checked = state.filters[input.name] === '1';
    else input.value = state.filters[input.name] ?? (input.name === 'segment' ? 'article' : '');
  }
  $('timeline-group').value = state.group;
  $('timeline-interval').value = state.interval;
}

function readForm() {
  const filters = {};
  for (const input of form.elements) {
    if (!input.name) continue;
    if (input.type === 'checkbox') { if (input.checked) filters[input.name] = '1'; continue; }
    const value = input.value.trim();
    if (value && !(input.name === 'segment' && value === 'article')) filters[input.name] = value;
  }
  for (const key of ['bbox', 'doc']) if (state.filters[key]) filters[key] = state.filters[key];
  return filters;
}

function showError(message) {
  const box = $('error');
  box.hidden = !message;
  box.textContent = message || '';
}

function renderActiveFilters() {
  const box = $('active-filters');
  box.replaceChildren();
  const labels = { bbox: 'map area', doc: 'document' };
  for (const key of ['bbox', 'doc']) {
    if (!state.filters[key]) continue;
    box.append(el('span', { class: 'chip' }, [`${labels[key]}: ${state.filters[key]} `,
      el('button', { type: 'button', class: 'chip-x', 'aria-label': `Remove ${labels[key]} filter`, text: '×',
        onclick: () => { delete state.filters[key]; refresh(); } })]));
  }
}

function setFilters(update) {
  state.filters = { ...readForm(), ...update };
  for (const [k, v] of Object.entries(state.filters)) if (!v) delete state.filters[k];
  state.offset = 0;
  refresh();
}

const map = createMap($('map'), (bbox) => setFilters({ bbox: bbox.join(',') }));

async function loadTable(signal) {
  const data = await api.events(state.filters, { limit: PAGE_SIZE, offset: state.offset, sort: state.sort }, signal);
  renderTable($('events'), $('pager'), data, state.sort, {
    onOpen: (record) => openDocument(record),
    onSort: (sort) => { state.sort = sort; state.offset = 0; writeHash(); loadTable().catch(handleError); },
    onPage: (offset) => { state.offset = offset; writeHash(); loadTable().catch(handleError); },
  });
}

const MONTH_MS = 30.44 * 86400000;

// "auto" asks for months first and, when the events span only a few months, for weeks or days.
async function loadTimeline(signal) {
  const interval = state.interval === 'auto' ? 'month' : state.interval;
  let data = await api.timeline(state.filters, { interval, group: state.group }, signal);
  if (state.interval === 'auto') {
    const dates = data.series.flatMap((s) => s.points.map((p) => Date.parse(p.date))).filter(Number.isFinite);
    const months = dates.length ? (Math.max(...dates) - Math.min(...dates)) / MONTH_MS : 0;
    const finer = months < 3 ? 'day' : months < 10 ? 'week' : null;
    if (finer) data = await api.timeline(state.filters, { interval: finer, group: state.group }, signal);
    $('timeline-interval').options[0].textContent = `auto (${data.interval})`;
  }
  renderTimeline($('timeline'), $('timeline-legend'), data, (from, to) => setFilters({ from, to }));
}

function handleError(error) {
  if (error.name !== 'AbortError') showError(error.message);
}

async function refresh() {
  writeHash();
  fillForm();
  renderActiveFilters();
  showError('');
  inflight?.abort();
  inflight = new AbortController();
  const { signal } = inflight;
  document.body.classList.add('loading');
  await Promise.all([
    loadTable(signal),
    loadTimeline(signal),
    api.places(state.filters, { limit: 2000 }, signal).then((d) => map.update(d.places)),
    api.dyads(state.filters, { limit: 150 }, signal).then((d) => renderNetwork($('network'), d, (code) => setFilters({ actor: code }))),
  ].map((p) => p.catch(handleError)));
  if (!signal.aborted) document.body.classList.remove('loading');
}

async function openDocument(record) {
  const drawer = $('doc-drawer');
  drawer.hidden = false;
  $('drawer-backdrop').hidden = false;
  $('doc-title').textContent = record.doc_id;
  $('doc-meta').textContent = 'Loading…';
  $('doc-text').replaceChildren();
  $('doc-event').replaceChildren();
  try {
    const [doc, detail] = await Promise.all([api.document(record.doc_id), api.event(record.id)]);
    $('doc-title').textContent = doc.title || doc.id;
    const meta = [doc.id, doc.date, doc.source].filter(Boolean).join(' · ');
    $('doc-meta').replaceChildren(meta, doc.url ? el('a', { href: doc.url, target: '_blank', rel: 'noopener noreferrer', text: ' source ↗' }) : '');
    renderEvidence($('doc-event'), detail);
    $('doc-text').replaceChildren(highlight(doc.text, doc.spans || [], record.id));
    $('doc-text').querySelector('mark.selected')?.scrollIntoView({ block: 'center' });
  } catch (error) {
    $('doc-meta').textContent = `Could not load the document: ${error.message}`;
  }
}

function closeDocument() {
  $('doc-drawer').hidden = true;
  $('drawer-backdrop').hidden = true;
}

function init() {
  const select = form.elements.event;
  for (const type of PLOVER_TYPES) select.append(el('option', { value: type, text: type }));
  form.addEventListener('submit', (e) => { e.preventDefault(); setFilters({}); });
  $('reset').addEventListener('click', () => { state.filters = {}; state.offset = 0; refresh(); });
  $('timeline-group').addEventListener('change', (e) => { state.group = e.target.value; writeHash(); loadTimeline().catch(handleError); });
  $('timeline-interval').addEventListener('change', (e) => { state.interval = e.target.value; writeHash(); loadTimeline().catch(handleError); });
  $('doc-close').addEventListener('click', closeDocument);
  $('drawer-backdrop').addEventListener('click', closeDocument);
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') closeDocument(); });
  let resizeTimer = null;
  window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => loadTimeline().catch(handleError), 200); });
  api.health().then((h) => {
    $('health').textContent = `${fmt(h.documents)} documents · ${fmt(h.events)} events · v${h.version}`;
  }).catch((e) => { $('health').textContent = `API unavailable: ${e.message}`; });
  readHash();
  refresh();
}

init();
