// End-to-end test of the web workbench in headless Debian Chromium (playwright-core, no
// browser download): codes examples into a temporary SQLite store, starts `dyad serve` on a
// free loopback port, then filters, inspects the charts and opens a document like a user.
// Usage: node web/e2e/workbench.e2e.mjs [path/to/dyad]   (screenshots go to build/e2e/)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dyad = resolve(process.argv[2] || process.env.DYAD_BINARY || join(repo, 'build/dyad'));
const shared = resolve(repo, process.env.DYAD_SHARED || '../shared');
const shotDir = resolve(process.env.DYAD_E2E_OUT || join(repo, 'build/e2e'));
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
const webDir = join(repo, 'web/dist');

let failures = 0;
function check(condition, message) {
  if (condition) {
    console.log(`  ok   ${message}`);
  } else {
    failures++;
    console.log(`  FAIL ${message}`);
  }
}

function fatal(message) {
  console.error(`workbench e2e: ${message}`);
  process.exit(1);
}

if (!existsSync(dyad)) fatal(`no dyad binary at ${dyad}`);
if (!existsSync(join(webDir, 'index.html'))) fatal(`the workbench is not built (${webDir}); run \`make web\``);
if (!existsSync(browserPath)) fatal(`no Chromium at ${browserPath} (apt-get install chromium)`);

// 1. A temporary store coded from the examples (and, when present, the showcase article
//    and a sample of the shared corpus).
const work = mkdtempSync(join(tmpdir(), 'dyad-e2e-'));
const db = join(work, 'events.sqlite');
const inputs = readdirSync(join(repo, 'examples')).filter((f) => f.endsWith('.txt') || f.endsWith('.jsonl'))
  .map((f) => join(repo, 'examples', f));
const showcase = join(shared, 'seed/000_6070be0b087e21bb.txt');
const showcaseId = '000_6070be0b087e21bb.txt';
const haveShared = existsSync(showcase);
if (haveShared) {
  inputs.push(showcase);
  const corpusDir = join(shared, 'corpus');
  const corpus = existsSync(corpusDir) ? readdirSync(corpusDir).filter((f) => f.endsWith('.jsonl')).sort() : [];
  if (corpus.length > 0) {
    const lines = readFileSync(join(corpusDir, corpus[0]), 'utf8').split('\n').filter(Boolean).slice(0, 200);
    const sample = join(work, 'corpus-sample.jsonl');
    writeFileSync(sample, `${lines.join('\n')}\n`);
    inputs.push(sample);
  }
}
const coded = spawnSync(dyad, ['code', '--db', db, '--db-only', '--date', '2024-03-12', ...inputs], { encoding: 'utf8' });
if (coded.status !== 0) fatal(`dyad code --db failed (${coded.status}): ${coded.stderr}`);
console.log(`store: ${inputs.length} inputs → ${db}${haveShared ? ' (with showcase and corpus sample)' : ''}`);

// 2. `dyad serve` on a free port; the port is read from its start-up line.
const server = spawn(dyad, ['serve', '--db', db, '--port', '0', '--web-dir', webDir], { stdio: ['ignore', 'ignore', 'pipe'] });
let serverLog = '';
const base = await new Promise((resolveBase, reject) => {
  const timer = setTimeout(() => reject(new Error(`dyad serve did not start: ${serverLog}`)), 15000);
  server.stderr.on('data', (chunk) => {
    serverLog += chunk;
    const m = serverLog.match(/listening on (http:\/\/[^/\s]+\/)/);
    if (m) { clearTimeout(timer); resolveBase(m[1]); }
  });
  server.on('exit', (code) => { clearTimeout(timer); reject(new Error(`dyad serve exited (${code}): ${serverLog}`)); });
}).catch((e) => fatal(e.message));

