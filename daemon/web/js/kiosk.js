// The kiosk: one large button per field, a priority choice, the ticket on
// screen with its QR while it prints. A tap sends one request id; retries after
// a lost connection reuse it, so a double tap or a daemon restart is one ticket.
import { Api, ApiError, requestId, sleep, tokenFromFragment } from './api.js';
import { LiveStream, debounce } from './stream.js';
import { t, errorText, wireLangSwitch, onLangChange, currentLang } from './i18n.js';
import { h, $ } from './dom.js';
import { qrDataUrl } from './qr.js';

const token = tokenFromFragment('qms.kiosk.token');
const api = new Api(() => token);
let fields = [];
let priorities = [];
let priority = null;
let busy = false;
let closeTimer = null;
let noticeTimer = null;

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
      const transient = e instanceof ApiError && (e.network || e.status === 503);
      if (!transient) { showBusy(null); throw e; }
      showBusy('kiosk.reconnecting');
      await sleep(delay);
      delay = Math.min(3000, delay * 2);
    }
  }
}

function notice(e) {
  const el = $('#notice');
  // The page's language large, the other one small below: a foreigner can still read why.
  el.replaceChildren(errorText(e), h('small', {}, e.en && e.vi ? (currentLang() === 'en' ? e.vi : e.en) : ''));
  el.classList.remove('hidden');
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => el.classList.add('hidden'), 10000);
}

const waitText = (n) => (n < 1 ? t('kiosk.nowait') : t('kiosk.wait', { n }));

function renderFields() {
  const list = $('#fields');
  list.replaceChildren(...fields.map((f) => {
    const open = f.status === 'open';
    const meta = [h('span.meta', {}, t('kiosk.waiting', { n: f.waiting }))];
    if (open && f.estimated_wait_minutes !== null && f.estimated_wait_minutes !== undefined) {
      meta.push(h('span.meta', {}, waitText(f.estimated_wait_minutes)));
    }
    return h('button.field', {
      type: 'button', disabled: !open, dataset: { field: f.id },
      onclick: () => take(f),
    }, h('span.name', {}, f.name), ...meta,
    open ? null : h('span.closed-msg', {}, t(`kiosk.status.${f.status}`)));
  }));
  renderPriority();
}

function renderPriority() {
  const b = $('#priority');
  b.classList.toggle('hidden', priorities.length === 0);
  const p = priorities.find((x) => x.id === priority);
  b.textContent = p ? t('kiosk.priority.on', { p: p.name }) : t('kiosk.priority');
  b.setAttribute('aria-pressed', p ? 'true' : 'false');
}

function choosePriority() {
  const dlg = $('#priority-dialog');
  const pick = (id) => { priority = id; dlg.classList.add('hidden'); renderPriority(); };
  $('#priority-list').replaceChildren(
    ...priorities.map((p) => h('button.btn', { type: 'button', onclick: () => pick(p.id) }, p.name)),
    h('button.btn.secondary', { type: 'button', onclick: () => pick(null) }, t('kiosk.priority.none')));
  dlg.classList.remove('hidden');
  $('#priority-list button').focus();
}

async function take(field) {
  if (busy) return; // the second tap of a double tap
  busy = true;
  const body = { field: field.id, request_id: requestId() };
  if (priority) body.priority = priority;
  const slow = setTimeout(() => showBusy('kiosk.issuing'), 400);
  try {
    const r = await untilUp(() => api.post('/tickets', body));
    showTicket(r.ticket);
  } catch (e) {
    notice(e);
  } finally {
    clearTimeout(slow);
    showBusy(null);
    priority = null;
    busy = false;
    refreshFields();
  }
}

function showTicket(tk) {
  $('#t-code').textContent = tk.code;
  $('#t-field').textContent = tk.field_name;
  $('#t-ahead').textContent = t('kiosk.ahead', { n: tk.people_ahead ?? 0 });
  $('#t-wait').textContent = tk.estimated_wait_minutes === null || tk.estimated_wait_minutes === undefined
    ? '' : waitText(tk.estimated_wait_minutes);
  const url = tk.status_url ? qrDataUrl(tk.status_url) : null;
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
  onLangChange(renderFields);
  $('#priority').addEventListener('click', choosePriority);
  $('#t-done').addEventListener('click', closeTicket);
  if (!token) {
    notice({ vi: t('kiosk.notoken'), en: '' });
  }
  const [health, pr] = await untilUp(() => Promise.all([api.get('/health'), api.get('/priorities')]));
  $('#office').textContent = health.office;
  priorities = pr.priorities;
  await refreshFields();
  // Live counts when the daemon lets kiosks read the stream; otherwise the
  // counts refresh after every ticket (no polling).
  const refresh = debounce(refreshFields, 300);
  new LiveStream({
    token: () => token,
    probe: () => api.get('/health'),
    onSnapshot: (s) => { fields = s.fields; renderFields(); },
    onEvent: refresh,
  }).start();
}

main();
