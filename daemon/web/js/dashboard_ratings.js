// The dashboard's satisfaction panel (SIPAS) and the leader's live alert for
// a "Không hài lòng": today's and the last seven days' responses, response
// rate and share satisfied against the previous period, per field and per
// officer; the day's dissatisfied ratings with the ticket, field, counter,
// officer, comment and time, each followed up from here the same day; and
// the satisfaction report's files for the dashboard's chosen range. Its own
// stream connection (the leader's token), so the main view stays untouched:
// rating_alert and rating_followed_up messages, ticket_rated events.
import { Api, ApiError } from './api.js';
import { LiveStream, debounce } from './stream.js';
import { errorText, onLangChange } from './i18n.js';
import { h, $, clockTime } from './dom.js';
import { tr } from './rating_form.js';

const TEXTS = {
  title: { vi: 'Mức độ hài lòng của công dân', en: "Citizens' satisfaction" },
  today: { vi: 'Hôm nay', en: 'Today' },
  week: { vi: '7 ngày qua', en: 'Last 7 days' },
  responses: { vi: 'Lượt đánh giá', en: 'Responses' },
  rate: { vi: 'Tỷ lệ đánh giá', en: 'Response rate' },
  satisfied: { vi: 'Hài lòng', en: 'Satisfied' },
  served: { vi: 'Đã phục vụ', en: 'Served' },
  vsToday: { vi: 'so với hôm trước', en: 'vs the day before' },
  vsWeek: { vi: 'so với 7 ngày trước đó', en: 'vs the 7 days before' },
  byField: { vi: 'Theo lĩnh vực (7 ngày)', en: 'By field (7 days)' },
  byStaff: { vi: 'Theo cán bộ (7 ngày)', en: 'By officer (7 days)' },
  name: { vi: 'Tên', en: 'Name' },
  change: { vi: 'Thay đổi', en: 'Change' },
  alerts: { vi: 'Công dân không hài lòng hôm nay', en: 'Dissatisfied citizens today' },
  none: { vi: 'Chưa có đánh giá "Không hài lòng" nào hôm nay.', en: 'No "Dissatisfied" rating today.' },
  fresh: { vi: 'Có đánh giá "Không hài lòng" mới: {code}', en: 'New "Dissatisfied" rating: {code}' },
  at: { vi: '{t} — số {code}, {field}, {counter}, cán bộ {staff}', en: '{t} — ticket {code}, {field}, {counter}, officer {staff}' },
  nocomment: { vi: '(không có góp ý)', en: '(no comment)' },
  note: { vi: 'Đã xử lý thế nào?', en: 'How was it followed up?' },
  followUp: { vi: 'Ghi nhận xử lý', en: 'Record follow-up' },
  followed: { vi: 'Đã xử lý: {note}', en: 'Followed up: {note}' },
  files: { vi: 'Báo cáo hài lòng (theo khoảng ngày đã chọn):', en: 'Satisfaction report (chosen range):' },
  downloaded: { vi: 'Đã tải về {f}', en: 'Downloaded {f}' },
};
const t = (key, vars) => tr(key, vars, TEXTS);
const TOKEN_KEY = 'qms.leader.token';
const api = new Api(() => localStorage.getItem(TOKEN_KEY));
const root = $('#satisfaction');
let day = null;
let todayReport = null;
let weekReport = null;
let alerts = [];         // /ratings "ratings" of level dissatisfied, newest first
const fresh = new Set(); // codes that arrived live since the page opened
let stream = null;

const pct = (v) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);
const points = (v) => (v === null || v === undefined ? '' : `${v >= 0 ? '+' : ''}${v.toFixed(1)}`);

