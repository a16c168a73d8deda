// The staff desk: PIN login at a counter, the current ticket, every action
// with a keyboard shortcut, the counter's queues. Refusals are shown with the
// daemon's own reason; the role checks are the API's (a staff session acts
// only for its counter).
import { Api, ApiError } from './api.js';
import { LiveStream, debounce } from './stream.js';
import { t, has, errorText, wireLangSwitch, onLangChange, currentLang } from './i18n.js';
import { h, $, duration, clockTime, secondsSince, connectionBadge, showOffice } from './dom.js';
import { pauseReturn } from './pause_return.js'; // the expected return sent with a pause
import { showBookingBadge } from './booking_texts.js'; // "Lịch hẹn HH:MM" on an appointment's ticket
import { counterBookings } from './counter_bookings.js'; // the panel of today's appointments

const SESSION_KEY = 'qms.counter.session';
let session = JSON.parse(localStorage.getItem(SESSION_KEY) || 'null');
const api = new Api(() => session && session.token);
let counter = null;
let queues = [];
// From GET /fields: the office's names, Vietnamese and (where configured) English.
let fieldNames = new Map();   // id → {name, name_en}
let priorityNames = new Map(); // id → {name, name_en}
let pauseReasons = [];         // [{id, name, name_en}], in the config's order
// The queues come a page at a time (a long day's queue is thousands); the
// desk refetches only the first pages, as long as what the staff opened.
const PAGE = 30;
let listLimit = PAGE;
let stream = null;
let inFlight = false;
let messageTimer = null;
let noShows = []; // codes this counter marked no-show this session, newest first (to reinstate)
const bookings = counterBookings({ api, fields: () => counter && counter.fields, panel: $('#bookings-panel') });

// [action, i18n key, key, needs a body]
const ACTIONS = [
  ['call-next', 'act.call-next', 'g'],
  ['recall', 'act.recall', 'l'],
  ['start', 'act.start', 'b'],
  ['finish', 'act.finish', 'h'],
  ['no-show', 'act.no-show', 'v'],
  ['park', 'act.park', 'p'],
  ['transfer', 'act.transfer', 'c'],
  ['pause', 'act.pause', 'd'], // pause or resume, by the counter's state
];
// A configured name in the page's language: English where the office gave one.
const named = (map, id) => {
  const n = map.get(id);
  return n ? (currentLang() === 'en' && n.name_en) || n.name : id || '';
};
const fieldName = (id) => named(fieldNames, id);
const priorityName = (id) => named(priorityNames, id);
const pauseName = (id) => named(new Map(pauseReasons.map((r) => [r.id, r])), id);

// Why an action does not apply in the counter's state (null: it does). The
// button is disabled with this as its title; a shortcut key still asks the
// daemon, whose refusal then says why in its own words.
function unavailable(name) {
  const st = counter ? counter.state : 'closed';
  if (st === 'closed') return t('state.closed');
  if (name === 'pause') return st === 'paused' || st === 'idle' ? null : t('counter.why.busy');
  if (st === 'paused') return t('counter.why.paused');
  if (name === 'call-next' || name === 'call') return st === 'idle' ? null : t('counter.why.busy');
  if (st === 'idle') return t('counter.why.idle');
  if (['recall', 'start', 'no-show'].includes(name) && st === 'serving') return t('counter.why.serving');
  return null;
}

function message(kind, main, detail) {
  const el = $('#message');
  el.className = `alert ${kind}`;
  el.replaceChildren(main, detail ? h('small', {}, detail) : '');
  clearTimeout(messageTimer);
  messageTimer = setTimeout(() => el.classList.add('hidden'), kind === 'bad' ? 15000 : 4000);
}

// In the page's language only. The daemon's detail (e.message) is English,
// so it is shown in English mode; the stable code stays on the element for
// whoever supports the office.
function refused(e) {
  message('bad', `${t('counter.refused')}: ${errorText(e)}`, currentLang() === 'en' && e.message !== e.en ? e.message : '');
  $('#message').dataset.code = e.code || '';
}

function actionLabel(name) {
  if (name === 'pause' && counter && counter.state === 'paused') return t('act.resume');
  return t(ACTIONS.find((a) => a[0] === name)[1]);
}

