// The TV beside the LED board: the latest call large with its counter and
// field, the recent calls, every counter's number, scrolling messages. Sized
// to be read from 5 m on a 55-inch 1080p panel (tests/web/readable.mjs checks
// the millimetres). Catches up by itself after a restart.
import { Api, sleep, tokenFromFragment } from './api.js';
import { LiveStream } from './stream.js';
import { t, applyTexts } from './i18n.js';
import { h, $, connectionBadge, showOffice } from './dom.js';

const token = tokenFromFragment('qms.display.token');
const api = new Api(() => token);
let calls = [];          // newest first: {code, counter, counter_name, field}
let counters = new Map(); // number → {number, name, state, code}
let fieldNames = new Map(); // id → name, from the snapshot
const RECENT = 5;          // the latest and four more: what fits at a size read from 5 m

// The audio issue hangs the chime and the spoken announcement here:
// window.qmsAnnounce = ({code, counter, counterName, recall}) => …
function announce(call, recall) {
  if (typeof window.qmsAnnounce === 'function') {
    try { window.qmsAnnounce({ code: call.code, counter: call.counter, counterName: call.counter_name, recall }); } catch { /* the page keeps going */ }
  }
}

const fieldName = (id) => fieldNames.get(id) || '';

function render() {
  const latest = calls[0];
  $('#latest-code').textContent = latest ? latest.code : '—';
  $('#latest-where').textContent = latest ? `${t('tv.to')} ${latest.counter_name}` : t('tv.nocall');
  $('#latest-field').textContent = latest ? fieldName(latest.field) : '';
  $('#recent').replaceChildren(...calls.slice(1, RECENT).map((c) =>
    h('li', { dataset: { code: c.code } }, h('span.c', {}, c.code), h('span.q', {}, `→ ${c.counter_name}`),
      h('span.f', {}, fieldName(c.field)))));
  $('#counters').replaceChildren(...[...counters.values()].sort((a, b) => a.number - b.number).map((c) =>
    h('div.ctr', { dataset: { state: c.state, counter: c.number } }, h('span.n', {}, c.name),
      h('span.c', {}, c.code || (c.state === 'closed' || c.state === 'paused' ? t(`state.${c.state}`) : '—')))));
}

function flash() {
  const el = $('#latest');
  el.classList.remove('flash');
  void el.offsetWidth; // restart the animation
  el.classList.add('flash');
}

function onSnapshot(s) {
  fieldNames = new Map((s.fields || []).map((f) => [f.id, f.name]));
  calls = s.latest_calls.map((c) => ({ code: c.code, counter: c.counter, counter_name: c.counter_name, field: c.field }));
  counters = new Map(s.counters.map((c) => [c.number, { number: c.number, name: c.name, state: c.state, code: c.ticket ? c.ticket.code : null }]));
  render();
}

function onEvent(m) {
  const e = m.event;
  if (m.counter) {
    const c = m.counter;
    counters.set(c.number, { number: c.number, name: c.name, state: c.state, code: c.ticket ? c.ticket.code : null });
  }
  if ((e.kind === 'ticket_called' || e.kind === 'ticket_recalled') && m.counter) {
    const call = { code: e.code, counter: e.counter, counter_name: m.counter.name, field: m.ticket ? m.ticket.field : e.field };
    if (m.ticket && m.ticket.field_name) fieldNames.set(m.ticket.field, m.ticket.field_name);
    calls = [call, ...calls.filter((c) => c.code !== e.code)].slice(0, RECENT);
    flash();
    announce(call, e.kind === 'ticket_recalled');
  }
  render();
}

async function loadMessages() {
  for (let delay = 500; ; delay = Math.min(5000, delay * 2)) {
    try {
      const d = await api.get('/display');
      const msgs = [...(d.messages || [])];
      $('#ticker').textContent = msgs.join('     •     ');
      $('#ticker').style.setProperty('--ticker-seconds', `${Math.max(20, msgs.join(' ').length / 6)}s`);
      return;
    } catch { await sleep(delay); }
  }
}

function tick() {
  const d = new Date();
  $('#clock').textContent = d.toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' });
}

applyTexts();
showOffice(api);
tick();
setInterval(tick, 10000);
loadMessages();
// The daemon's spoken call, on this TV's own speakers when the page is opened
// with ?audio=1. The daemon spaces announcements by their length, but the page
// fetches and starts each one a little late, so it also plays them strictly one
// after the other; one that waited over a minute behind others is dropped (the
// screen still shows the call).
// Browsers play sound only after one touch or key press on the page.
const playAudio = new URLSearchParams(location.search).get('audio') === '1';
const kStaleMs = 60000;
const kGapMs = 400; // a breath between two announcements, as a person calling would leave
let speaking = Promise.resolve(); // settles when the last queued announcement has ended

async function fetchClip(a) {
  const res = await fetch(a.url, { headers: { Authorization: `Bearer ${token}` } });
  return res.ok ? res.blob() : null;
}

function playClip(blob) {
  return new Promise((resolve) => {
    const url = URL.createObjectURL(blob);
    // Resolved a moment after the end, never inside the 'ended' dispatch.
    const done = () => { URL.revokeObjectURL(url); setTimeout(resolve, kGapMs); };
    const audio = new Audio(url);
    audio.onended = done;
    audio.onerror = done;
    audio.play().catch((e) => { console.warn('announcement not played:', e); done(); });
  });
}

function onAnnouncement(a) {
  if (!playAudio) return;
  const arrived = Date.now();
  const clip = fetchClip(a).catch((e) => { console.warn('announcement not fetched:', e); return null; });
  const previous = speaking;
  speaking = (async () => {
    await previous;
    const blob = await clip;
    if (blob && Date.now() - arrived <= kStaleMs) await playClip(blob);
  })();
}

new LiveStream({
  token: () => token,
  probe: () => api.get('/health'),
  onSnapshot, onEvent, onAnnouncement,
  onStatus: connectionBadge($('#conn'), t),
}).start();