const apiJson = async (path) => (await fetch(new URL(path, base))).json();
// The pager's total as the workbench shows it ("10,000+" when the API capped the count).
const shownTotal = (page) => page.total.toLocaleString('en-US') + (page.total_capped ? '+' : '');
let browser;
try {
  mkdirSync(shotDir, { recursive: true });
  browser = await chromium.launch({
    executablePath: browserPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // 400 answers are expected once (the malformed filter below); any other console error counts.
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('status of 400')) pageErrors.push(m.text()); });
  // The workbench must not reach anything but the server (offline basemap, no CDN).
  const foreign = [];
  page.on('request', (r) => { if (!r.url().startsWith(base)) foreign.push(r.url()); });

  const health = await apiJson('api/health');
  console.log(`serving ${base}: ${health.documents} documents, ${health.events} events`);
  await page.goto(base);
  await page.waitForSelector('#events tbody tr.event-row');
  await page.waitForSelector('#timeline .bar');
  check((await page.textContent('#health')).includes(`${health.events.toLocaleString('en-US')} events`), 'header shows the store counts');
  const overview = await apiJson('api/events?limit=1');
  check((await page.textContent('[data-testid=table-range]')).endsWith(`of ${shownTotal(overview)}`), `table pager shows all ${overview.total} article events`);
  check(await page.locator('#map .country').count() > 100, 'map draws the offline country outlines');
  const places = await apiJson('api/places?limit=2000');
  check(places.places.length > 0 && await page.locator('#map .marker').count() > 0, `map shows markers for ${places.places.length} places`);
  check(await page.locator('#network .node').count() > 1, 'network shows actor nodes');
  await page.screenshot({ path: join(shotDir, 'overview.png'), fullPage: true });

  // Filter by the most frequent event type.
  const timeline = await apiJson('api/timeline?group=event');
  const top = timeline.series.map((s) => ({ key: s.key, n: s.points.reduce((a, p) => a + p.count, 0) }))
    .sort((a, b) => b.n - a.n)[0].key;
  const expected = await apiJson(`api/events?event=${top}&limit=1`);
  await page.selectOption('select[name=event]', top);
  await page.click('button[type=submit]');
  await page.waitForFunction((n) => document.querySelector('[data-testid=table-range]')?.textContent.endsWith(`of ${n}`),
    shownTotal(expected));
  const badges = await page.locator('#events tbody .badge').allTextContents();
  check(badges.length > 0 && badges.every((b) => b === top), `event filter ${top}: every row is ${top} (${expected.total} events)`);
  const legend = await page.locator('#timeline-legend .legend-item').evaluateAll((items) => items.map((i) => i.dataset.key));
  check(legend.length === 1 && legend[0] === top, 'timeline legend has only the filtered type');
  check(page.url().includes(`event=${top}`), 'filters are kept in the URL');
  await page.screenshot({ path: join(shotDir, 'filtered.png'), fullPage: true });

  // Invalid input shows the server's 400 message.
  await page.fill('input[name=actor]', 'US-GOV');
  await page.click('button[type=submit]');
  await page.waitForSelector('#error:not([hidden])');
  check((await page.textContent('#error')).startsWith('actor:'), 'a malformed actor code shows the API error');
  await page.click('#reset');
  await page.waitForFunction((n) => document.querySelector('[data-testid=table-range]')?.textContent.endsWith(`of ${n}`),
    shownTotal(overview));
  check(await page.isHidden('#error'), 'reset clears the error');

  // Clicking an actor in the network filters by it.
  const node = page.locator('#network .node').first();
  const code = await node.getAttribute('data-code');
  await node.click();
  await page.waitForFunction((c) => document.querySelector('input[name=actor]').value === c, code);
  const byActor = await apiJson(`api/events?actor=${encodeURIComponent(code)}&limit=1`);
  await page.waitForFunction((n) => document.querySelector('[data-testid=table-range]')?.textContent.endsWith(`of ${n}`),
    shownTotal(byActor));
  check(byActor.total > 0, `network click filters by actor ${code} (${byActor.total} events)`);
  await page.click('#reset');

  // Clicking a single-place marker on the map filters by its box.
  const single = page.locator('#map .marker:not(.cluster)').first();
  if (await single.count()) {
    await single.click();
    await page.waitForSelector('.chip');
    check((await page.textContent('.chip')).startsWith('map area'), 'map marker click adds a map area filter');
    await page.click('#reset');
  }

  // Open a document from the table and check the highlighted spans and evidence.
  const openEvent = async (query) => {
    const page1 = await apiJson(`api/events?limit=50&sort=-date${query}`);
    const record = page1.events.find((e) => e.actor.length && e.recipient.length) || page1.events[0];
    await page.click(`#events tr.event-row[data-id="${record.id.replace(/"/g, '\\"')}"]`);
    await page.waitForSelector('#doc-text mark.selected');
    return record;
  };
  await page.waitForSelector('#events tbody tr.event-row');
  const record = await openEvent('');
  const selected = await page.locator('#doc-text mark.selected').evaluateAll((marks) => marks.map((m) => ({ text: m.textContent, kinds: m.dataset.kinds })));
  const spanText = (kind) => selected.filter((m) => m.kinds.split(' ').includes(kind)).map((m) => m.text).join('');
  check(spanText('event').includes(record.event_text), `document highlights the event words “${record.event_text}”`);
  if (record.actor.length) check(spanText('actor').includes(record.actor[0].text), `document highlights the actor “${record.actor[0].text}”`);
  if (record.recipient.length) check(spanText('recipient').includes(record.recipient[0].text), `document highlights the recipient “${record.recipient[0].text}”`);
  check((await page.textContent('[data-testid=evidence-text]')) === record.evidence, 'evidence panel shows the matching pattern');
  await page.screenshot({ path: join(shotDir, 'document.png') });
  await page.click('#doc-close');
  check(await page.isHidden('#doc-drawer'), 'the document view closes');

  if (haveShared) {
    await page.goto(`${base}#doc=${encodeURIComponent(showcaseId)}`);
    await page.waitForSelector('#events tbody tr.event-row');
    await openEvent(`&doc=${encodeURIComponent(showcaseId)}`);
    check(await page.locator('#doc-text mark.k-place').count() > 0, 'showcase document highlights places');
    await page.screenshot({ path: join(shotDir, 'showcase-document.png') });
  }
  check(pageErrors.length === 0, `no page errors${pageErrors.length ? `: ${pageErrors.join('; ')}` : ''}`);
  check(foreign.length === 0, `no request leaves the server${foreign.length ? `: ${foreign.slice(0, 3).join(', ')}` : ''}`);
} catch (error) {
  failures++;
  console.log(`  FAIL ${error.stack || error}`);
} finally {
  await browser?.close();
  server.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
console.log(failures === 0 ? `workbench e2e: all checks passed; screenshots in ${shotDir}` : `workbench e2e: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
