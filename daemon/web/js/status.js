// A citizen's phone, from the QR on the ticket (/t/<public_id>): that one
// ticket only — the id is an unguessable secret (80 random bits), and the API
// answers nothing else.
// Live over the stream's per-ticket mode (?ticket=, no token): the daemon
// sends the ticket whenever it changes, and the page reconnects by itself.
import { Api, ApiError } from './api.js';
import { LiveStream } from './stream.js';
import { t, errorText, wireLangSwitch, onLangChange, currentLang } from './i18n.js';
import { $, showOffice } from './dom.js';
import { statusRating } from './rating_form.js';

const api = new Api();
const publicId = decodeURIComponent(location.pathname.split('/').pop() || location.hash.replace(/^#/, ''));
let ticket = null;
let updatedAt = null;
// Once finished, the page turns into the rating form (rating_form.js).
const rating = statusRating(api, publicId, $('#rating'));

function render() {
  if (!ticket) return;
  $('#ticket').classList.remove('hidden');
  $('#code').textContent = ticket.code;
  $('#field').textContent = (currentLang() === 'en' && ticket.field_name_en) || ticket.field_name;
  const called = ticket.state === 'called' || ticket.state === 'serving';
  $('#goto').classList.toggle('hidden', !called);
  $('#goto').textContent = called ? t('status.goto', { c: ticket.counter_name || t('counter.n', { n: ticket.counter }) }) : '';
  $('#state').textContent = t(`tstate.${ticket.state}`);
  const waiting = ticket.state === 'waiting';
  $('#facts').classList.toggle('hidden', !waiting);
  $('#ahead').textContent = waiting ? String(ticket.people_ahead ?? '–') : '';
  // Worded by the daemon (analytics/wait_text), as on the kiosk and the ticket.
  $('#wait').textContent = waiting && ticket.wait ? (currentLang() === 'en' ? ticket.wait.en : ticket.wait.vi) : '';
  $('#updated').textContent = updatedAt ? t('status.updated', { t: updatedAt }) : '';
}

function show(tk) {
  ticket = tk;
  updatedAt = new Date().toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' });
  $('#error').classList.add('hidden');
  render();
  rating(tk).catch(() => {});
}

function gone() {
  ticket = null;
  $('#ticket').classList.add('hidden');
  rating(null);
  const el = $('#error');
  el.textContent = t('status.notfound');
  el.classList.remove('hidden');
}

// rethrow: for the stream's probe, which retries on a network error and
// stops on unknown_ticket.
async function load(rethrow = false) {
  try {
    const r = await api.get(`/tickets/${encodeURIComponent(publicId)}`);
    show(r.ticket);
  } catch (e) {
    const el = $('#error');
    el.textContent = e instanceof ApiError && e.code === 'unknown_ticket' ? t('status.notfound') : errorText(e);
    el.classList.remove('hidden');
    if (e instanceof ApiError && e.code === 'unknown_ticket') {
      ticket = null;
      $('#ticket').classList.add('hidden');
    }
    if (rethrow) throw e;
  }
}

wireLangSwitch();
onLangChange(render);
showOffice(api);
$('#refresh').addEventListener('click', () => load());
// A phone asleep in a pocket may have lost the socket without noticing.
document.addEventListener('visibilitychange', () => { if (!document.hidden) load(); });
new LiveStream({
  ticket: publicId,
  probe: () => load(true),
  onTicket: (tk) => (tk ? show(tk) : gone()),
  onAuthFailed: () => {}, // unknown_ticket: load() has said so
}).start();
