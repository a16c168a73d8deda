// A counter's citizen-facing rating screen (a tablet or second monitor on the
// desk, opened once as rating.html#token=… with a rating_screen token bound to
// that counter). The stream sends only this screen's view
// ({"type":"rating_screen"}) whenever it changes: the citizen just served
// with the form while the counter's window lasts, then "thank you", then the
// welcome again for the next one. The page resets itself when the window
// ends (no event marks that moment) and after a thank-you.
import { Api, ApiError, tokenFromFragment } from './api.js';
import { LiveStream } from './stream.js';
import { wireLangSwitch, onLangChange, errorText } from './i18n.js';
import { $, connectionBadge } from './dom.js';
import { t as tShared } from './i18n.js';
import { RatingForm, tr } from './rating_form.js';

const TEXTS = {
  title: { vi: 'Đánh giá mức độ hài lòng — {c}', en: 'Rate our service — {c}' },
  idle: { vi: 'Xin chào công dân!', en: 'Welcome!' },
  idleSub: { vi: 'Sau khi được phục vụ, xin công dân đánh giá tại đây.', en: 'After your service, please rate it here.' },
  serving: { vi: 'Đang phục vụ số {code}', en: 'Now serving {code}' },
  calling: { vi: 'Mời số {code}', en: 'Calling {code}' },
  paused: { vi: 'Quầy tạm dừng, xin công dân thông cảm.', en: 'This counter is paused. We apologise for the wait.' },
  closed: { vi: 'Quầy đã đóng.', en: 'This counter is closed.' },
  notoken: { vi: 'Màn hình này chưa được cấp mã thiết bị (mở rating.html#token=…)', en: 'This screen has no device token (open rating.html#token=…)' },
};
const t = (key, vars) => tr(key, vars, TEXTS);
const THANKS_MS = 8000;

const TOKEN_KEY = 'qms.rating.token';
const token = tokenFromFragment(TOKEN_KEY);
const api = new Api(() => token);
let spec = null;   // GET /rating-form
let view = null;   // the last screen view
let form = null;
let formTicket = null;
let resetTimer = null;
let thanked = null; // the ticket id the thank-you was shown for, then dropped

function showWelcome() {
  $('#served').classList.add('hidden');
  $('#welcome').classList.remove('hidden');
  const s = view ? view.state : 'idle';
  const code = view && view.ticket ? view.ticket.code : '';
  $('#welcome-text').textContent = s === 'paused' ? t('paused') : s === 'closed' ? t('closed') : t('idle');
  $('#welcome-sub').textContent = s === 'serving' || s === 'calling' ? t(s, { code }) : s === 'idle' ? t('idleSub') : '';
}

function render() {
  if (!view) return;
  document.title = t('title', { c: view.counter_name });
  $('#title').textContent = t('title', { c: view.counter_name });
  clearTimeout(resetTimer);
  const rateable = (view.state === 'rate' || view.state === 'rated') && view.ticket && thanked !== view.ticket.id;
  if (!rateable) { showWelcome(); return; }
  $('#welcome').classList.add('hidden');
  $('#served').classList.remove('hidden');
  $('#code').textContent = view.ticket.code;
  $('#field').textContent = view.ticket.field_name;
  if (formTicket !== view.ticket.id) {
    formTicket = view.ticket.id;
    if (form) form.reset(); else form = new RatingForm($('#form'), spec, submit);
  }
  if (view.state === 'rated') {
    form.markRated();
    // Thank the citizen, then make way for the next one.
    const id = view.ticket.id;
    resetTimer = setTimeout(() => { thanked = id; render(); }, THANKS_MS);
    return;
  }
  // The counter's window ends without an event: reset when it does.
  const left = Date.parse(view.rate_until) - Date.parse(view.now);
  if (isFinite(left)) resetTimer = setTimeout(() => { view = { ...view, state: 'idle', ticket: null }; render(); }, Math.max(0, left) + 500);
}

async function submit(body) {
  return api.post(`/counters/${view.counter}/rating`, { ticket: formTicket, ...body });
}

function fail(e) {
  const el = $('#error');
  el.textContent = e instanceof ApiError && e.code === 'unauthenticated' ? t('notoken') : errorText(e);
  el.classList.remove('hidden');
}

class ScreenStream extends LiveStream {
  receive(ws, text) {
    let msg;
    try { msg = JSON.parse(text); } catch { return; }
    if (msg.type === 'rating_screen') { $('#error').classList.add('hidden'); view = msg.screen; render(); }
  }
}

wireLangSwitch();
onLangChange(() => { render(); $('#conn').textContent = $('#conn').textContent && tShared($('#conn').dataset.state === 'live' ? 'status.live' : 'status.offline'); });
if (!token) {
  fail(new ApiError(401, 'unauthenticated'));
} else {
  $('#conn').classList.remove('hidden');
  new ScreenStream({
    token: () => token,
    probe: async () => { spec = (await api.get('/rating-screen')).form; }, // 401 if the token is wrong
    onStatus: connectionBadge($('#conn'), tShared),
    onAuthFailed: fail,
  }).start();
}