function renderActions() {
  $('#actions').replaceChildren(...ACTIONS.map(([name, , key]) => {
    const why = unavailable(name);
    return h('button.btn', {
      type: 'button', class: `btn${name === 'call-next' ? ' primary' : ''}${name === 'no-show' ? ' danger' : ''}`,
      dataset: { action: name }, 'aria-keyshortcuts': key.toUpperCase(), onclick: () => act(name),
      disabled: !!why, title: why,
    }, actionLabel(name), h('kbd', {}, key.toUpperCase()));
  }));
  $('#keys').textContent = ACTIONS.map(([name, , key]) => `${key.toUpperCase()} ${actionLabel(name)}`).join(' · ');
}

function renderTicketTime() {
  const tk = counter && counter.ticket;
  if (!tk) { $('#ticket-time').textContent = ''; return; }
  const waited = tk.called_at ? (Date.parse(tk.called_at) - Date.parse(tk.issued_at)) / 1000 : secondsSince(tk.issued_at);
  const parts = [t('counter.waited', { t: duration(waited) })];
  if (tk.started_at) parts.push(t('counter.serving.for', { t: duration(secondsSince(tk.started_at)) }));
  if (tk.recalls) parts.push(t('counter.calls', { n: tk.recalls + 1 }));
  $('#ticket-time').textContent = parts.join(' · ');
}

// Every event re-renders the desk; a keyboard user's place must survive it
// (the focused button is replaced by an identical one): which control had
// the focus, as a selector for its replacement.
function focusedControl() {
  const a = document.activeElement;
  if (!a || a === document.body || !a.closest('#desk')) return null;
  if (a.dataset.action) return `[data-action="${a.dataset.action}"]`;
  if (a.dataset.more) return `[data-more="${a.dataset.more}"]`;
  const li = a.closest('li[data-code]');
  return li && li.parentElement.id ? `#${li.parentElement.id} li[data-code="${li.dataset.code}"] button` : null;
}

function render() {
  if (!counter) return;
  const focused = focusedControl();
  renderDesk();
  const again = focused && document.querySelector(focused);
  if (again && again !== document.activeElement) again.focus({ preventScroll: true });
}

function renderDesk() {
  $('#title').textContent = `${counter.name} — ${session.staff_name}`;
  const st = $('#state');
  st.dataset.state = counter.state;
  const paused = counter.state === 'paused';
  st.textContent = paused
    ? t('counter.paused.since', { r: pauseName(counter.pause_reason), t: clockTime(counter.paused_since) })
    : t(`state.${counter.state}`);
  $('#desk').classList.toggle('paused', paused);
  const tk = counter.ticket;
  $('#code').textContent = tk ? tk.code : '—';
  $('#ticket-sub').textContent = tk ? `${fieldName(tk.field)}${tk.priority ? ' · ★ ' + priorityName(tk.priority) : ''} · ${t(`tstate.${tk.state}`)}`
    : paused ? t('counter.paused.hint') : t('counter.none');
  showBookingBadge($('#ticket-sub'), tk);
  renderTicketTime();
  renderActions();
  const callWhy = unavailable('call');
  $('#parked').replaceChildren(...counter.parked.map((p) => h('li', { dataset: { code: p.code } }, h('strong', {}, p.code), ' ',
    h('button.btn.secondary', { type: 'button', disabled: !!callWhy, title: callWhy, 'aria-label': `${t('act.call')} ${p.code}`,
      onclick: () => act('call', { ticket: p.code }) }, t('act.call')))));
  $('#noshows-card').classList.toggle('hidden', noShows.length === 0);
  $('#noshows').replaceChildren(...noShows.map((code) => h('li', { dataset: { code } }, h('strong', {}, code), ' ',
    h('button.btn.secondary', { type: 'button', 'aria-label': `${t('act.reinstate')} ${code}`, onclick: () => reinstate(code) }, t('act.reinstate')))));
  $('#queues').replaceChildren(...queues.map((q) => h('div', { dataset: { field: q.field } },
    h('h3', {}, `${fieldName(q.field)} (${q.waiting})`),
    q.tickets.length ? h('ol', {}, ...q.tickets.map((x) => h('li', { class: x.priority ? 'prio' : null, dataset: { code: x.code },
      title: x.priority ? priorityName(x.priority) : null }, x.code + (x.priority ? ' ★' : ''))))
      : h('p.sub', {}, t('counter.empty')),
    q.next_after ? h('p.sub', {}, t('counter.shown', { n: q.tickets.length, total: q.waiting }), ' ',
      h('button.btn.secondary', { type: 'button', dataset: { more: q.field }, onclick: () => more(q.field) }, t('counter.more')))
      : '')));
}

