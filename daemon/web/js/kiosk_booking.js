// The kiosk's check-in for appointments: "Tôi có lịch hẹn" (shown only while
// GET /booking says booking is enabled) opens a panel where the citizen types
// the booking code on on-screen keys (only the code alphabet: no look-alikes),
// or switches to the mobile number they booked with on a digit pad. A QR or
// barcode scanner is a keyboard: it types the code or the booking's whole url
// then Enter, in the panel or on the main screen (which opens the panel and
// checks in at once). POST /checkin with the kiosk's token and a request id
// (retries after a lost connection reuse it, as for tickets); the ticket is
// then shown by kiosk.js's own display, with "Lịch hẹn HH:MM" and, when the
// booking was late, that it is queued like a walk-in. Too early, or no
// booking today, is said in the panel so the citizen can try again.
// kiosk.js calls wireBooking() with what it shares (its API client, its
// reconnecting wrapper, its ticket display and refusal notice).
import { ApiError, requestId } from './api.js';
import { t, tIn, currentLang, onLangChange } from './i18n.js';
import { h, $ } from './dom.js';
import { codeFrom } from './booking_texts.js';

const ALPHABET = 'ACDEFHJKMNPRTUVWXY34679'; // daemon/booking/README.md
const CODE_LENGTH = 6;
const GUARD_MS = 500;    // the second tap of the tap that opened the panel
const IDLE_MS = 60000;   // an abandoned panel closes by itself
const SCAN_GAP_MS = 1500; // keys further apart than this on the main screen are not one scan

let deps = null;
let mode = 'code';  // 'code' or 'phone'
let raw = '';       // what was typed: keys, or a scanner's characters (a url too)
let submitted = false; // the next scanned character starts a new entry
let busy = false;
let openedAt = 0;
let idleTimer = null;
let returnFocus = null;
let idle = { text: '', at: 0 }; // a scan arriving while the panel is closed

const plausiblePhone = (d) => /^0\d{9,10}$/.test(d);
const looksLikeUrl = (s) => /[/:]/.test(s);
const isOpen = () => !!$('#checkin') && !$('#checkin').classList.contains('hidden');

// What goes to the daemon: the code when it can be read here, else the text
// as scanned (the daemon knows its own urls).
function value() {
  if (mode === 'phone') return raw;
  return !looksLikeUrl(raw) || /code=/i.test(raw) ? codeFrom(raw) : raw.trim();
}
function ready() {
  if (mode === 'phone') return plausiblePhone(raw);
  return looksLikeUrl(raw) ? /code=/i.test(raw) && codeFrom(raw).length > 0 : codeFrom(raw).length === CODE_LENGTH;
}
function display() {
  if (mode === 'phone') return raw || '—';
  if (!raw) return '—';
  return looksLikeUrl(raw) && !/code=/i.test(raw) ? '…' : codeFrom(raw);
}

function panel() {
  let d = $('#checkin');
  if (d) return d;
  d = h('div.overlay.hidden', { id: 'checkin', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'checkin-title' },
    h('div.card.checkin', {},
      h('h2', { id: 'checkin-title' }),
      h('p', { id: 'checkin-prompt' }),
      h('div.code', { id: 'checkin-typed', 'aria-live': 'polite' }),
      h('div.alert.bad.hidden', { id: 'checkin-error', role: 'alert' }),
      h('div', { id: 'checkin-pad' }),
      h('div.checkin-actions', {},
        h('button.btn', { type: 'button', id: 'checkin-go', onclick: () => guarded(submit) }),
        h('button.btn.secondary', { type: 'button', id: 'checkin-switch', onclick: () => guarded(() => setMode(mode === 'code' ? 'phone' : 'code')) }),
        h('button.btn.secondary', { type: 'button', id: 'checkin-back', onclick: () => close() }))));
  // Below the kiosk's "reconnecting…" overlay, which must stay on top.
  const busyOverlay = $('#busy');
  if (busyOverlay) busyOverlay.before(d); else document.body.append(d);
  return d;
}

function guarded(fn) {
  if (Date.now() - openedAt < GUARD_MS) return;
  touch();
  fn();
}

function touch() {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => close(), IDLE_MS);
}