function shiftDay(d, n) { return new Date(Date.parse(`${d}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10); }

function kpis(label, r, vs) {
  const total = r.total;
  const change = total.share_satisfied_change_points;
  return h('div.kpi-group', { dataset: { period: label } },
    h('h3', { text: t(label) }),
    h('div.kpis', {},
      h('div', { dataset: { kpi: 'responses' } }, t('responses'), h('b', { text: String(total.ratings.count) })),
      h('div', { dataset: { kpi: 'rate' } }, t('rate'), h('b', { text: pct(total.ratings.response_rate) })),
      h('div', { dataset: { kpi: 'satisfied' } }, t('satisfied'), h('b', { text: pct(total.ratings.share_satisfied) }),
        change === null ? null : h(`small.${change >= 0 ? 'trend-up' : 'trend-down'}`, { text: `${points(change)} % ${t(vs)}` }))));
}

function rowsTable(id, title, rows) {
  return h('div', {}, h('h3', { text: t(title) }), h('table', { id },
    h('thead', {}, h('tr', {}, h('th', { text: t('name') }), h('th.num', { text: t('served') }), h('th.num', { text: t('responses') }),
      h('th.num', { text: t('rate') }), h('th.num', { text: t('satisfied') }), h('th.num', { text: t('change') }))),
    h('tbody', {}, rows.filter((r) => r.served || r.ratings.count).map((r) => h('tr', { dataset: { key: r.key } },
      h('td', { text: r.name }), h('td.num', { text: String(r.served) }), h('td.num', { dataset: { col: 'responses' }, text: String(r.ratings.count) }),
      h('td.num', { text: pct(r.ratings.response_rate) }), h('td.num', { dataset: { col: 'satisfied' }, text: pct(r.ratings.share_satisfied) }),
      h('td.num', { text: points(r.share_satisfied_change_points) }))))));
}

function alertItem(a) {
  const followed = a.follow_ups && a.follow_ups.length > 0;
  const item = h(`li${followed ? '.followed' : ''}${fresh.has(a.code) ? '.fresh' : ''}`, { dataset: { code: a.code } },
    h('div', { text: t('at', { t: clockTime(a.at), code: a.code, field: a.field_name || a.field || '–', counter: a.counter_name || '–', staff: a.staff_name || a.staff || '–' }) }),
    h('p.comment', { text: a.comment || t('nocomment') }));
  if (followed) {
    for (const f of a.follow_ups) item.append(h('div', { text: t('followed', { note: f.note }) }));
    return item;
  }
  const note = h('input', { type: 'text', maxlength: 500, 'aria-label': t('note'), placeholder: t('note') });
  const error = h('div.alert.bad.hidden', { role: 'alert' });
  const button = h('button.btn.secondary', { type: 'button' }, t('followUp'));
  button.addEventListener('click', async () => {
    try {
      await api.post(`/ratings/${encodeURIComponent(a.code)}/follow-up`, { note: note.value });
      await loadAlerts();
    } catch (e) { error.textContent = errorText(e); error.classList.remove('hidden'); }
  });
  item.append(h('div.follow', {}, note, button), error);
  return item;
}

function render() {
  if (!root) return;
  const parts = [h('h2', { text: t('title') })];
  const banner = h('div.alert.bad', { id: 'rating-alert', role: 'alert' });
  const newest = alerts.find((a) => fresh.has(a.code) && !(a.follow_ups || []).length);
  if (newest) banner.textContent = t('fresh', { code: newest.code }); else banner.classList.add('hidden');
  parts.push(banner);
  if (todayReport && weekReport) {
    parts.push(h('div.kpis', {}, kpis('today', todayReport, 'vsToday'), kpis('week', weekReport, 'vsWeek')));
    parts.push(h('div.report-charts', {}, rowsTable('sat-fields', 'byField', weekReport.fields), rowsTable('sat-staff', 'byStaff', weekReport.staff)));
  }
  parts.push(h('div.rating-alerts', {}, h('h3', { text: t('alerts') }),
    alerts.length ? h('ul', { id: 'alerts' }, alerts.map(alertItem)) : h('p.sub', { id: 'alerts', text: t('none') })));
  const status = h('span.sub', { id: 'sat-status', role: 'status' });
  parts.push(h('p.files', {}, t('files'), ' ', ['csv', 'xlsx', 'html'].map((f) =>
    h('button.btn.secondary', { type: 'button', dataset: { satFormat: f }, onclick: () => download(f, status) }, f.toUpperCase())), ' ', status));
  root.replaceChildren(...parts);
}

async function loadFigures() {
  if (!day) day = (await api.get('/health')).day;
  [todayReport, weekReport] = await Promise.all([
    api.get(`/reports/satisfaction?from=${day}&to=${day}`),
    api.get(`/reports/satisfaction?from=${shiftDay(day, -6)}&to=${day}`),
  ]);
  render();
}

async function loadAlerts() {
  const r = await api.get('/ratings?level=dissatisfied');
  day = r.day;
  alerts = r.ratings.slice().reverse();
  render();
}

// The report's file for the main report's chosen range (its own form), else the last seven days.
async function download(format, status) {
  const from = ($('#r-from') && $('#r-from').value) || shiftDay(day, -6);
  const to = ($('#r-to') && $('#r-to').value) || day;
  try {
    const res = await fetch(`/api/v1/reports/satisfaction?from=${from}&to=${to}&format=${format}`,
      { headers: { Authorization: `Bearer ${localStorage.getItem(TOKEN_KEY)}` }, cache: 'no-store' });
    if (!res.ok) {
      const e = (await res.json()).error || {};
      throw new ApiError(res.status, e.code, e.vi, e.en, e.message);
    }
    const name = (res.headers.get('Content-Disposition') || '').match(/filename="?([^";]+)/);
    const file = name ? name[1] : `hai-long.${format}`;
    const a = h('a', { href: URL.createObjectURL(await res.blob()), download: file });
    document.body.append(a);
    a.click();
    a.remove();
    status.textContent = t('downloaded', { f: file });
  } catch (e) { status.textContent = errorText(e); }
}

const figuresSoon = debounce(() => loadFigures().catch(() => {}), 500);

class RatingStream extends LiveStream {
  receive(ws, text) {
    let msg;
    try { msg = JSON.parse(text); } catch { return; }
    if (msg.type === 'rating_alert') {
      fresh.add(msg.rating.code);
      alerts = [msg.rating, ...alerts.filter((a) => a.code !== msg.rating.code)];
      render();
    } else if (msg.type === 'rating_followed_up') {
      loadAlerts().catch(() => {});
    } else if (msg.type === 'event' && msg.event.kind === 'ticket_rated') {
      figuresSoon();
    } else if (msg.type === 'event' && msg.event.day && day && msg.event.day !== day) {
      day = msg.event.day; // a new office day: start afresh
      loadAlerts().catch(() => {});
      figuresSoon();
    }
  }
}

function start() {
  if (stream || !root || !localStorage.getItem(TOKEN_KEY)) return;
  stream = new RatingStream({
    token: () => localStorage.getItem(TOKEN_KEY),
    // Before each (re)connect: what may have been missed while away.
    probe: async () => { await loadAlerts(); await loadFigures(); },
    onAuthFailed: () => { stream = null; }, // the main view shows its gate; start again once it opens
  });
  stream.start();
}

onLangChange(render);
// The main view reveals #board once the leader's token works.
const board = $('#board');
if (board) {
  new MutationObserver(() => { if (!board.classList.contains('hidden')) start(); }).observe(board, { attributes: true, attributeFilter: ['class'] });
  if (!board.classList.contains('hidden')) start();
}
