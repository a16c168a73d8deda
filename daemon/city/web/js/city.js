// The city's view: every office live (waiting and longest wait per field,
// flags and their reasons, counters open, the backlog it reported and when
// the centre last heard from it), pushed by qmsd-city over the stream from
// PostgreSQL's LISTEN/NOTIFY — the page never polls. Ages (last contact,
// longest wait) tick on the page's own clock between messages. Reports over
// any range for the city or one office, with the centre's CSV and XLSX.
import { Api, ApiError, tokenFromFragment, sleep } from './api.js';
import { h, $, duration } from './dom.js';
import { wireLangSwitch, onLangChange, currentLang, errorText } from './i18n.js';

const TEXTS = {
  title: ['Toàn cảnh các đơn vị', 'All offices'],
  token: ['Mã truy cập của lãnh đạo', "Leader's access token"],
  open: ['Mở', 'Open'],
  reports: ['Báo cáo', 'Reports'],
  office: ['Đơn vị', 'Office'],
  city: ['Toàn thành phố (mọi đơn vị)', 'The whole city (every office)'],
  from: ['Từ ngày', 'From'], to: ['Đến ngày', 'To'], show: ['Xem', 'Show'],
  csv: ['Xuất CSV', 'Export CSV'], xlsx: ['Xuất Excel (XLSX)', 'Export Excel (XLSX)'],
  row: ['Đơn vị', 'Office'], field: ['Lĩnh vực', 'Field'], byfield: ['Theo lĩnh vực', 'By field'],
  byoffice: ['Theo đơn vị', 'By office'], total: ['Tổng', 'Total'],
  issued: ['Đã cấp', 'Issued'], served: ['Đã phục vụ', 'Served'], noshow: ['Vắng mặt', 'No-show'],
  cancelled: ['Đã hủy', 'Cancelled'], meanwait: ['Chờ TB', 'Mean wait'], p90wait: ['Chờ P90', 'P90 wait'],
  withintarget: ['Trong chỉ tiêu', 'Within target'], rating: ['Hài lòng', 'Satisfaction'],
  waiting: ['Đang chờ', 'Waiting'], longest: ['Chờ lâu nhất', 'Longest wait'], flag: ['Cảnh báo', 'Flag'],
  counters: ['Quầy mở: {n}/{m}', 'Counters open: {n}/{m}'],
  contact: ['Liên lạc: {t} trước', 'Last contact: {t} ago'],
  never: ['Chưa từng liên lạc', 'Never in contact'],
  stale: ['Mất liên lạc', 'Out of contact'],
  backlog: ['Chờ gửi về: {n} sự kiện, cũ nhất {t}', 'Not yet here: {n} events, oldest {t}'],
  conflict: ['Trùng mã đơn vị: {d}', 'Office id conflict: {d}'],
  nolive: ['Chưa có số liệu trực tiếp', 'No live figures yet'],
  summary: ['{o} đơn vị · {w} công dân đang chờ · {f} lĩnh vực cảnh báo · {s} mất liên lạc',
            '{o} offices · {w} citizens waiting · {f} flagged fields · {s} out of contact'],
  live: ['Trực tuyến', 'Live'], offline: ['Mất kết nối — đang thử lại…', 'Connection lost — retrying…'],
  dbdown: ['Cơ sở dữ liệu trung tâm không trả lời', "The centre's database does not answer"],
  loading: ['Đang tính…', 'Computing…'], done: ['Đã tải về {f}', 'Downloaded {f}'],
  'flag.watch': ['Theo dõi', 'Watch'], 'flag.need_staff': ['Cần thêm người', 'Needs staff'],
  ok: ['Bình thường', 'OK'],
};
const tc = (key, vars = {}) => {
  const e = TEXTS[key];
  let s = e ? e[currentLang() === 'en' ? 1 : 0] : key;
  for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, v);
  return s;
};
const applyCityTexts = () => {
  for (const el of document.querySelectorAll('[data-ct]')) el.textContent = tc(el.dataset.ct);
};

const TOKEN_KEY = 'qms.city.token';
const STALE_SECONDS = 120; // offices send their live view at least every 30 s
let token = tokenFromFragment(TOKEN_KEY);
const api = new Api(() => token);
const offices = new Map(); // id → the API's office object
let ws = null;
let report = null;

const num = (v) => (v === null || v === undefined ? '–' : String(v));
const minutes = (s) => (s === null || s === undefined ? '–' : (s / 60).toFixed(1));
const percent = (v) => (v === null || v === undefined ? '–' : `${Math.round(v * 100)}%`);
const age = (iso) => (iso ? Math.max(0, (Date.now() - Date.parse(iso)) / 1000) : null);

