// End-to-end: the five pages in headless Chromium against the real daemon.
// A citizen takes a ticket at the kiosk (a double tap is one ticket), staff log
// in and call it, the TV and the status page show it, the dashboard's figures
// move, a refused action shows its Vietnamese message, and everything recovers
// by itself when the daemon is killed and started again mid-test.
// Usage: node run.mjs <qmsd binary> <artifacts dir>
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { Daemon, SOURCE, TOKENS, freePort } from './daemon.mjs';
import { checkStaticFiles } from './static_checks.mjs';

const require = createRequire(join(SOURCE, 'tests', 'js', 'package.json'));
const { chromium } = require('playwright-core');

const [binary, artifacts = join(process.cwd(), 'artifacts', 'web')] = process.argv.slice(2);
if (!binary) { console.error('usage: node run.mjs <qmsd> [artifacts dir]'); process.exit(2); }
mkdirSync(artifacts, { recursive: true });

let failures = 0, passes = 0;
function check(ok, what) {
  if (ok) { passes++; console.log(`ok   ${what}`); } else { failures++; console.log(`FAIL ${what}`); }
}
const WAIT = 10000;
// Waits for a page to show something; a failure is a check, not a crash.
async function expectText(page, selector, text, what) {
  try {
    await page.waitForFunction(([s, x]) => { const e = document.querySelector(s); return e && e.textContent.includes(x); }, [selector, text], { timeout: WAIT });
    check(true, what);
  } catch {
    const got = await page.$eval(selector, (e) => e.textContent).catch(() => '(missing)');
    check(false, `${what} — wanted "${text}" in ${selector}, got "${got}"`);
  }
}
const shot = (page, name) => page.screenshot({ path: join(artifacts, `${name}.png`) });