async function refresh() {
  const r = await api.get(`/counters/${session.counter}?limit=${listLimit}`);
  counter = r.counter;
  queues = r.queues;
  render();
}
const refreshSoon = debounce(() => refresh().catch(() => {}), 200);

// The next page of one queue, appended; later refreshes keep that many shown (up to the daemon's cap).
async function more(field) {
  const q = queues.find((x) => x.field === field);
  if (!q || !q.next_after) return;
  try {
    const r = await api.get(`/counters/${session.counter}/queues/${encodeURIComponent(field)}?after=${encodeURIComponent(q.next_after)}&limit=${PAGE}`);
    const now = queues.find((x) => x.field === field);
    if (!now || now.next_after !== q.next_after) return; // a refresh came first: it shows the queue as it is
    const seen = new Set(now.tickets.map((x) => x.code));
    now.tickets = now.tickets.concat(r.tickets.filter((x) => !seen.has(x.code)));
    now.waiting = r.waiting;
    now.next_after = r.next_after;
    listLimit = Math.min(200, Math.max(listLimit, now.tickets.length));
    render();
  } catch (e) {
    if (e instanceof ApiError && e.code === 'unauthenticated') return signedOut();
    refused(e);
  }
}
async function act(name, body = {}) {
  if (inFlight || !counter) return;
  if (name === 'pause' && counter.state === 'paused') name = 'resume';
  else if (name === 'pause') body = { reason: $('#pause-reason').value, ...pauseReturn() };
  else if (name === 'transfer') body = { field: $('#transfer-field').value };
  inFlight = true;
  try {
    const r = await api.post(`/counters/${session.counter}/${name}`, body);
    counter = r.counter;
    if (name === 'no-show' && r.ticket) noteNoShow(r.ticket.code);
    render();
    const what = name === 'resume' ? t('act.resume') : name === 'call' ? t('act.call')
      : name === 'pause' ? `${t('act.pause')} (${pauseName(body.reason)})` : actionLabel(name);
    const to = name === 'transfer' ? ` → ${fieldName(body.field)}` : '';
    const warning = r.warning ? (has(`counter.warning.${r.warning}`) ? t(`counter.warning.${r.warning}`) : r.warning) : '';
    message('ok', t('counter.done', { a: what }) + (r.ticket ? ` — ${r.ticket.code}${to}` : ''), warning);
    refreshSoon();
  } catch (e) {
    if (e instanceof ApiError && e.code === 'unauthenticated') return signedOut();
    refused(e);
  } finally {
    inFlight = false;
  }
}

function noteNoShow(code) {
  if (code && !noShows.includes(code)) noShows = [code, ...noShows].slice(0, 10);
}

function forgetNoShow(code) {
  noShows = noShows.filter((c) => c !== code);
}

// A no-show back in its queue: from the recent list, or any code typed in.
async function reinstate(typed) {
  const code = (typed || $('#reinstate-code').value).trim().toUpperCase();
  if (!code) return;
  try {
    const r = await api.post(`/tickets/${encodeURIComponent(code)}/reinstate`);
    message('ok', t('counter.done', { a: t('act.reinstate') }) + ` — ${r.ticket.code}`);
    if (!typed) $('#reinstate-code').value = '';
    forgetNoShow(r.ticket.code);
    render();
    refreshSoon();
  } catch (e) {
    if (e instanceof ApiError && e.code === 'unauthenticated') return signedOut();
    refused(e);
  }
}

function onKey(ev) {
  if (!counter || ev.ctrlKey || ev.altKey || ev.metaKey) return;
  const tag = (ev.target.tagName || '').toLowerCase();
  if (tag === 'input' || tag === 'textarea' || tag === 'select') return;
  const a = ACTIONS.find((x) => x[2] === ev.key.toLowerCase());
  if (a) { ev.preventDefault(); act(a[0]); }
}

