// The leader's view: live field figures (refetched when an event arrives, never
// on a timer), counters, device and ticket-printer health (the stream's
// "device" and "printer" messages), today's charts, and reports over a range
// of days (GET /reports/summary) with their CSV and XLSX files.
// Members the analytics work adds (flag, flag_reason_vi/_en, counters_needed) are
// shown when the daemon sends them.
import { Api, ApiError, tokenFromFragment } from './api.js';
import { LiveStream, debounce } from './stream.js';
import { t, has, errorText, wireLangSwitch, onLangChange, currentLang } from './i18n.js';
import { h, $, duration, secondsSince, clockTime, connectionBadge } from './dom.js';
import { barChart, lineChart, COLORS } from './charts.js';

const TOKEN_KEY = 'qms.leader.token';
let token = tokenFromFragment(TOKEN_KEY);
const api = new Api(() => token);
let stats = [];
let counters = new Map();
let devices = new Map();
let printers = new Map(); // id → the /devices "printers" object
let day = null;
let issuedAt = new Map(); // ticket id → {at, field}
let arrivals = new Map(); // hour → count
let waits = new Map();    // field → [[minute of day, wait minutes]]
let report = null; // the last /reports/summary
let stream = null;

const num = (v) => (v === null || v === undefined ? '–' : String(v));
const minutesOfDay = (iso) => { const m = iso.match(/T(\d\d):(\d\d)/); return m ? +m[1] * 60 + +m[2] : 0; };

// The flag's level, and the analytics' reason in the page's language below it.
function flagCell(f) {
  const reason = (currentLang() === 'en' ? f.flag_reason_en || f.flag_reason_vi : f.flag_reason_vi || f.flag_reason_en) || f.flag_reason;
  const level = has(`flag.${f.flag}`) ? t(`flag.${f.flag}`) : f.flag;
  return [h('strong', {}, `⚠ ${level}`), reason ? h('small', {}, reason) : null];
}

function renderFields() {
  $('#fields tbody').replaceChildren(...stats.map((f) => {
    const flagged = !!f.flag && f.flag !== 'ok';
    const needed = f.counters_needed === undefined || f.counters_needed === null ? '' : ` / ${f.counters_needed}`;
    return h('tr', { class: flagged ? 'flagged' : null, dataset: { field: f.id } },
      h('td', {}, f.name), h('td.num', { dataset: { col: 'waiting' } }, num(f.waiting)),
      h('td.num', {}, f.waiting ? duration(f.head_wait_seconds) : '–'),
      h('td.num', {}, f.estimated_wait_minutes === null ? '–' : t('minutes', { n: f.estimated_wait_minutes })),
      h('td.num', { dataset: { col: 'issued' } }, num(f.issued)), h('td.num', { dataset: { col: 'served' } }, num(f.served)),
      h('td.num', {}, num(f.no_show)), h('td.num', {}, `${num(f.open_counters)}${needed}`),
      h('td', { class: flagged ? 'flag' : null }, f.flag === undefined ? '' : flagged ? flagCell(f) : t('dash.ok')));
  }));
}

function renderCounters() {
  $('#counters tbody').replaceChildren(...[...counters.values()].sort((a, b) => a.number - b.number).map((c) =>
    h('tr', { dataset: { counter: c.number } }, h('td', {}, c.name), h('td', {}, c.staff_name || ''),
      h('td', {}, t(`state.${c.state}`) + (c.pause_reason ? ` (${has(`pause.${c.pause_reason}`) ? t(`pause.${c.pause_reason}`) : c.pause_reason})` : '')),
      h('td', {}, c.ticket ? c.ticket.code : ''), h('td.num', {}, c.paused_since ? duration(secondsSince(c.paused_since)) : ''))));
}

function renderDevices() {
  const list = [...devices.values()];
  $('#devices tbody').replaceChildren(...(list.length ? list.map((d) => h('tr', {},
    h('td', {}, h('span', { class: d.online ? 'dot' : 'dot off' }), d.id), h('td', {}, d.role),
    h('td', {}, d.online ? t('dash.online') : t('dash.offline')), h('td', {}, d.last_error || ''))) : [h('tr', {}, h('td', {}, t('dash.nodevices')))]));
}

function printerState(p) {
  if (p.fault === null || p.fault === undefined) return t('printer.unknown');
  if (p.fault === 'none') return t('printer.ready') + (p.paper_near_end ? ` · ${t('printer.near_end')}` : '');
  return has(`printer.${p.fault}`) ? t(`printer.${p.fault}`) : p.fault_text || p.fault;
}

