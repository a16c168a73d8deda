// The dashboard's card about messages to citizens' phones ([messages]): how
// many went today, and each one that failed or was skipped, with why. Hidden
// while the office sends none. A module of its own, like upstream.js: GET
// /messages once, then again (debounced) whenever the stream carries a
// message_queued or message_updated event, on a socket of its own.
import { Api } from './api.js';
import { h } from './dom.js';
import { onLangChange } from './i18n.js';
import { LEADER_TOKEN_KEY, bilingual, followLeaderStream } from './leader_feed.js';
import { debounce } from './stream.js';

const tx = bilingual({
  title: ['Tin nhắn cho công dân hôm nay', "Today's texts to citizens"],
  counts: ['Đã gửi {sent} · đang chờ {waiting} · lỗi {failed} · bỏ qua {skipped}',
    'Sent {sent} · waiting {waiting} · failed {failed} · skipped {skipped}'],
  none: ['Chưa có tin nhắn nào hôm nay.', 'No texts yet today.'],
  failed: ['lỗi', 'failed'],
  skipped: ['bỏ qua', 'skipped'],
});

const api = new Api(() => localStorage.getItem(LEADER_TOKEN_KEY));
const card = h('section.card.wide.hidden', { id: 'messages', 'aria-live': 'polite' });
let data = null;

function render() {
  if (!data || !data.enabled) { card.classList.add('hidden'); return; }
  card.classList.remove('hidden');
  const c = data.counts;
  const waiting = c.queued + c.sending + c.handed;
  const trouble = data.messages.filter((m) => m.state === 'failed' || m.state === 'skipped');
  card.replaceChildren(
    h('h2', {}, tx('title')),
    h('p.sub', { dataset: { sent: c.sent, failed: c.failed } },
      data.messages.length ? tx('counts', { sent: c.sent, waiting, failed: c.failed, skipped: c.skipped }) : tx('none')),
    trouble.length ? h('table', {}, h('tbody', {}, ...trouble.slice(-20).reverse().map((m) => h('tr', { dataset: { state: m.state } },
      h('td', {}, m.queued_at.slice(11, 16)), h('td', {}, m.code || ''), h('td', {}, m.to || ''),
      h('td', {}, tx(m.state)), h('td', {}, m.why || ''))))) : '');
}

async function load() {
  data = await api.get('/messages'); // refused until the leader has logged in: followed again
  render();
  return data.enabled; // the office sends no texts: nothing to follow
}

const reload = debounce(() => load().catch(() => {}), 500);
const follow = () => followLeaderStream({
  load,
  onMessage: (msg) => { if (msg.type === 'event' && msg.event && msg.event.kind.startsWith('message_')) reload(); },
});

(document.querySelector('#reports') || document.querySelector('main')).before(card);
onLangChange(render);
follow();