function renderTyped() {
  $('#checkin-typed').textContent = display();
  $('#checkin-typed').setAttribute('aria-label', `${t('kbk.typed')}: ${display()}`);
  $('#checkin-go').disabled = busy || !ready();
}

function key(label, onclick, cls = '.btn.secondary', attrs = {}) {
  return h(`button${cls}`, { type: 'button', onclick: () => guarded(onclick), ...attrs }, label);
}

function typeKey(ch) {
  if (submitted) { raw = ''; submitted = false; }
  hideError();
  if (mode === 'phone') { if (raw.length < 11) raw += ch; } else if (looksLikeUrl(raw)) raw = ch; else if (raw.length < CODE_LENGTH) raw += ch;
  renderTyped();
}
function erase() {
  submitted = false;
  raw = mode === 'code' && looksLikeUrl(raw) ? '' : raw.slice(0, -1);
  hideError();
  renderTyped();
}
function clearAll() { raw = ''; submitted = false; hideError(); renderTyped(); }

function renderPad() {
  const pad = $('#checkin-pad');
  if (mode === 'phone') {
    // The same keypad as the kiosk's "text me" number (kiosk_phone.js).
    pad.className = 'phone-pad';
    pad.replaceChildren(...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => key(String(d), () => typeKey(String(d)))),
      key(t('kiosk.phone.erase'), erase), key('0', () => typeKey('0')), key(t('kiosk.phone.clear'), clearAll));
  } else {
    pad.className = 'code-pad';
    pad.replaceChildren(...[...ALPHABET].map((c) => key(c, () => typeKey(c), '.btn.secondary', { dataset: { key: c } })),
      key(t('kiosk.phone.erase'), erase, '.btn.secondary.word', { dataset: { key: 'erase' } }),
      key(t('kiosk.phone.clear'), clearAll, '.btn.secondary.word', { dataset: { key: 'clear' } }));
  }
}

function renderPanel() {
  if (!$('#checkin')) return;
  $('#checkin-title').textContent = t('kbk.title');
  $('#checkin-prompt').textContent = t(mode === 'phone' ? 'kbk.phone.prompt' : 'kbk.prompt');
  $('#checkin-go').textContent = t(busy ? 'kbk.checking' : 'kbk.go');
  $('#checkin-switch').textContent = t(mode === 'phone' ? 'kbk.usecode' : 'kbk.usephone');
  $('#checkin-back').textContent = t('kbk.back');
  $('#checkin').dataset.mode = mode;
  renderPad();
  renderTyped();
}

function setMode(m) {
  mode = m;
  raw = '';
  submitted = false;
  hideError();
  renderPanel();
  $('#checkin-pad button').focus();
}

function open(initial = '') {
  panel();
  returnFocus = document.activeElement;
  mode = 'code';
  raw = initial;
  submitted = false;
  busy = false;
  hideError();
  renderPanel();
  $('#checkin').classList.remove('hidden');
  openedAt = Date.now();
  $('#checkin-pad button').focus();
  touch();
}

function close() {
  clearTimeout(idleTimer);
  if (!isOpen()) return;
  $('#checkin').classList.add('hidden');
  raw = '';
  if (returnFocus && document.contains(returnFocus) && !returnFocus.closest('.hidden')) returnFocus.focus();
}

// A refusal in the panel: the page's language large, the other one below.
function panelError(vi, en) {
  const el = $('#checkin-error');
  const [main, other] = currentLang() === 'en' ? [en, vi] : [vi, en];
  el.replaceChildren(main, other && other !== main ? h('small', {}, other) : '');
  el.classList.remove('hidden');
}
function hideError() { $('#checkin-error')?.classList.add('hidden'); }

// The refusals a citizen can act on stay in the panel; anything else (a
// printer fault…) closes it and is shown as kiosk.js shows a refused ticket.
function explain(e) {
  if (!(e instanceof ApiError)) return false;
  const both = (k, vars) => [tIn('vi', k, vars), tIn('en', k, vars)];
  if (e.code === 'too_early') {
    const from = (e.body && e.body.error && e.body.error.checkin_from) || '';
    panelError(...both('kbk.early', { t: from }));
  } else if (e.code === 'unknown_booking' || (e.code === 'invalid_argument' && e.status === 400)) {
    panelError(...both(mode === 'phone' ? 'kbk.unknown.phone' : 'kbk.unknown.code'));
  } else if (e.code === 'booking_wrong_state' || e.code === 'booking_disabled' || e.code === 'office_closed'
    || e.code === 'after_cutoff' || e.code === 'quota_reached' || e.code === 'numbering_exhausted') {
    panelError(e.vi || e.en || e.code, e.en || '');
  } else {
    return false;
  }
  $('#checkin-error').dataset.code = e.code;
  return true;
}