function showGate(message) {
  $('#board').classList.add('hidden');
  $('#gate').classList.remove('hidden');
  $('#g-error').textContent = message || '';
  $('#g-error').classList.toggle('hidden', !message);
}

function badge(cls, text) { return h(`span.badge.${cls}`, {}, text); }

function fieldRow(o, f) {
  const waitedSince = o.live && o.live.at_ms ? (Date.now() - o.live.at_ms) / 1000 : 0;
  const longest = f.waiting > 0 ? f.longest_wait_seconds + Math.max(0, waitedSince) : null;
  const flagged = f.flag && f.flag !== 'ok';
  const reason = currentLang() === 'en' ? f.flag_reason_en || f.flag_reason_vi : f.flag_reason_vi || f.flag_reason_en;
  return h('tr', { dataset: { field: f.id } }, h('td', {}, f.name),
    h('td.num', { dataset: { col: 'waiting' } }, num(f.waiting)),
    h('td.num', {}, longest === null ? '–' : duration(longest)),
    h('td', { class: flagged ? 'flag' : null }, flagged ? [tc(`flag.${f.flag}`), reason ? h('small', {}, reason) : null] : tc('ok')));
}

function officeCard(o) {
  const since = age(o.last_contact);
  const stale = since === null || since > STALE_SECONDS;
  const live = o.live;
  const flagged = live && live.fields.some((f) => f.flag && f.flag !== 'ok');
  const facts = [];
  facts.push(since === null ? badge('bad', tc('never')) : h('span', {}, tc('contact', { t: duration(since) })));
  if (stale && since !== null) facts.push(badge('bad', tc('stale')));
  if (o.backlog_events > 0) facts.push(badge('warn', tc('backlog', { n: o.backlog_events, t: duration(age(o.backlog_oldest_at)) })));
  if (live) facts.push(h('span', {}, tc('counters', { n: live.counters_open, m: live.counters.length })));
  const classes = ['card', 'office', o.conflict ? 'conflict' : null, flagged ? 'flagged' : null, stale ? 'stale' : null].filter(Boolean).join(' ');
  return h('article', { class: classes, dataset: { office: o.id, stale: stale ? 'true' : 'false' } },
    h('h2', {}, o.name || o.id, ' ', h('span.id', {}, o.id)),
    o.conflict ? h('div.alert.bad', { role: 'alert' }, tc('conflict', { d: o.conflict.detail })) : null,
    h('div.facts', {}, facts),
    live ? h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, tc('field')), h('th.num', {}, tc('waiting')),
      h('th.num', {}, tc('longest')), h('th', {}, tc('flag')))), h('tbody', {}, live.fields.map((f) => fieldRow(o, f))))
      : h('p.sub', {}, tc('nolive')));
}

function render() {
  const list = [...offices.values()];
  // Offices needing attention first: conflicts, flags, lost contact; then by name.
  const weight = (o) => (o.conflict ? 0 : o.live && o.live.fields.some((f) => f.flag && f.flag !== 'ok') ? 1
    : age(o.last_contact) === null || age(o.last_contact) > STALE_SECONDS ? 2 : 3);
  list.sort((a, b) => weight(a) - weight(b) || (a.name || a.id).localeCompare(b.name || b.id, 'vi'));
  $('#offices').replaceChildren(...list.map(officeCard));
  const waiting = list.reduce((n, o) => n + (o.live ? o.live.fields.reduce((m, f) => m + f.waiting, 0) : 0), 0);
  const flaggedFields = list.reduce((n, o) => n + (o.live ? o.live.fields.filter((f) => f.flag && f.flag !== 'ok').length : 0), 0);
  const stale = list.filter((o) => age(o.last_contact) === null || age(o.last_contact) > STALE_SECONDS).length;
  $('#summary').textContent = tc('summary', { o: list.length, w: waiting, f: flaggedFields, s: stale });
  fillOfficeSelect();
}

function fillOfficeSelect() {
  const sel = $('#r-office');
  const current = sel.value;
  const opts = [...offices.values()].sort((a, b) => a.id.localeCompare(b.id)).map((o) => h('option', { value: o.id }, `${o.name || o.id} (${o.id})`));
  if (offices.size !== 1) opts.unshift(h('option', { value: '' }, tc('city')));
  sel.replaceChildren(...opts);
  if ([...sel.options].some((o) => o.value === current)) sel.value = current;
}

function setConn(state) {
  const el = $('#conn');
  el.classList.remove('hidden');
  el.dataset.state = state;
  el.textContent = tc(state === 'live' ? 'live' : 'offline');
}

function setDatabase(up) {
  const el = $('#db');
  el.classList.toggle('hidden', up);
  el.textContent = tc('dbdown');
}

