// The leader's view: live field figures (refetched when an event arrives, never
// on a timer), counters, device and ticket-printer health (the stream's
// "device" and "printer" messages), today's charts, and reports over a range
// of days (GET /reports/summary) with their CSV and XLSX files, the week's or
// month's trend (GET /reports/period), the hours short of counters
// (GET /reports/staffing), and a print of the report.
// The main view is in the leader's words — waits in minutes, no "Erlang" or
// "p90"; those are in the details views (and the exports) for whoever
// analyses them. The waits and flag reasons are worded by the daemon.
import { Api, ApiError, tokenFromFragment } from './api.js';
import { LiveStream, debounce } from './stream.js';
import { t, has, errorText, wireLangSwitch, onLangChange, currentLang } from './i18n.js';
import { h, $, secondsSince, clockTime, connectionBadge } from './dom.js';
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
let period = null; // the last /reports/period, when a week or month was chosen
let staffing = null; // the last /reports/staffing
let stream = null;

const num = (v) => (v === null || v === undefined ? '–' : String(v));
const minutesOfDay = (iso) => { const m = iso.match(/T(\d\d):(\d\d)/); return m ? +m[1] * 60 + +m[2] : 0; };

// A duration as people say it: "dưới 1 phút", "12 phút", "1 giờ 5 phút".
function minutesText(seconds) {
  if (seconds === null || seconds === undefined || !isFinite(seconds)) return '–';
  const m = Math.round(seconds / 60);
  if (seconds < 60) return t('dur.lessmin');
  return m < 60 ? t('dur.min', { n: m }) : t('dur.hmin', { h: Math.floor(m / 60), m: m % 60 });
}
const inLang = (vi, en) => (currentLang() === 'en' ? en || vi : vi || en);
const fixed = (v, d = 1) => (v === null || v === undefined ? '–' : Number(v).toFixed(d));

// The flag's level, and the daemon's reason in the page's language below it
// (what raised it and since when, or that it is being held).
function flagCell(f) {
  const reason = inLang(f.flag_reason_vi, f.flag_reason_en);
  const level = has(`flag.${f.flag}`) ? t(`flag.${f.flag}`) : f.flag;
  return [h('strong', {}, `⚠ ${level}`), f.flag_held ? h('span.held', {}, `(${t('flag.held')})`) : null,
    reason ? h('small', {}, reason) : null];
}

function renderFields() {
  $('#fields tbody').replaceChildren(...stats.map((f) => {
    const flagged = !!f.flag && f.flag !== 'ok';
    const needed = f.counters_needed === undefined || f.counters_needed === null ? '' : ` / ${f.counters_needed}`;
    return h('tr', { class: flagged ? 'flagged' : null, dataset: { field: f.id } },
      h('td', {}, f.name), h('td.num', { dataset: { col: 'waiting' } }, num(f.waiting)),
      h('td.num', { dataset: { col: 'headwait' } }, f.waiting ? minutesText(f.head_wait_seconds) : '–'),
      h('td.num', { dataset: { col: 'wait' } }, f.wait ? inLang(f.wait.vi, f.wait.en) : '–'),
      h('td.num', { dataset: { col: 'issued' } }, num(f.issued)), h('td.num', { dataset: { col: 'served' } }, num(f.served)),
      h('td.num', {}, num(f.no_show)), h('td.num', { dataset: { col: 'counters' } }, `${num(f.open_counters)}${needed}`),
      h('td', { class: flagged ? 'flag' : null, dataset: { col: 'flag' } }, f.flag === undefined ? '' : flagged ? flagCell(f) : t('dash.ok')));
  }));
  renderAnalysis();
}

// The analyst's figures behind the flags: rates, Erlang C, the last hour.
function renderAnalysis() {
  $('#analysis tbody').replaceChildren(...stats.map((f) => {
    const source = f.service_unsure ? t('dash.d.guess') : f.rate_from_history ? t('dash.d.history') : t('dash.d.today');
    return h('tr', { dataset: { field: f.id } }, h('td', {}, f.name),
      h('td.num', {}, fixed(f.arrivals_per_hour)), h('td.num', {}, minutesText(f.mean_service_seconds)),
      h('td.num', {}, fixed(f.load_erlangs, 2)), h('td.num', {}, fixed(f.counter_share, 1)),
      h('td.num', {}, pct(f.wait_probability)), h('td.num', {}, pct(f.predicted_service_level)),
      h('td.num', {}, num(f.counters_needed)), h('td.num', {}, num(f.calls_in_window)),
      h('td.num', {}, pct(f.service_level)), h('td', {}, source));
  }));
}

function renderCounters() {
  $('#counters tbody').replaceChildren(...[...counters.values()].sort((a, b) => a.number - b.number).map((c) =>
    h('tr', { dataset: { counter: c.number } }, h('td', {}, c.name), h('td', {}, c.staff_name || ''),
      h('td', {}, t(`state.${c.state}`) + (c.pause_reason ? ` (${has(`pause.${c.pause_reason}`) ? t(`pause.${c.pause_reason}`) : c.pause_reason})` : '')),
      h('td', {}, c.ticket ? c.ticket.code : ''), h('td.num', {}, c.paused_since ? minutesText(secondsSince(c.paused_since)) : ''))));
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
    h('td.num', {}, num(b.transferred)), h('td.num', { dataset: { col: 'meanwait' } }, b.wait.count ? minutesText(b.wait.mean_seconds) : '–'),
    h('td.num', {}, b.service.count ? minutesText(b.service.mean_seconds) : '–'), h('td.num', {}, pct(b.share_within_target)));
}

