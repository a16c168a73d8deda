// The live stream (/api/v1/stream): a snapshot, then every committed event in
// order. Reconnects by itself with back-off and resumes from the last sequence
// number it saw, so a page catches up after the daemon restarts; a gap in the
// numbers means something was missed, so it reconnects to be sent it again.
import { ApiError, sleep } from './api.js';

export class LiveStream {
  // token: () => string; probe: async () => void, throws ApiError (e.g.
  // unauthenticated) before each connect — it also tells whether the daemon is up.
  // ticket: a public id instead of a token — the stream of that one ticket
  // ({"type":"ticket"} messages to onTicket), for the citizen's status page.
  constructor({ token, ticket, probe, onSnapshot, onEvent, onTicket, onDevice, onPrinter, onAnnouncement, onStatus, onAuthFailed, onRefused }) {
    Object.assign(this, { token, ticket, probe, onSnapshot, onEvent, onTicket, onDevice, onPrinter, onAnnouncement, onStatus, onAuthFailed, onRefused });
    this.seq = null;
    this.ws = null;
    this.stopped = true;
    this.failures = 0;
    this.refusals = 0;
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop();
  }

  stop() {
    this.stopped = true;
    if (this.ws) this.ws.close();
  }

  status(s) { if (this.onStatus) this.onStatus(s); }

  async loop() {
    while (!this.stopped) {
      const delay = Math.min(5000, this.failures === 0 ? 0 : 300 * 2 ** Math.min(this.failures, 5));
      if (delay) await sleep(delay);
      if (this.stopped) return;
      try {
        if (this.probe) await this.probe();
      } catch (e) {
        if (e instanceof ApiError && ['unauthenticated', 'forbidden', 'unknown_ticket'].includes(e.code)) {
          this.stopped = true;
          this.status('offline');
          if (this.onAuthFailed) this.onAuthFailed(e);
          return;
        }
        this.failures++;
        this.status('offline');
        continue;
      }
      const opened = await this.connectOnce();
      if (opened) {
        this.failures = 0;
        this.refusals = 0;
      } else {
        this.failures++;
        // The daemon answered the probe but would not open the stream: the role may not use it.
        if (++this.refusals >= 3 && this.onRefused) {
          this.stopped = true;
          this.onRefused();
          return;
        }
      }
      if (!this.stopped) this.status('offline');
    }
  }

  // Resolves when the socket closes: true if it had opened.
  connectOnce() {
    return new Promise((resolve) => {
      const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
      let url = `${proto}//${location.host}/api/v1/stream?`;
      if (this.ticket) {
        url += `ticket=${encodeURIComponent(this.ticket)}`;
      } else {
        url += `token=${encodeURIComponent(this.token() || '')}`;
        if (this.seq !== null) url += `&since=${this.seq}`;
      }
      let opened = false;
      const ws = new WebSocket(url);
      this.ws = ws;
      ws.onopen = () => { opened = true; this.status('live'); };
      ws.onmessage = (m) => this.receive(ws, m.data);
      ws.onerror = () => {};
      ws.onclose = () => { if (this.ws === ws) this.ws = null; resolve(opened); };
    });
  }

  receive(ws, text) {
    let msg;
    try { msg = JSON.parse(text); } catch { return; }
    if (msg.type === 'snapshot') {
      this.seq = msg.seq;
      if (this.onSnapshot) this.onSnapshot(msg);
    } else if (msg.type === 'event') {
      if (this.seq !== null && msg.seq <= this.seq) return; // already have it
      if (this.seq !== null && msg.seq !== this.seq + 1) {
        ws.close(); // missed some: reconnect with since= and be sent them
        return;
      }
      this.seq = msg.seq;
      if (this.onEvent) this.onEvent(msg);
    } else if (msg.type === 'ticket') {
      if (this.onTicket) this.onTicket(msg.ticket);
    } else if (msg.type === 'device') {
      if (this.onDevice) this.onDevice(msg.device);
    } else if (msg.type === 'printer') {
      // A kiosk printer's state changed (the /devices "printers" object); not part of the sequence.
      if (this.onPrinter) this.onPrinter(msg.printer);
    } else if (msg.type === 'announcement') {
      if (this.onAnnouncement) this.onAnnouncement(msg);
    }
  }
}

// Runs fn at most once per `ms`, after the last call (refetch after a burst of events).
export function debounce(fn, ms) {
  let t = null;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}
