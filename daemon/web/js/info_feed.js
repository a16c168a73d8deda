// GET /info?screen=… kept current for the kiosk's and the TV's information:
// read at start, again (debounced) on the stream's snapshot and on the event
// kinds given, and when a notice is due to start or end (next_change_at).
// onInfo gets each new reply; a failed read keeps what is shown, and the
// stream's reconnect (a new snapshot) tries again.
import { LiveStream, debounce } from './stream.js';

export function followInfo({ api, token, screen, reloadOn, onInfo }) {
  let changeTimer = null;
  async function load() {
    let info;
    try {
      info = await api.get(`/info?screen=${screen}`);
    } catch {
      return;
    }
    onInfo(info);
    clearTimeout(changeTimer);
    if (info.next_change_at) {
      const ms = Math.min(Date.parse(info.next_change_at) - Date.now() + 500, 2 ** 31 - 1);
      changeTimer = setTimeout(load, Math.max(ms, 1000));
    }
  }
  const reload = debounce(load, 200);
  load();
  new LiveStream({
    token,
    probe: () => api.get('/health'),
    onSnapshot: reload,
    onEvent: (m) => { if (reloadOn.has(m.event.kind)) reload(); },
  }).start();
}
