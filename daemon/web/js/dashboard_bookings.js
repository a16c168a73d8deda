// The dashboard's card of today's appointments: per field the places, how
// many are booked, checked in, late, missed and cancelled, then the list (time,
// code, name, masked phone, state, ticket). Hidden while the office takes no
// bookings. A module of its own, like dashboard_messages.js: GET
// /bookings?day=<the office's today> once, then again (debounced) whenever the
// stream carries a booking_* event, on a socket of its own (leader_feed.js).
// Under the counts, today's appointment and walk-in waits, no-show rate and
// booked share (GET /reports/appointments), fetched again a second after a
// ticket is issued or called: walk-ins change the share, calls the waits.
import { Api } from './api.js';
import { h } from './dom.js';
import { t, onLangChange, currentLang } from './i18n.js';
import { LEADER_TOKEN_KEY, followLeaderStream } from './leader_feed.js';
import { debounce } from './stream.js';
import './booking_texts.js';

const api = new Api(() => localStorage.getItem(LEADER_TOKEN_KEY));
const card = h('section.card.wide.hidden', { id: 'bookings', 'aria-live': 'polite', 'aria-labelledby': 'bookings-title' });
// "made": every booking of the day but the cancelled ones; "booked": those
// still waiting for their citizen (the state's count, as the API gives it).
const COUNTS = ['places', 'made', 'booked', 'checked_in', 'late', 'missed', 'cancelled'];
const made = (f) => ['booked', 'checked_in', 'late', 'missed'].reduce((n, k) => n + (Number(f[k]) || 0), 0);
let data = null;
let compare = null; // GET /reports/appointments for today: appointment and walk-in waits
let today = null; // the office's day the card shows
const COMPARE = ['wait_appt', 'wait_walkin', 'no_show_rate', 'booked_share'];
const compareCells = (r) => ({
  wait_appt: r.appointment_wait.mean_minutes, wait_walkin: r.walk_in_wait.mean_minutes,
  no_show_rate: r.no_show_rate === null ? null : Math.round(r.no_show_rate * 100),
  booked_share: r.booked_share === null ? null : Math.round(r.booked_share * 100),
});
let names = new Map(); // field id → { name, name_en } from GET /booking

const fieldName = (id, fallback) => {
  const f = names.get(id);
  return f ? (currentLang() === 'en' && f.name_en) || f.name : fallback || id;
};
const num = (v) => (v === null || v === undefined ? '–' : String(v));

function render() {
  if (!data) { card.classList.add('hidden'); return; }
  card.classList.remove('hidden');
  const fields = (data.fields || []).map((f) => ({ ...f, made: made(f) }));
  const list = [...(data.bookings || [])].sort((a, b) => a.time.localeCompare(b.time) || a.code.localeCompare(b.code));
  const total = (k) => fields.reduce((n, f) => n + (Number(f[k]) || 0), 0);
  card.replaceChildren(
    h('h2', { id: 'bookings-title' }, t('dbk.title')),
    h('table', { id: 'booking-fields' },
      h('thead', {}, h('tr', {}, h('th', {}, t('dash.field')), ...COUNTS.map((k) => h('th.num', {}, t(`dbk.${k}`))))),
      h('tbody', {}, ...fields.map((f) => h('tr', { dataset: { field: f.id } }, h('td', {}, fieldName(f.id, f.name)),
        ...COUNTS.map((k) => h('td.num', { dataset: { col: k } }, num(f[k])))))),
      fields.length > 1 ? h('tfoot', {}, h('tr.total', {}, h('th', {}, t('dash.total')),
        ...COUNTS.map((k) => h('td.num', { dataset: { col: k } }, String(total(k)))))) : null),
    compare ? h('h3', {}, t('dbk.compare')) : null,
    compare ? h('table', { id: 'booking-compare' },
      h('thead', {}, h('tr', {}, h('th', {}, t('dash.field')), ...COMPARE.map((k) => h('th.num', {}, t(`dbk.${k}`))))),
      h('tbody', {}, ...[...compare.fields, compare.total].map((r) => {
        const cells = compareCells(r);
        return h('tr', { dataset: { field: r.field || 'total' } }, h('td', {}, r.field ? fieldName(r.field, r.name) : t('dash.total')),
          ...COMPARE.map((k) => h('td.num', { dataset: { col: k } }, num(cells[k]))));
      }))) : null,
    h('h3', {}, t('dbk.list')),
    list.length ? h('table', { id: 'booking-list' },
      h('thead', {}, h('tr', {}, ...['time', 'code', 'name', 'phone'].map((k) => h('th', {}, t(`dbk.${k}`))),
        h('th', {}, t('dash.field')), h('th', {}, t('dash.state')), h('th', {}, t('dash.ticket')))),
      h('tbody', {}, ...list.map((b) => h('tr', { dataset: { code: b.code, state: b.state } },
        h('td', {}, b.time), h('td', {}, b.code), h('td', {}, b.name || ''), h('td', {}, b.phone || ''),
        h('td', {}, fieldName(b.field)), h('td', { dataset: { col: 'state' } }, t(`bkstate.${b.state}`)),
        h('td', { dataset: { col: 'ticket' } }, b.ticket || '')))))
      : h('p.sub', {}, t('dbk.none')));
}

// The day's appointment and walk-in comparison, or null if refused.
const fetchCompare = (day) =>
  api.get(`/reports/appointments?from=${encodeURIComponent(day)}&to=${encodeURIComponent(day)}`).catch(() => null);

async function load() {
  const info = await new Api().get('/booking').catch((e) => {
    if (e.code === 'booking_disabled' || e.status === 404) return { enabled: false };
    throw e;
  });
  if (!info.enabled) { data = null; render(); return false; } // nothing to follow
  names = new Map((info.fields || []).map((f) => [f.id, f]));
  // The office's today, not the browser's.
  const { day } = await new Api().get('/health');
  today = day;
  data = await api.get(`/bookings?day=${encodeURIComponent(day)}`); // refused until the leader has logged in: followed again
  compare = await fetchCompare(day);
  render();
  return true;
}

const reload = debounce(() => load().catch(() => {}), 500);

// At most once a second however busy the floor (a debounce would wait out a
// steady stream of tickets), the comparison only: its list and counts change
// with booking_* events alone.
let compareDue = null;
function reloadCompare() {
  if (compareDue !== null || !data || !today) return;
  compareDue = setTimeout(async () => {
    compareDue = null;
    const fresh = await fetchCompare(today);
    if (fresh) { compare = fresh; render(); }
  }, 1000);
}
const COMPARE_EVENTS = new Set(['ticket_issued', 'ticket_called']);
const kindOf = (msg) => (msg.event && msg.event.kind) || msg.kind || '';

(document.querySelector('#reports') || document.querySelector('main')).before(card);
onLangChange(render);
followLeaderStream({
  load,
  onMessage: (msg) => {
    if (msg.type !== 'event') return;
    const kind = kindOf(msg);
    if (kind.startsWith('booking_')) reload();
    else if (COMPARE_EVENTS.has(kind)) reloadCompare();
  },
});
