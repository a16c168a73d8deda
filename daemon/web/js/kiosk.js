// The kiosk: one large button per field, a priority choice, the ticket on
// screen with its QR while it prints. A tap sends one request id; retries after
// a lost connection reuse it, so a double tap or a daemon restart is one ticket.
// A kiosk with a ticket printer shows the printer's faults (GET /printer, then
// the stream's "printer" messages) and greys its buttons while one lasts.
import { Api, ApiError, requestId, sleep, tokenFromFragment } from './api.js';
import { LiveStream, debounce } from './stream.js';
import { t, tIn, has, errorText, wireLangSwitch, onLangChange, currentLang } from './i18n.js';
import { h, $, showOffice } from './dom.js';
import { beforeTake } from './kiosk_info.js'; // a field's procedure sheet before its ticket
import { wirePhone, phoneForTicket, forgetPhone, renderPhoneButton } from './kiosk_phone.js';
import { wireBooking } from './kiosk_booking.js'; // "Tôi có lịch hẹn": check-in for appointments

const token = tokenFromFragment('qms.kiosk.token');
const api = new Api(() => token);
let fields = [];
let priorities = [];
let priority = null;
let busy = false;
let closeTimer = null;
let noticeTimer = null;
let printer = null; // this kiosk's printer (GET /printer), null when it has none

function showBusy(key) {
  $('#busy').classList.toggle('hidden', !key);
  if (key) $('#busy-text').textContent = t(key);
}

// Repeats fn while the daemon cannot be reached (restart, network), then returns its result.
async function untilUp(fn) {
  let delay = 250;
  for (;;) {
    try {
      const r = await fn();
      showBusy(null);
      return r;
    } catch (e) {
      // 503 is a daemon starting or its storage busy — but a printer fault is an
      // answer, not an outage: retrying would only print "reconnecting" forever.
      const transient = e instanceof ApiError && (e.network || (e.status === 503 && e.code !== 'printer_failed'));
      if (!transient) { showBusy(null); throw e; }
      showBusy('kiosk.reconnecting');
      await sleep(delay);
      delay = Math.min(3000, delay * 2);
    }
  }
}

// The page's language large, the other one small below: a foreigner can still read why.
const otherLang = (vi, en) => (currentLang() === 'en' ? vi : en);

function notice(e, extra = []) {
  const el = $('#notice');
  el.replaceChildren(errorText(e), h('small', {}, e.en && e.vi ? otherLang(e.vi, e.en) : ''), ...extra);
  el.classList.remove('hidden');
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => el.classList.add('hidden'), 10000);
}

// A fault name ("paper_out") in both languages; the daemon's own Vietnamese
// text when it names a fault these pages do not know yet.
function faultTexts(fault, textVi) {
  const key = `printer.${fault}`;
  const vi = has(key) ? TEXT_VI(key) : textVi || fault;
  const en = has(key) ? TEXT_EN(key) : fault;
  return { vi, en };
}
const TEXT_VI = (key, vars) => tIn('vi', key, vars);
const TEXT_EN = (key, vars) => tIn('en', key, vars);

const printerDown = () => !!printer && !!printer.fault && printer.fault !== 'none';

function renderPrinter() {
  const el = $('#printer');
  const down = printerDown();
  el.classList.toggle('hidden', !down);
  $('#fields').classList.toggle('printer-down', down);
  // Greyed, not disabled: the page cannot know when a printer that is only
  // checked before each ticket has been fixed, so a tap still asks the daemon
  // (which checks the printer first); a screen reader reads the notice with it.
  for (const b of document.querySelectorAll('#fields .field')) {
    if (down) b.setAttribute('aria-describedby', 'printer'); else b.removeAttribute('aria-describedby');
  }
  if (!down) { el.replaceChildren(); return; }
  const f = faultTexts(printer.fault, printer.fault_text);
  const main = currentLang() === 'en' ? f.en : f.vi;
  el.dataset.fault = printer.fault;
  el.replaceChildren(h('strong', {}, main), h('span', {}, t('kiosk.printer.stopped')),
    h('small', {}, otherLang(`${f.vi}. ${TEXT_VI('kiosk.printer.stopped')}`, `${f.en}. ${TEXT_EN('kiosk.printer.stopped')}`)));
}

