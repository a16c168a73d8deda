// The TV page speaks the daemon's calls on its own speakers (?audio=1): with
// [voice] on (ALSA's null device on the daemon's side), a call and a recall
// are fetched as WAVs and played by headless Chromium to the end, one after
// the other, each as long as the daemon says it is.
// Usage: node tv_audio.mjs <qmsd binary> <artifacts dir>
import { readFileSync } from 'node:fs';
import { TOKENS } from './daemon.mjs';
import { WebTest } from './harness.mjs';

const t = new WebTest({ name: 'tv_audio', watchdog: 90 });
const { check } = t;
const daemon = await t.daemon({ extra: '\n[voice]\nenabled = true\ndevice = "null"\n' });
try {
  await daemon.start(30000); // renders every code × counter's clips at start
  const browser = await t.launch(['--autoplay-policy=no-user-gesture-required']); // a TV left on: nobody taps it
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, baseURL: daemon.base });
  // Every sound the page plays: when it started and ended, and its length.
  await ctx.addInitScript(() => {
    window.played = [];
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function () {
      const rec = { started: performance.now(), ended: null, duration: null };
      window.played.push(rec);
      this.addEventListener('ended', () => { rec.ended = performance.now(); rec.duration = this.duration; });
      this.addEventListener('error', () => { rec.error = `media error ${this.error && this.error.code}`; });
      const p = play.call(this);
      p.catch((e) => { rec.error = String(e); });
      return p;
    };
  });
  const tv = t.watch(await ctx.newPage(), 'tv');
  await tv.goto(`/tv.html?audio=1#token=${TOKENS.display}`);
  await tv.waitForFunction(() => document.querySelector('#conn')?.textContent.includes('Trực tuyến'), null, { timeout: 15000 });

  const api = async (method, path, token, body) => {
    const r = await fetch(`${daemon.base}/api/v1${path}`, {
      method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: r.status, body: await r.json().catch(() => null) };
  };
  const issued = await api('POST', '/tickets', TOKENS.kiosk, { field: 'ho_tich', request_id: 'tv-audio-1' });
  check(issued.status === 201, `a ticket is issued (${issued.status})`);
  const login = await fetch(`${daemon.base}/api/v1/sessions`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ staff: 'nv01', pin: '1111', counter: 1 }),
  }).then((r) => r.json());
  check((await api('POST', '/counters/1/call-next', login.token)).status === 200, 'counter 1 calls it');
  check((await api('POST', '/counters/1/recall', login.token)).status === 200, 'and recalls it');

  try {
    await tv.waitForFunction(() => window.played.length === 2 && window.played.every((p) => p.ended !== null),
      null, { timeout: 40000 });
    check(true, 'the TV played two announcements to the end');
  } catch {
    check(false, `the TV played two announcements to the end (got ${JSON.stringify(await tv.evaluate(() => window.played))})`);
  }
  const played = await tv.evaluate(() => window.played);
  const spoken = [...readFileSync(daemon.log, 'utf8').matchAll(/announcing ticket=(\S+) counter=(\d+) recall=(\w+) ms=(\d+)/g)]
    .map((m) => ({ code: m[1], recall: m[3] === 'true', ms: Number(m[4]) }));
  check(spoken.length === 2 && spoken[0].code === issued.body.ticket.code && spoken[1].recall,
    `the daemon announced the call and the recall (${JSON.stringify(spoken)})`);
  for (let i = 0; i < Math.min(played.length, spoken.length); i++) {
    const ms = played[i].duration * 1000;
    check(Math.abs(ms - spoken[i].ms) <= 25, `sound ${i + 1} is the announcement: ${ms.toFixed(0)} ms vs ${spoken[i].ms} ms`);
  }
  if (played.length === 2 && played[0].ended !== null) {
    check(played[1].started >= played[0].ended, 'the recall started after the call had ended (no overlap)');
  }
  await t.shot(tv, 'tv-audio');
} catch (e) {
  t.crashed(e, daemon);
}
await t.finish(daemon);
