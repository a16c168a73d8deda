// The leader's view: live field figures (refetched when an event arrives, never
// on a timer), counters, device health, today's charts and reports.
// Members the analytics work adds (flag, flag_reason, counters_needed) are
// shown when the daemon sends them.
import { Api, ApiError, tokenFromFragment } from './api.js';
import { LiveStream, debounce } from './stream.js';
import { t, errorText, wireLangSwitch, onLangChange } from './i18n.js';
import { h, $, duration, secondsSince, connectionBadge } from './dom.js';
import { barChart, lineChart, COLORS } from './charts.js';

const TOKEN_KEY = 'qms.leader.token';
let token = tokenFromFragment(TOKEN_KEY);
const api = new Api(() => token);
let stats = [];
let counters = new Map();
let devices = new Map();
let day = null;
let issuedAt = new Map(); // ticket id → {at, field}
let arrivals = new Map(); // hour → count
let waits = new Map();    // field → [[minute of day, wait minutes]]
let report = [];
let stream = null;

const num = (v) => (v === null || v === undefined ? '–' : String(v));
const minutesOfDay = (iso) => { const m = iso.match(/T(\d\d):(\d\d)/); return m ? +m[1] * 60 + +m[2] : 0; };

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
      h('td', { class: flagged ? 'flag' : null }, f.flag === undefined ? '' : flagged ? `⚠ ${f.flag_reason || f.flag}` : t('dash.ok')));
  }));
}

function renderCounters() {
  $('#counters tbody').replaceChildren(...[...counters.values()].sort((a, b) => a.number - b.number).map((c) =>
    h('tr', { dataset: { counter: c.number } }, h('td', {}, c.name), h('td', {}, c.staff_name || ''),
      h('td', {}, t(`state.${c.state}`) + (c.pause_reason ? ` (${t(`pause.${c.pause_reason}`)})` : '')),
      h('td', {}, c.ticket ? c.ticket.code : ''), h('td.num', {}, c.paused_since ? duration(secondsSince(c.paused_since)) : ''))));
}

function renderDevices() {
  const list = [...devices.values()];
  $('#devices tbody').replaceChildren(...(list.length ? list.map((d) => h('tr', {},
    h('td', {}, h('span', { class: d.online ? 'dot' : 'dot off' }), d.id), h('td', {}, d.role),
    h('td', {}, d.online ? t('dash.online') : t('dash.offline')), h('td', {}, d.last_error || ''))) : [h('tr', {}, h('td', {}, t('dash.nodevices')))]));
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
  $('#legend').replaceChildren(...series.map((s) => h('span', {}, h('i', { style: `background:${s.color}` }), s.name)));
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
  } catch { devices = new Map(); }
  renderDevices();
}

async function loadReport(ev) {
  if (ev) ev.preventDefault();
  try {
    const r = await api.get(`/reports/daily?from=${$('#r-from').value}&to=${$('#r-to').value}`);
    report = r.days;
    $('#r-error').classList.add('hidden');
    const names = new Map(stats.map((f) => [f.id, f.name]));
    $('#report tbody').replaceChildren(...report.map((d) => h('tr', {}, h('td', {}, d.day), h('td', {}, names.get(d.field) || d.field),
      h('td.num', {}, d.issued), h('td.num', {}, d.served), h('td.num', {}, d.no_show), h('td.num', {}, d.cancelled), h('td.num', {}, d.expired),
      h('td.num', {}, duration(d.mean_wait_seconds)), h('td.num', {}, duration(d.max_wait_seconds)))));
  } catch (e) {
    $('#r-error').textContent = errorText(e);
    $('#r-error').classList.remove('hidden');
  }
}

function exportCsv() {
  const cols = ['day', 'field', 'issued', 'served', 'no_show', 'cancelled', 'expired', 'mean_wait_seconds', 'max_wait_seconds'];
  const esc = (v) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
  const text = '\ufeff' + [cols.join(','), ...report.map((r) => cols.map((c) => esc(r[c])).join(','))].join('\r\n') + '\r\n';
  const a = h('a', { href: URL.createObjectURL(new Blob([text], { type: 'text/csv' })), download: `bao-cao-${$('#r-from').value}_${$('#r-to').value}.csv` });
  document.body.append(a);
  a.click();
  a.remove();
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
    onStatus: connectionBadge($('#conn'), t),
    onAuthFailed: (e) => { localStorage.removeItem(TOKEN_KEY); token = null; showGate(e); },
  });
  stream.start();
}

wireLangSwitch();
onLangChange(() => { renderFields(); renderCounters(); renderDevices(); });
$('#gate').addEventListener('submit', (ev) => {
  ev.preventDefault();
  token = $('#g-token').value.trim();
  localStorage.setItem(TOKEN_KEY, token);
  open();
});
$('#range').addEventListener('submit', loadReport);
$('#r-csv').addEventListener('click', exportCsv);
if (token) open(); else showGate();