// The details: p90, and how far the waits told were from the waits had.
function moreRow(b, name, cls) {
  const e = b.estimate || {};
  const signed = (s) => (s === null || s === undefined ? '–' : `${s < 0 ? '−' : '+'}${minutesText(Math.abs(s))}`);
  return h('tr', { class: cls || null, dataset: { key: b.key } }, h(cls ? 'th' : 'td', { scope: 'row' }, name),
    h('td.num', {}, b.wait.count ? minutesText(b.wait.p90_seconds) : '–'), h('td.num', {}, num(e.count)),
    h('td.num', {}, e.count ? minutesText(e.mean_abs_error_seconds) : '–'), h('td.num', {}, e.count ? signed(e.bias_seconds) : '–'));
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
  $('#r-title').textContent = `${$('#office').textContent} — ${t('dash.reports')}: ${t('dash.report.range', { f: r.from, t: r.to, d: r.days_in_range, a: r.days_with_activity })}`;
  const names = new Map(stats.map((f) => [f.id, f.name]));
  $('#report tbody').replaceChildren(...r.fields.map((b) => reportRow(b, names.get(b.key) || b.name || b.key)));
  $('#report tfoot').replaceChildren(reportRow(r.total, t('dash.total'), 'total'));
  $('#report-more tbody').replaceChildren(...r.fields.map((b) => moreRow(b, names.get(b.key) || b.name || b.key)),
    moreRow(r.total, t('dash.total'), 'total'));
  barChart($('#r-days'), dayBars(r));
  barChart($('#r-hours'), hourBars(r));
  renderTrend();
  renderStaffing();
}

// A week's or month's totals against the period before it.
function renderTrend() {
  const p = period;
  $('#trend').classList.toggle('hidden', !p || !report || p.from !== report.from || p.to !== report.to);
  if (!p) return;
  $('#trend-title').textContent = t('dash.trend', { f: p.previous_from, t: p.previous_to });
  const value = (metric, v) => {
    if (v === null || v === undefined) return '–';
    if (metric.endsWith('_seconds')) return minutesText(v);
    // The daemon sends the trend's shares and rates already in percent.
    if (metric.startsWith('share') || metric.startsWith('rating_share') || metric.endsWith('_rate')) return `${Math.round(v)}%`;
    return String(Math.round(v * 10) / 10);
  };
  $('#trend-table tbody').replaceChildren(...p.trend.filter((r) => !r.metric.startsWith('p90')).map((r) => h('tr', { dataset: { metric: r.metric } },
    h('td', {}, r.name), h('td.num', {}, value(r.metric, r.current)), h('td.num', {}, value(r.metric, r.previous)),
    h('td.num', {}, r.percent === null || r.percent === undefined ? '–' : `${r.percent > 0 ? '+' : ''}${Math.round(r.percent)}%`))));
  const names = new Map(stats.map((f) => [f.id, f.name]));
  const worst = p.worst_fields.filter((b) => b.share_within_target !== null && b.share_within_target !== undefined)
    .map((b) => `${names.get(b.key) || b.name} (${pct(b.share_within_target)})`);
  $('#worst').textContent = worst.length ? t('dash.worst', { l: worst.join(', ') }) : '';
}

// The hours (by weekday and hour) when fewer counters worked for a field than advised.
function renderStaffing() {
  const s = staffing;
  if (!s) return;
  const rows = [];
  for (const f of s.fields) {
    for (const hh of f.hours) {
      if (hh.recommended > Math.round(hh.counters_open * 10) / 10 + 0.05 && hh.arrivals_per_hour > 0) {
        rows.push(h('tr', { dataset: { field: f.field } }, h('td', {}, f.name),
          h('td', {}, `${t(`wd.${hh.weekday}`)} ${String(hh.hour).padStart(2, '0')}:00–${String(hh.hour + 1).padStart(2, '0')}:00`),
          h('td.num', {}, fixed(hh.arrivals_per_hour)), h('td.num', {}, fixed(hh.counters_open, 1)),
          h('td.num', { dataset: { col: 'recommended' } }, String(hh.recommended)), h('td.num', {}, pct(hh.predicted_share_with_open))));
      }
    }
  }
  $('#staffing-table tbody').replaceChildren(...(rows.length ? rows : [h('tr', {}, h('td', { colspan: 6 }, t('dash.st.none')))]));
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
    [report, staffing] = await Promise.all([api.get(`/reports/summary?${q}`), api.get(`/reports/staffing?${q}`)]);
    $('#r-error').classList.add('hidden');
    renderReport();
  } catch (e) {
    reportError(e);
  }
}

// "Tuần này", "Tháng trước"…: the period's days in the range, its report, and its trend.
async function loadPeriod(ev) {
  const kind = ev.currentTarget.dataset.period;
  const back = +ev.currentTarget.dataset.back;
  let anchor = new Date(`${day}T00:00:00Z`);
  if (back && kind === 'week') anchor = new Date(anchor.getTime() - 7 * 86400000);
  if (back && kind === 'month') anchor = new Date(Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth(), 0));
  try {
    period = await api.get(`/reports/period?kind=${kind}&day=${anchor.toISOString().slice(0, 10)}`);
    $('#r-from').value = period.from;
    $('#r-to').value = period.to;
    await loadReport();
  } catch (e) {
    reportError(e);
  }
}

// The report as shown, on paper: the print stylesheet keeps the report alone.
function printReport() {
  if (!report) return;
  window.print();
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
for (const b of document.querySelectorAll('#periods button')) b.addEventListener('click', loadPeriod);
$('#r-print').addEventListener('click', printReport);
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