function renderPrinters() {
  const list = [...printers.values()].sort((a, b) => a.id.localeCompare(b.id));
  $('#printers tbody').replaceChildren(...(list.length ? list.map((p) => {
    const bad = p.fault !== null && p.fault !== undefined && p.fault !== 'none';
    const warn = !bad && (p.paper_near_end || p.fault === null || p.fault === undefined);
    return h('tr', { class: bad ? 'flagged' : null, dataset: { printer: p.id, fault: p.fault || '' } },
      h('td', {}, h('span', { class: bad ? 'dot off' : warn ? 'dot warn' : 'dot' }), p.id), h('td', {}, p.kiosk),
      h('td', { class: bad ? 'flag' : null, title: p.detail || null }, printerState(p)),
      h('td.num', {}, num(p.printed)), h('td.num', {}, num(p.failed)), h('td', {}, p.last_seen ? clockTime(p.last_seen) : '–'));
  }) : [h('tr', {}, h('td', { colspan: 6 }, t('dash.noprinters')))]));
}

function renderCharts() {
  // Office hours, widened to any hour that had arrivals (a Saturday, a late session).
  const seen = [...arrivals.keys()];
  const hours = [];
  for (let hh = Math.min(7, ...seen); hh <= Math.max(17, ...seen); hh++) hours.push([`${hh}h`, arrivals.get(hh) || 0]);
  barChart($('#arrivals'), hours);
  const names = new Map(stats.map((f) => [f.id, f.name]));
  const series = [...waits.entries()].map(([field, pts], i) => ({ name: names.get(field) || field, color: COLORS[i % COLORS.length], points: pts }));
  lineChart($('#waits'), series);
  // The colour through the CSSOM: the pages' Content-Security-Policy drops style="" attributes.
  $('#legend').replaceChildren(...series.map((s) => {
    const swatch = h('i');
    swatch.style.background = s.color;
    return h('span', {}, swatch, s.name);
  }));
}

function noteEvent(e) {
  if (e.kind === 'ticket_issued') {
    issuedAt.set(e.ticket, e.at);
    const hh = +e.at.slice(11, 13);
    arrivals.set(hh, (arrivals.get(hh) || 0) + 1);
  } else if (e.kind === 'ticket_called' && issuedAt.has(e.ticket)) {
    const w = (Date.parse(e.at) - Date.parse(issuedAt.get(e.ticket))) / 60000;
    if (!waits.has(e.field)) waits.set(e.field, []);
    waits.get(e.field).push([minutesOfDay(e.at), Math.round(w * 10) / 10]);
  }
}

// Today's history from the event log, paged (1000 a page).
async function loadHistory() {
  issuedAt = new Map(); arrivals = new Map(); waits = new Map();
  let after = 0;
  for (;;) {
    const r = await api.get(`/events?limit=1000&after=${after}`);
    r.events.forEach(noteEvent);
    if (r.next_after === null) break;
    after = r.next_after;
  }
  renderCharts();
}

async function loadStats() {
  const r = await api.get('/stats/fields');
  stats = r.fields;
  if (day !== r.day) { day = r.day; if (!$('#r-from').value) { $('#r-from').value = day; $('#r-to').value = day; } }
  renderFields();
  renderCharts();
}
const statsSoon = debounce(() => loadStats().catch(() => {}), 300);

async function loadDevices() {
  try {
    const r = await api.get('/devices');
    devices = new Map(r.devices.map((d) => [d.id, d]));
    printers = new Map((r.printers || []).map((p) => [p.id, p]));
  } catch { devices = new Map(); printers = new Map(); }
  renderDevices();
  renderPrinters();
}

const pct = (v) => (v === null || v === undefined ? '–' : `${Math.round(v * 100)}%`);

function reportRow(b, name, cls) {
  return h('tr', { class: cls || null, dataset: { key: b.key } }, h(cls ? 'th' : 'td', { scope: 'row' }, name),
    h('td.num', { dataset: { col: 'issued' } }, num(b.issued)), h('td.num', { dataset: { col: 'served' } }, num(b.served)),
    h('td.num', {}, num(b.no_show)), h('td.num', {}, num(b.cancelled)), h('td.num', {}, num(b.expired)),
    h('td.num', {}, num(b.transferred)), h('td.num', {}, duration(b.wait.mean_seconds)), h('td.num', {}, duration(b.wait.p90_seconds)),
    h('td.num', {}, duration(b.service.mean_seconds)), h('td.num', {}, pct(b.share_within_target)));
}