// The lines the ticket shows under its field for an appointment.
function ticketLines(r) {
  const time = (r.booking && r.booking.time) || (r.ticket && r.ticket.booking && r.ticket.booking.time) || '';
  const lines = [h('div.booking-line', { id: 't-booking' }, t('kbk.time', { t: time }))];
  if (r.late) lines.push(h('div.booking-late', { id: 't-late' }, t('kbk.late')));
  return lines;
}

async function submit() {
  if (busy || !ready()) return;
  busy = true;
  submitted = true;
  hideError();
  const body = mode === 'phone' ? { phone: value() } : { code: value() };
  body.request_id = requestId();
  renderPanel();
  try {
    const r = await deps.untilUp(() => deps.api.post('/checkin', body));
    busy = false;
    close();
    deps.showTicket(r.ticket, r.printed === true, ticketLines(r));
  } catch (e) {
    busy = false;
    if (!explain(e)) {
      close();
      deps.refused(e);
    } else {
      renderPanel();
    }
  } finally {
    busy = false;
    if (isOpen()) renderPanel();
    deps.done();
  }
}

// A scanner or keyboard: characters, then Enter.
function onKey(ev) {
  if (ev.ctrlKey || ev.altKey || ev.metaKey) return;
  if (isOpen()) {
    if (ev.key === 'Escape') { close(); return; }
    touch();
    if (ev.key === 'Enter') {
      ev.preventDefault(); // not also a click on the focused key
      submit();
    } else if (ev.key === 'Backspace') {
      ev.preventDefault();
      erase();
    } else if (ev.key.length === 1 && ev.key !== ' ') {
      ev.preventDefault();
      if (submitted) { raw = ''; submitted = false; }
      hideError();
      if (raw.length < 300) raw += mode === 'phone' ? ev.key.replace(/\D/g, '') : ev.key;
      renderTyped();
    }
    return;
  }
  // The main screen (or the last citizen's ticket still on it), nothing else
  // open: a scan opens the panel and checks in.
  if ([...document.querySelectorAll('.overlay:not(.hidden)')].some((o) => o.id !== 'ticket')) return;
  const now = Date.now();
  if (now - idle.at > SCAN_GAP_MS) idle.text = '';
  idle.at = now;
  if (ev.key === 'Enter') {
    const text = idle.text;
    idle.text = '';
    const code = codeFrom(text);
    if (/code=/i.test(text) || (code.length === CODE_LENGTH && [...code].every((c) => ALPHABET.includes(c)) && !looksLikeUrl(text))) {
      ev.preventDefault();
      if (!$('#ticket').classList.contains('hidden')) $('#t-done').click(); // the next citizen is here
      open(text);
      openedAt = 0; // nothing was tapped
      submit();
    }
  } else if (ev.key.length === 1 && idle.text.length < 300) {
    idle.text += ev.key;
  }
}

async function loadEnabled(button) {
  for (let delay = 1000; ; delay = Math.min(30000, delay * 2)) {
    try {
      const r = await deps.api.get('/booking');
      return !!(r && r.enabled);
    } catch (e) {
      // Not built in, or switched off: no button. Unreachable: ask again.
      if (e instanceof ApiError && !e.network && e.status !== 503) return false;
    }
    button.classList.add('hidden');
    await new Promise((r) => setTimeout(r, delay));
  }
}

// deps: { api, untilUp, showTicket(ticket, printed, extraLines), refused(error), done() }.
export async function wireBooking(d) {
  deps = d;
  const button = $('#booking');
  if (!button) return;
  button.addEventListener('click', () => open());
  onLangChange(() => { if (isOpen()) renderPanel(); });
  const on = await loadEnabled(button);
  button.classList.toggle('hidden', !on);
  if (on) document.addEventListener('keydown', onKey);
}