function setPrinter(p) {
  printer = p;
  renderPrinter();
}

// This kiosk's printer: at start, on reconnecting, after every ticket or refusal.
async function loadPrinter() {
  try {
    const r = await api.get('/printer');
    setPrinter(r.printer || null);
  } catch { /* a daemon without /printer, or unreachable: keep what we knew */ }
}

// A configured name (field, priority group) in the page's language.
const named = (x) => (currentLang() === 'en' && x.name_en) || x.name;

// The daemon words the wait (analytics/wait_text: "khoảng 10–15 phút",
// "dưới 5 phút"): the same on this screen, the ticket and the phone.
const waitText = (w) => (w ? t('kiosk.wait', { w: currentLang() === 'en' ? w.en : w.vi }) : '');

function renderFields() {
  const list = $('#fields');
  list.replaceChildren(...fields.map((f) => {
    const open = f.status === 'open';
    const meta = [h('span.meta', {}, t('kiosk.waiting', { n: f.waiting }))];
    if (open && f.wait && f.estimated_wait_minutes !== null) {
      meta.push(h('span.meta', { dataset: { col: 'wait' } }, waitText(f.wait)));
    }
    return h('button.field', {
      type: 'button', disabled: !open, dataset: { field: f.id },
      onclick: () => beforeTake(f, () => take(f)),
    }, h('span.name', {}, named(f)), ...meta,
    open ? null : h('span.closed-msg', {}, t(`kiosk.status.${f.status}`)));
  }));
  renderPriority();
  renderPrinter();
}

function renderPriority() {
  const b = $('#priority');
  b.classList.toggle('hidden', priorities.length === 0);
  const p = priorities.find((x) => x.id === priority);
  b.textContent = p ? t('kiosk.priority.on', { p: named(p) }) : t('kiosk.priority');
  b.setAttribute('aria-pressed', p ? 'true' : 'false');
}

function choosePriority() {
  const dlg = $('#priority-dialog');
  const pick = (id) => { priority = id; dlg.classList.add('hidden'); renderPriority(); };
  $('#priority-list').replaceChildren(
    ...priorities.map((p) => h('button.btn', { type: 'button', onclick: () => pick(p.id) }, named(p))),
    h('button.btn.secondary', { type: 'button', onclick: () => pick(null) }, t('kiosk.priority.none')));
  dlg.classList.remove('hidden');
  $('#priority-list button').focus();
}

function closePriorityOnEscape(ev) {
  if (ev.key === 'Escape' && !$('#priority-dialog').classList.contains('hidden')) {
    $('#priority-dialog').classList.add('hidden');
    $('#priority').focus();
  }
}

async function take(field) {
  if (busy) return; // the second tap of a double tap
  busy = true;
  const body = { field: field.id, request_id: requestId() };
  if (priority) body.priority = priority;
  if (phoneForTicket()) body.phone = phoneForTicket();
  const slow = setTimeout(() => showBusy('kiosk.issuing'), 400);
  try {
    const r = await untilUp(() => api.post('/tickets', body));
    showTicket(r.ticket, r.printed === true);
  } catch (e) {
    refusedTicket(e);
  } finally {
    clearTimeout(slow);
    showBusy(null);
    priority = null;
    forgetPhone();
    busy = false;
    refreshFields();
    loadPrinter();
  }
}

