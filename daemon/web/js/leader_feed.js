// What the dashboard's side modules (upstream.js, dashboard_messages.js)
// share: their two-language texts, and following the live stream on a socket
// of their own with the leader's token (as dashboard.js keeps it), reloading
// after every reconnect so nothing said while it was away is missed.
import { sleep } from './api.js';
import { currentLang } from './i18n.js';

export const LEADER_TOKEN_KEY = 'qms.leader.token';

// texts: { key: [vi, en] } → tx(key, {var: value}).
export function bilingual(texts) {
  return (k, vars = {}) => {
    let s = texts[k][currentLang() === 'en' ? 1 : 0];
    for (const [key, v] of Object.entries(vars)) s = s.replaceAll(`{${key}}`, v);
    return s;
  };
}

// load(): fetches the module's state; false when the feature is off (then
// following stops). onMessage(msg): each stream message while connected.
export async function followLeaderStream({ load, onMessage }) {
  let failures = 0;
  for (;;) {
    if (failures) await sleep(Math.min(10000, 500 * 2 ** Math.min(failures, 5)));
    let on;
    try {
      on = await load();
    } catch {
      failures++;
      continue;
    }
    if (!on) return;
    const token = localStorage.getItem(LEADER_TOKEN_KEY);
    if (!token) { failures++; continue; }
    await new Promise((resolve) => {
      const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
      const ws = new WebSocket(`${proto}//${location.host}/api/v1/stream?token=${encodeURIComponent(token)}`);
      ws.onopen = () => { failures = 0; };
      ws.onmessage = (m) => {
        let msg;
        try { msg = JSON.parse(m.data); } catch { return; }
        onMessage(msg);
      };
      ws.onclose = () => resolve();
    });
    failures++;
  }
}