const watchdog = setTimeout(() => { console.log('FAIL the whole test took more than 100 s'); process.exit(1); }, 100000);
const webRoot = join(mkdtempSync(join(tmpdir(), 'qmsd-webroot-')), 'web');
cpSync(join(SOURCE, 'daemon', 'web'), webRoot, { recursive: true });
const daemon = new Daemon(binary, await freePort(), webRoot);
let browser;
try {
  await daemon.start();
  await checkStaticFiles(daemon, webRoot, check);

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'], // playwright gives each launch a fresh temporary profile
  });
  const errors = [];
  const open = async (viewport, path, opts = {}) => {
    const ctx = await browser.newContext({ viewport, baseURL: daemon.base, ...opts });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(`${path}: ${e.message}`));
    await page.goto(path);
    return page;
  };
  const b = daemon.base;
  const p01 = await daemon.api('POST', '/tickets', TOKENS.kiosk, { field: 'phan_anh', request_id: 'quota-1' });
  check(p01.status === 201, `the one petition ticket of the day is issued (${p01.status})`);
  const kiosk = await open({ width: 1080, height: 1920 }, `${b}/kiosk.html#token=${TOKENS.kiosk}`);
  const tv = await open({ width: 1920, height: 1080 }, `${b}/tv.html#token=${TOKENS.display}`);
  const dash = await open({ width: 1440, height: 1100 }, `${b}/dashboard.html#token=${TOKENS.leader}`);
  const desk = await open({ width: 1280, height: 800 }, `${b}/counter.html`);

  await expectText(kiosk, '[data-field="ho_tich"]', 'Đang chờ: 0', 'the kiosk shows a button per field with its waiting count');
  check(!(await kiosk.evaluate(() => location.hash.includes('token'))), 'the kiosk token leaves the address bar');
  await expectText(kiosk, '[data-field="phan_anh"]', 'Đã hết số trong ngày', 'a field out of quota says so on its button');
  check(await kiosk.isDisabled('[data-field="phan_anh"]'), 'and its button cannot be pressed');
  await expectText(tv, '#conn', 'Trực tuyến', 'the TV is live on the stream');
  await expectText(dash, '#fields [data-field="ho_tich"] [data-col="issued"]', '0', 'the dashboard lists the fields');

  // Staff log in at counter 1; calling with nobody waiting is refused, with the reason shown.
  await desk.selectOption('#l-counter', '1');
  await desk.fill('#l-staff', 'nv01');
  await desk.fill('#l-pin', '1111');
  await desk.click('button[type=submit]');
  await expectText(desk, '#title', 'Quầy 1 — Nguyễn Thị Lan', 'PIN login opens counter 1 for nv01');
  await expectText(dash, '#counters [data-counter="1"]', 'Nguyễn Thị Lan', 'the dashboard shows who opened counter 1');
  await desk.keyboard.press('g');
  await expectText(desk, '#message', 'Không còn người chờ', 'a refused call-next shows the Vietnamese reason');
  check(await desk.$eval('#message', (e) => e.classList.contains('bad')), 'the refusal is marked as an error');
  await shot(desk, 'counter-refused');

  // A double tap at the kiosk is one ticket.
  await kiosk.dblclick('[data-field="ho_tich"]');
  await expectText(kiosk, '#t-code', 'A001', 'the kiosk shows the new ticket A001');
  await expectText(kiosk, '#t-ahead', '0', 'the ticket says how many are ahead');
  await kiosk.waitForTimeout(300);
  const stats = await daemon.api('GET', '/stats/fields', TOKENS.leader);
  const hoTich = stats.body.fields.find((f) => f.id === 'ho_tich');
  check(hoTich.issued === 1, `a double tap issued exactly one ticket (issued=${hoTich.issued})`);
  const statusUrl = await kiosk.$eval('#t-qr', (e) => e.dataset.url);
  const qrPng = join(artifacts, 'kiosk-qr.png');
  await (await kiosk.$('#t-qr')).screenshot({ path: qrPng });
  let decoded = '';
  try { decoded = execFileSync('zbarimg', ['-q', '--raw', qrPng], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim(); } catch { /* no code found */ }
  check(statusUrl.includes('/t/') && decoded === statusUrl, `the ticket's QR decodes to its status URL (${decoded || 'nothing'})`);
  await shot(kiosk, 'kiosk-ticket');
  await expectText(dash, '#fields [data-field="ho_tich"] [data-col="waiting"]', '1', 'the dashboard counts the new waiting ticket');

  // The citizen's phone, from the QR.
  const phone = await open({ width: 390, height: 844 }, new URL(statusUrl).pathname, { isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await expectText(phone, '#code', 'A001', 'the status page shows the ticket number');
  await expectText(phone, '#state', 'Đang chờ', 'the status page shows it waiting');
  await expectText(phone, '#ahead', '0', 'the status page shows the people ahead');
  await shot(phone, 'status-waiting');
  const other = await open({ width: 390, height: 844 }, '/t/ffffffffffffffffffffffffffffffff', { isMobile: true });
  await expectText(other, '#error', 'Không tìm thấy', 'another ticket id shows only "not found"');
  check(!(await other.isVisible('#ticket')) && !(await other.content()).includes('A001'), 'and reveals nothing about any ticket');

  await kiosk.click('#t-done');
  await shot(kiosk, 'kiosk');

  // Kill the daemon mid-test; a citizen taps while it is down; start it again.
  await daemon.kill();
  await expectText(tv, '#conn', 'Mất kết nối', 'the TV shows the lost connection');
  await kiosk.click('[data-field="chung_thuc"]');
  await expectText(kiosk, '#busy-text', 'Đang kết nối lại', 'the kiosk says it is reconnecting');
  await daemon.start();
  await expectText(kiosk, '#t-code', 'B001', 'the tap during the restart becomes ticket B001 once the daemon is back');
  await kiosk.click('#t-done');
  await expectText(tv, '#conn', 'Trực tuyến', 'the TV reconnects by itself');
  await expectText(desk, '#conn', 'Trực tuyến', 'the counter page reconnects by itself');
  await expectText(desk, '#queues', 'A001', "the counter's queue lists A001");

  await expectText(kiosk, '[data-field="ho_tich"]', 'Đang chờ: 1', 'the kiosk counts A001 as waiting');
  // Call it from the counter (the session survived the restart).
  await desk.keyboard.press('g');
  await expectText(desk, '#code', 'A001', 'call-next (key G) calls A001 at counter 1');
  await expectText(tv, '#latest-code', 'A001', 'the TV shows A001 as the latest call');
  await expectText(tv, '#latest-where', 'Quầy 1', '… to Quầy 1');
  await expectText(tv, '#counters [data-counter="1"]', 'A001', "the TV's counter list shows A001 at Quầy 1");
  await expectText(kiosk, '[data-field="ho_tich"]', 'Đang chờ: 0', "the kiosk's count drops by itself (kiosks read the stream)");
  // No tap on the phone: the ticket's own stream brings the call (and came back after the restart).
  await expectText(phone, '#goto', 'Mời bạn đến Quầy 1', "the status page says 'go to Quầy 1' by itself");
  await shot(phone, 'status-called');
  await phone.click('.lang-switch');
  await expectText(phone, '#goto', 'Please go to Quầy 1', 'the status page switches to English');
  await expectText(dash, '#counters [data-counter="1"]', 'A001', 'the dashboard shows A001 at counter 1');
  await expectText(dash, '#fields [data-field="ho_tich"] [data-col="waiting"]', '0', 'the dashboard waiting count drops');

  await desk.click('[data-action="start"]');
  await expectText(desk, '#state', 'Đang phục vụ', 'start puts the counter in serving');
  await desk.keyboard.press('h');
  await expectText(desk, '#message', 'Hoàn thành', 'finish (key H) is confirmed');
  await expectText(dash, '#fields [data-field="ho_tich"] [data-col="served"]', '1', 'the dashboard counts one served');
  await desk.keyboard.press('g');
  await expectText(desk, '#code', 'B001', 'the next call takes B001');
  await shot(desk, 'counter');
  await shot(tv, 'tv');
  await dash.waitForTimeout(500);
  await dash.screenshot({ path: join(artifacts, 'dashboard.png'), fullPage: true });

  check(errors.length === 0, `no script errors on any page${errors.length ? ': ' + errors.join('; ') : ''}`);
} catch (e) {
  failures++;
  console.log(`FAIL ${e.stack || e}`);
  console.log(daemon.tail());
} finally {
  if (browser) await browser.close().catch(() => {});
  const rc = await daemon.stop();
  check(rc === 0, `qmsd stopped cleanly (exit ${rc})`);
  clearTimeout(watchdog);
  if (!failures) {
    rmSync(daemon.dir, { recursive: true, force: true });
    rmSync(dirname(webRoot), { recursive: true, force: true });
  }
}
writeFileSync(join(artifacts, 'result.txt'), `${passes} passed, ${failures} failed\n`);
console.log(`${passes} passed, ${failures} failed; screenshots in ${artifacts}`);
process.exit(failures ? 1 : 0);