function refusedTicket(e) {
  const extra = [];
  if (e instanceof ApiError && e.code === 'printer_failed' && e.body) {
    const p = e.body.printer;
    if (p) {
      // What the printer said, at once (GET /printer then brings the whole state).
      setPrinter({ ...(printer || {}), id: p.id, fault: p.fault, fault_text: p.text_vi });
      const f = faultTexts(p.fault, p.text_vi);
      extra.push(h('small', {}, `${f.vi} — ${f.en}`));
    }
    if (e.body.cancelled) {
      extra.push(h('small', {}, `${TEXT_VI('kiosk.printer.cancelled', { c: e.body.cancelled })} — ${TEXT_EN('kiosk.printer.cancelled', { c: e.body.cancelled })}`));
    }
  }
  notice(e, extra);
}

// extra: lines under the field (an appointment's time, from kiosk_booking.js).
function showTicket(tk, printed, extra = []) {
  $('#t-code').textContent = tk.code;
  $('#t-field').textContent = (currentLang() === 'en' && tk.field_name_en) || tk.field_name;
  $('#t-extra').replaceChildren(...extra);
  $('#t-extra').classList.toggle('hidden', !extra.length);
  const prio = tk.priority ? priorities.find((p) => p.id === tk.priority) : null;
  $('#t-priority').classList.toggle('hidden', !tk.priority);
  $('#t-priority').textContent = tk.priority ? `★ ${t('kiosk.priority.on', { p: prio ? named(prio) : tk.priority })}` : '';
  // "Take your ticket below" only when the printer says it printed one.
  $('#t-printing').textContent = t(printed ? 'kiosk.printing' : 'kiosk.noprint');
  $('#t-printing').dataset.printed = printed ? 'true' : 'false';
  $('#t-ahead').textContent = t('kiosk.ahead', { n: tk.people_ahead ?? 0 });
  $('#t-wait').textContent = waitText(tk.wait);
  // Drawn by the daemon (libqrencode, as on the printed ticket); the public id
  // is the status URL's last segment.
  const publicId = tk.status_url ? tk.status_url.split('/t/').pop() : '';
  const url = publicId ? `/api/v1/tickets/${encodeURIComponent(publicId)}/qr.svg` : null;
  $('#t-qr-box').classList.toggle('hidden', !url);
  if (url) $('#t-qr').src = url;
  $('#t-qr').dataset.url = tk.status_url || '';
  $('#ticket').classList.remove('hidden');
  $('#t-done').focus();
  clearTimeout(closeTimer);
  closeTimer = setTimeout(closeTicket, 20000);
}

function closeTicket() {
  clearTimeout(closeTimer);
  $('#ticket').classList.add('hidden');
}

async function refreshFields() {
  const r = await untilUp(() => api.get('/fields'));
  fields = r.fields;
  renderFields();
}

async function main() {
  wireLangSwitch();
  onLangChange(() => { renderFields(); renderPhoneButton(); });
  $('#priority').addEventListener('click', choosePriority);
  $('#t-done').addEventListener('click', closeTicket);
  document.addEventListener('keydown', closePriorityOnEscape);
  if (!token) {
    notice({ vi: t('kiosk.notoken'), en: '' });
  }
  const [health, pr] = await untilUp(() => Promise.all([api.get('/health'), api.get('/priorities')]));
  $('#office').textContent = health.office;
  showOffice(api); // the unit, and its English when switched
  priorities = pr.priorities;
  wirePhone(Boolean(health.messages));
  wireBooking({ api, untilUp, showTicket, refused: refusedTicket, done: () => { refreshFields(); loadPrinter(); } });
  await refreshFields();
  await loadPrinter();
  // Live counts when the daemon lets kiosks read the stream; otherwise the
  // counts refresh after every ticket (no polling). The printer's faults come
  // the same way: a "printer" message when its state changes (the daemon asks
  // the printer every status_poll_ms, and before every ticket).
  const refresh = debounce(refreshFields, 300);
  new LiveStream({
    token: () => token,
    probe: async () => { await api.get('/health'); loadPrinter(); },
    onSnapshot: (s) => { fields = s.fields; renderFields(); },
    onEvent: refresh,
    onPrinter: (p) => { if (printer && p && p.id === printer.id) setPrinter(p); },
  }).start();
}

main();
