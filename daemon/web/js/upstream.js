// The dashboard's line about shipping to the city's PostgreSQL ([upstream]):
// nothing while it is off or caught up; otherwise what waits here (events,
// the oldest one's age) and why. A module of its own so the dashboard's main
// view can change without touching it: it reads GET /health once, then the
// stream's {"type":"upstream"} messages on a socket of its own (the leader's
// token from localStorage, as dashboard.js keeps it). Ages tick locally.
import { Api } from './api.js';
import { h, duration } from './dom.js';
import { onLangChange } from './i18n.js';
import { LEADER_TOKEN_KEY, bilingual, followLeaderStream } from './leader_feed.js';

const tx = bilingual({
  behind: ['Chưa gửi về trung tâm: {n} sự kiện, cũ nhất {t} trước', 'Not yet sent to the centre: {n} events, oldest {t} ago'],
  refused: ['Trung tâm từ chối đơn vị này', 'The centre refuses this office'],
  down: ['Không gửi được về trung tâm', 'Cannot reach the centre'],
  shipping: ['Đang gửi về trung tâm', 'Sending to the centre'],
});

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

const api = new Api(() => localStorage.getItem(LEADER_TOKEN_KEY));

// [upstream] off: /health says null, and there is nothing to follow.
const follow = () => followLeaderStream({
  load: async () => { state = (await api.get('/health')).upstream; render(); return Boolean(state); },
  onMessage: (msg) => { if (msg.type === 'upstream') { state = msg.upstream; render(); } },
});

document.querySelector('header.bar').after(box);
onLangChange(render);
setInterval(render, 5000);
follow();