// Connect, take the snapshot and the changes; reconnect with back-off. Before
// each connect one GET tells whether the token still holds.
async function live() {
  let failures = 0;
  for (;;) {
    if (failures) await sleep(Math.min(5000, 300 * 2 ** Math.min(failures, 5)));
    try {
      const r = await api.get('/offices');
      $('#name').textContent = r.name;
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'unauthenticated' || e.code === 'forbidden')) {
        localStorage.removeItem(TOKEN_KEY);
        token = null;
        showGate(errorText(e));
        return;
      }
      failures++;
      setConn('offline');
      continue;
    }
    const opened = await new Promise((resolve) => {
      const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
      let ok = false;
      ws = new WebSocket(`${proto}//${location.host}/api/v1/stream?token=${encodeURIComponent(token)}`);
      ws.onopen = () => { ok = true; setConn('live'); };
      ws.onmessage = (m) => receive(m.data);
      ws.onerror = () => {};
      ws.onclose = () => { ws = null; resolve(ok); };
    });
    failures = opened ? 0 : failures + 1;
    setConn('offline');
  }
}

function receive(text) {
  let msg;
  try { msg = JSON.parse(text); } catch { return; }
  if (msg.type === 'snapshot') {
    offices.clear();
    for (const o of msg.offices) offices.set(o.id, o);
    setDatabase(msg.database_up);
    render();
  } else if (msg.type === 'office') {
    offices.set(msg.office.id, msg.office);
    render();
  } else if (msg.type === 'database') {
    setDatabase(msg.up);
  }
}

function reportPath(format) {
  const q = new URLSearchParams({ from: $('#r-from').value, to: $('#r-to').value });
  if ($('#r-office').value) q.set('office', $('#r-office').value);
  if (format) q.set('format', format);
  return `/reports/summary?${q}`;
}

function reportRow(b) {
  return h('tr', { dataset: { key: b.key } }, h('td', {}, b.name || b.key), h('td.num', {}, num(b.issued)),
    h('td.num', {}, num(b.served)), h('td.num', {}, num(b.no_show)), h('td.num', {}, num(b.cancelled)),
    h('td.num', {}, minutes(b.wait.mean_seconds)), h('td.num', {}, minutes(b.wait.p90_seconds)),
    h('td.num', {}, percent(b.share_within_target)),
    h('td.num', {}, b.ratings.count ? percent(b.ratings.share_satisfied) : '–')); // Hài lòng + Rất hài lòng
}

function renderReport() {
  if (!report) return;
  const byOffice = !!report.offices;
  $('#r-by-title').textContent = tc(byOffice ? 'byoffice' : 'total');
  $('#report tbody').replaceChildren(...(byOffice ? report.offices : [report.total]).map(reportRow));
  $('#report tfoot').replaceChildren(byOffice ? reportRow({ ...report.total, name: tc('total') }) : '');
  $('#report-fields tbody').replaceChildren(...report.fields.map(reportRow));
}

async function showReport(ev) {
  ev.preventDefault();
  $('#r-error').classList.add('hidden');
  $('#r-status').textContent = tc('loading');
  try {
    report = await api.request('GET', reportPath(), undefined, { timeoutMs: 120000 });
    renderReport();
    $('#r-status').textContent = '';
  } catch (e) {
    $('#r-status').textContent = '';
    $('#r-error').textContent = errorText(e);
    $('#r-error').classList.remove('hidden');
  }
}

async function exportReport(ev) {
  $('#r-error').classList.add('hidden');
  try {
    const { blob, name } = await api.download(reportPath(ev.currentTarget.dataset.format), { timeoutMs: 120000 });
    const a = h('a', { href: URL.createObjectURL(blob), download: name || 'bao-cao' });
    document.body.append(a);
    a.click();
    a.remove();
    $('#r-status').textContent = tc('done', { f: name });
  } catch (e) {
    $('#r-error').textContent = errorText(e);
    $('#r-error').classList.remove('hidden');
  }
}

function start() {
  $('#gate').classList.add('hidden');
  $('#board').classList.remove('hidden');
  const today = new Date().toLocaleDateString('sv-SE'); // YYYY-MM-DD, local
  $('#r-from').value ||= today;
  $('#r-to').value ||= today;
  live();
}

wireLangSwitch();
applyCityTexts();
onLangChange(() => { applyCityTexts(); render(); renderReport(); });
$('#range').addEventListener('submit', showReport);
$('#r-csv').addEventListener('click', exportReport);
$('#r-xlsx').addEventListener('click', exportReport);
$('#gate').addEventListener('submit', (ev) => {
  ev.preventDefault();
  token = $('#g-token').value.trim();
  localStorage.setItem(TOKEN_KEY, token);
  start();
});
// Ages tick on the page's clock; nothing is fetched for it.
setInterval(() => { if (offices.size) render(); }, 5000);
if (token) start(); else showGate();
