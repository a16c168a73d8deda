// The dashboard's line about shipping to the city's PostgreSQL ([upstream]):
// nothing while it is off or caught up; otherwise what waits here (events,
// the oldest one's age) and why. A module of its own so the dashboard's main
// view can change without touching it: it reads GET /health once, then the
// stream's {"type":"upstream"} messages on a socket of its own (the leader's
// token from localStorage, as dashboard.js keeps it). Ages tick locally.
import { Api, sleep } from './api.js';
import { h, duration } from './dom.js';
import { currentLang, onLangChange } from './i18n.js';

const TOKEN_KEY = 'qms.leader.token';
const TEXT = {
  behind: ['Chưa gửi về trung tâm: {n} sự kiện, cũ nhất {t} trước', 'Not yet sent to the centre: {n} events, oldest {t} ago'],
  refused: ['Trung tâm từ chối đơn vị này', 'The centre refuses this office'],
  down: ['Không gửi được về trung tâm', 'Cannot reach the centre'],
  shipping: ['Đang gửi về trung tâm', 'Sending to the centre'],
};
const tx = (k, vars = {}) => {
  let s = TEXT[k][currentLang() === 'en' ? 1 : 0];
  for (const [key, v] of Object.entries(vars)) s = s.replaceAll(`{${key}}`, v);
  return s;
};

let state = null;
const box = h('div.alert.upstream.hidden', { id: 'upstream', role: 'status', 'aria-live': 'polite' });

function render() {
  const u = state;
  const quiet = !u || u.state === 'off' || ((u.state === 'caught_up' || u.state === 'shipping') && !u.backlog_events);
  box.classList.toggle('hidden', quiet);
  if (quiet) return;
  const bad = u.state === 'down' || u.state === 'refused';
  box.className = `alert upstream ${bad ? 'bad' : 'ok'}`;
  box.dataset.state = u.state;
  const age = u.oldest_unshipped_at ? (Date.now() - Date.parse(u.oldest_unshipped_at)) / 1000 : null;
  const head = u.state === 'refused' ? tx('refused') : u.state === 'down' ? tx('down') : tx('shipping');
  box.replaceChildren(head, u.backlog_events ? h('small', { dataset: { backlog: u.backlog_events } },
    tx('behind', { n: u.backlog_events, t: age === null ? '–' : duration(age) })) : '',
  u.detail ? h('small', {}, u.detail) : '');
}

async function follow() {
  const api = new Api(() => localStorage.getItem(TOKEN_KEY));
  let failures = 0;
  for (;;) {
    if (failures) await sleep(Math.min(10000, 500 * 2 ** Math.min(failures, 5)));
    try {
      state = (await api.get('/health')).upstream;
      render();
    } catch {
      failures++;
      continue;
    }
    if (!state) return; // [upstream] is off: nothing to follow
    const token = localStorage.getItem(TOKEN_KEY);
    if (!token) { failures++; continue; }
    await new Promise((resolve) => {
      const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
      const ws = new WebSocket(`${proto}//${location.host}/api/v1/stream?token=${encodeURIComponent(token)}`);
      ws.onopen = () => { failures = 0; };
      ws.onmessage = (m) => {
        try {
          const msg = JSON.parse(m.data);
          if (msg.type === 'upstream') { state = msg.upstream; render(); }
        } catch { /* not ours */ }
      };
      ws.onclose = () => resolve();
    });
    failures++;
  }
}

document.querySelector('header.bar').after(box);
onLangChange(render);
setInterval(render, 5000);
follow();