// Every day of a short range (days without tickets as zeros); the active days of a long one.
function dayBars(r) {
  const issued = new Map(r.days.map((d) => [d.key, d.issued]));
  const label = (day) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;
  if (r.days_in_range > 62) return r.days.map((d) => [label(d.key), d.issued]);
  const out = [];
  for (let d = new Date(`${r.from}T00:00:00Z`); d <= new Date(`${r.to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    const day = d.toISOString().slice(0, 10);
    out.push([label(day), issued.get(day) || 0]);
  }
  return out;
}

function hourBars(r) {
  const byHour = new Map();
  for (const c of r.hours) byHour.set(c.hour, (byHour.get(c.hour) || 0) + c.issued);
  const seen = [...byHour.keys()];
  const out = [];
  for (let hh = Math.min(7, ...seen); hh <= Math.max(17, ...seen); hh++) out.push([`${hh}h`, byHour.get(hh) || 0]);
  return out;
}

function renderReport() {
  const r = report;
  if (!r) return;
  $('#r-status').textContent = t('dash.report.range', { f: r.from, t: r.to, d: r.days_in_range, a: r.days_with_activity })
    + (r.days_with_activity ? '' : ` — ${t('dash.report.empty')}`);
  const names = new Map(stats.map((f) => [f.id, f.name]));
  $('#report tbody').replaceChildren(...r.fields.map((b) => reportRow(b, names.get(b.key) || b.name || b.key)));
  $('#report tfoot').replaceChildren(reportRow(r.total, t('dash.total'), 'total'));
  barChart($('#r-days'), dayBars(r));
  barChart($('#r-hours'), hourBars(r));
}

function rangeQuery() {
  const from = $('#r-from').value, to = $('#r-to').value;
  if (!from || !to) return null;
  if (from > to) {
    reportError({ vi: t('dash.report.badrange'), en: t('dash.report.badrange') });
    return null;
  }
  return `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
}

function reportError(e) {
  $('#r-error').textContent = errorText(e);
  $('#r-error').classList.remove('hidden');
}

async function loadReport(ev) {
  if (ev) ev.preventDefault();
  const q = rangeQuery();
  if (!q) return;
  try {
    report = await api.get(`/reports/summary?${q}`);
    $('#r-error').classList.add('hidden');
    renderReport();
  } catch (e) {
    reportError(e);
  }
}

// The daemon's own files (CSV with a BOM for Excel, XLSX with a sheet per
// table): fetched with the token, then saved under the name the daemon gives.
async function exportReport(ev) {
  const format = ev.currentTarget.dataset.format;
  const q = rangeQuery();
  if (!q) return;
  const button = ev.currentTarget;
  button.disabled = true;
  try {
    const { blob, name } = await api.download(`/reports/summary?${q}&format=${format}`);
    const file = name || `bao-cao_${$('#r-from').value}_${$('#r-to').value}.${format}`;
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: file, class: 'hidden' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    $('#r-error').classList.add('hidden');
    $('#r-status').textContent = t('dash.export.done', { f: file });
  } catch (e) {
    reportError(e);
  } finally {
    button.disabled = false;
  }
}

function showGate(err) {
  $('#board').classList.add('hidden');
  $('#gate').classList.remove('hidden');
  if (err) { $('#g-error').textContent = errorText(err); $('#g-error').classList.remove('hidden'); }
}

async function open() {
  $('#gate').classList.add('hidden');
  $('#board').classList.remove('hidden');
  $('#conn').classList.remove('hidden');
  stream = new LiveStream({
    token: () => token,
    probe: async () => { const hh = await api.get('/health'); $('#office').textContent = hh.office; await loadStats(); },
    onSnapshot: (s) => {
      counters = new Map(s.counters.map((c) => [c.number, c]));
      renderCounters();
      loadHistory().catch(() => {});
      loadDevices();
      loadReport();
    },
    onEvent: (m) => {
      if (m.counter) { counters.set(m.counter.number, m.counter); renderCounters(); }
      noteEvent(m.event);
      statsSoon();
    },
    onDevice: (d) => { devices.set(d.id, d); renderDevices(); },
    onPrinter: (p) => { printers.set(p.id, p); renderPrinters(); },
    onStatus: connectionBadge($('#conn'), t),
    onAuthFailed: (e) => { localStorage.removeItem(TOKEN_KEY); token = null; showGate(e); },
  });
  stream.start();
}

wireLangSwitch();
onLangChange(() => { renderFields(); renderCounters(); renderDevices(); renderPrinters(); renderReport(); });
$('#gate').addEventListener('submit', (ev) => {
  ev.preventDefault();
  token = $('#g-token').value.trim();
  localStorage.setItem(TOKEN_KEY, token);
  open();
});
$('#range').addEventListener('submit', loadReport);
$('#r-csv').addEventListener('click', exportReport);
$('#r-xlsx').addEventListener('click', exportReport);
if (token) open(); else showGate();
