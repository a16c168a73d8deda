// The counter's panel of today's appointments (daemon/booking/README.md):
// for the bookable fields this counter serves, a count line per field ("Hộ
// tịch: 3 đã hẹn, 1 đã đến") and every booking not cancelled — time, code,
// name, masked phone, and whether the citizen has come (with their ticket).
// Staff see who is expected before the ticket is called.
// GET /bookings?day=<the office's today, from /health, as the leader's card
// in dashboard_bookings.js> with the staff session's token: again (debounced)
// when the desk's stream carries a booking_* event of one of these fields,
// and otherwise every 30 s at most (a fallback for a missed event) — never
// on ticket events (issue 15). Hidden while the office takes no bookings or
// when the counter serves no bookable field. A <details> the staff can fold
// (remembered on this machine); a refresh rewrites only the list and the
// count in its summary, never the summary itself, so the keyboard focus
// stays where the staff left it.
import { Api } from './api.js';
import { h } from './dom.js';
import { t, onLangChange } from './i18n.js';
import { debounce } from './stream.js';
import { named } from './booking_texts.js';

const OPEN_KEY = 'qms.counter.bookings.open';
const EVERY_MS = 30000;
const anon = new Api();

// api: the desk's Api (the staff token); fields: () => the counter's field
// ids (null until the desk has loaded its counter); panel: the <details>.
export function counterBookings({ api, fields, panel }) {
  let info = null;   // GET /booking
  let data = null;   // GET /bookings?day=
  let mine = [];     // the counter's bookable fields, as GET /booking names them
  let running = false;
  let generation = 0; // a stop() (sign-out) discards any answer still on its way
  let timer = null;
  let waiting = null;

  const summary = h('summary', {}, h('h2', {}, t('dbk.title')), ' ', h('span.bk-total'));
  const body = h('div.bk-body');
  panel.replaceChildren(summary, body);
  panel.open = localStorage.getItem(OPEN_KEY) !== 'closed';
  panel.addEventListener('toggle', () => localStorage.setItem(OPEN_KEY, panel.open ? 'open' : 'closed'));

  const made = (f) => ['booked', 'checked_in', 'late', 'missed'].reduce((n, k) => n + (Number(f[k]) || 0), 0);
  const arrived = (f) => (Number(f.checked_in) || 0) + (Number(f.late) || 0);
  const stateText = (b) => {
    if (b.state === 'checked_in' || b.state === 'late') {
      return b.ticket ? t(`cbk.${b.state}.ticket`, { c: b.ticket }) : t(`cbk.${b.state}`);
    }
    return t(`cbk.${b.state}`);
  };

  function render() {
    const shown = running && info && info.enabled && mine.length > 0;
    panel.classList.toggle('hidden', !shown);
    if (!shown) { body.replaceChildren(); return; }
    summary.querySelector('h2').textContent = t('dbk.title');
    if (!data) { body.replaceChildren(h('p.sub', {}, t('bk.loading'))); return; }
    const ids = new Set(mine.map((f) => f.id));
    const list = (data.bookings || []).filter((b) => ids.has(b.field) && b.state !== 'cancelled')
      .sort((a, b) => a.time.localeCompare(b.time) || a.code.localeCompare(b.code));
    const counts = new Map((data.fields || []).map((f) => [f.id, f]));
    summary.querySelector('.bk-total').textContent = `(${list.length})`;
    body.replaceChildren(...mine.map((f) => {
      const c = counts.get(f.id) || {};
      const rows = list.filter((b) => b.field === f.id);
      return h('div.bk-field', { dataset: { field: f.id } },
        h('p.bk-count', {}, t('cbk.count', { f: named(f) || c.name || f.id, n: made(c), a: arrived(c) })),
        rows.length ? h('ul.bk-list', {}, ...rows.map((b) => h('li', { dataset: { code: b.code, state: b.state } },
          h('strong.bk-time', {}, b.time),
          h('span.bk-who', {}, h('span.bk-name', {}, b.name || ''), h('small', {}, [b.code, b.phone].filter(Boolean).join(' · '))),
          h('span.bk-state', { dataset: { state: b.state } }, stateText(b))))) : null);
    }), list.length ? '' : h('p.sub', {}, t('dbk.none')));
  }

  async function load() {
    const gen = generation;
    const ids = fields();
    if (!ids) return false; // the desk has not loaded its counter yet
    const got = await anon.get('/booking').catch((e) => {
      if (e.code === 'booking_disabled' || e.status === 404) return { enabled: false };
      throw e;
    });
    if (gen !== generation) return true;
    info = got;
    const byId = new Map((info.fields || []).map((f) => [f.id, f]));
    mine = info.enabled ? ids.filter((id) => byId.has(id)).map((id) => byId.get(id)) : [];
    if (!mine.length) { data = null; render(); return true; }
    const { day } = await anon.get('/health'); // the office's today, not the browser's
    const list = await api.get(`/bookings?day=${encodeURIComponent(day)}`);
    if (gen !== generation) return true;
    data = list;
    render();
    return true;
  }

  // One load at a time; the 30 s fallback counts from the last one.
  const run = () => {
    if (!running) return;
    clearTimeout(timer);
    clearTimeout(waiting);
    load().then((ready) => {
      if (!running) return;
      if (!ready) waiting = setTimeout(run, 1000); // the counter comes with the desk's first refresh
    }).catch(() => {}).finally(() => {
      if (running) { clearTimeout(timer); timer = setTimeout(run, EVERY_MS); }
    });
  };
  const soon = debounce(run, 500);

  onLangChange(render);

  return {
    start() {
      if (running) return;
      running = true;
      run();
    },
    stop() {
      running = false;
      generation++;
      clearTimeout(timer);
      clearTimeout(waiting);
      info = data = null;
      mine = [];
      render();
    },
    // Every event of the desk's stream: only a booking of one of these fields reloads.
    onEvent(e) {
      if (!running || !e || !String(e.kind || '').startsWith('booking_')) return;
      if (!mine.length || mine.some((f) => f.id === e.field)) soon();
    },
  };
}