function signedOut() {
  if (stream) stream.stop();
  stream = null;
  bookings.stop();
  session = null;
  counter = null;
  noShows = [];
  listLimit = PAGE;
  localStorage.removeItem(SESSION_KEY);
  $('#desk').classList.add('hidden');
  $('#logout').classList.add('hidden');
  $('#conn').classList.add('hidden');
  $('#login').classList.remove('hidden');
  $('#title').textContent = t('index.counter');
  $('#l-pin').value = '';
  $('#l-staff').focus();
}

function startDesk() {
  $('#login').classList.add('hidden');
  $('#desk').classList.remove('hidden');
  $('#logout').classList.remove('hidden');
  $('#conn').classList.remove('hidden');
  stream = new LiveStream({
    token: () => session.token,
    probe: refresh, // also says whether the session still holds
    onEvent: (m) => {
      const e = m.event;
      bookings.onEvent(e); // booking_* only; a ticket event does not refetch the list
      const code = (m.ticket && m.ticket.code) || e.code;
      if (e.kind === 'ticket_no_show' && e.counter === session.counter) noteNoShow(code);
      else if (['ticket_reinstated', 'ticket_cancelled', 'ticket_expired'].includes(e.kind)) forgetNoShow(code);
      const mine = counter ? counter.fields : [];
      if (e.counter === session.counter || mine.includes(e.field) || mine.includes(e.to_field)) refreshSoon();
    },
    onStatus: connectionBadge($('#conn'), t),
    onAuthFailed: signedOut,
  });
  stream.start();
  bookings.start();
}

async function login(ev) {
  ev.preventDefault();
  const body = { staff: $('#l-staff').value.trim(), pin: $('#l-pin').value, counter: Number($('#l-counter').value) };
  try {
    const r = await new Api().post('/sessions', body);
    session = r;
    localStorage.setItem(SESSION_KEY, JSON.stringify(r));
    localStorage.setItem('qms.counter.last', JSON.stringify({ staff: body.staff, counter: body.counter }));
    $('#l-error').classList.add('hidden');
    startDesk();
  } catch (e) {
    $('#l-error').textContent = errorText(e);
    $('#l-error').classList.remove('hidden');
    $('#l-pin').value = '';
  }
}

async function logout() {
  try {
    await api.del('/sessions/current');
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 'unauthenticated')) return refused(e);
  }
  signedOut();
}

async function main() {
  wireLangSwitch();
  onLangChange(() => { render(); fillSelects(); });
  $('#login').addEventListener('submit', login);
  $('#logout').addEventListener('click', logout);
  $('#reinstate-form').addEventListener('submit', (ev) => { ev.preventDefault(); reinstate(); });
  document.addEventListener('keydown', onKey);
  setInterval(renderTicketTime, 1000); // the clock on screen; no request
  const anon = new Api();
  showOffice(anon);
  for (let delay = 500; ; delay = Math.min(5000, delay * 2)) {
    try {
      const [d, f] = await Promise.all([anon.get('/display'), anon.get('/fields')]);
      $('#l-counter').replaceChildren(...d.counters.map((c) => h('option', { value: c.number }, c.name)));
      fieldNames = new Map(f.fields.map((x) => [x.id, x]));
      priorityNames = new Map((f.priorities || []).map((x) => [x.id, x]));
      pauseReasons = f.pause_reasons || [];
      break;
    } catch { await new Promise((r) => setTimeout(r, delay)); }
  }
  fillSelects();
  const last = JSON.parse(localStorage.getItem('qms.counter.last') || 'null');
  if (last) { $('#l-staff').value = last.staff; $('#l-counter').value = last.counter; }
  // A ready-made link (the demo prints one): counter.html#counter=4&staff=nv04. Never a PIN.
  const pre = new URLSearchParams(location.hash.slice(1));
  if (pre.get('counter')) $('#l-counter').value = pre.get('counter');
  if (pre.get('staff')) $('#l-staff').value = pre.get('staff');
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  if (session && session.expires_at && Date.parse(session.expires_at) < Date.now()) session = null;
  if (session) startDesk();
  else signedOut();
}

function fillSelects() {
  const f = $('#transfer-field');
  const keep = f.value;
  f.replaceChildren(...[...fieldNames.keys()].map((id) => h('option', { value: id }, fieldName(id))));
  if (keep) f.value = keep;
  const p = $('#pause-reason');
  const keepP = p.value;
  p.replaceChildren(...pauseReasons.map((r) => h('option', { value: r.id }, pauseName(r.id))));
  if (keepP) p.value = keepP;
}

main();
