// End-to-end: the five pages in headless Chromium against the real daemon.
// A citizen takes a ticket at the kiosk (a double tap is one ticket), staff log
// in and call it, the TV and the status page show it, the dashboard's figures
// move, a refused action shows its Vietnamese message, and everything recovers
// by itself when the daemon is killed and started again mid-test. Then every
// counter action through the desk's buttons and keys (recall, transfer, park
// and call back, no-show and reinstate, pause with a reason and resume), a
// priority ticket at the kiosk, a second kiosk whose simulated printer runs
// out of paper, and the dashboard's report over a range of days with its CSV
// and XLSX files.
// Usage: node run.mjs <qmsd binary> <artifacts dir>
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { PrinterSim, PRINTER_ID, TOKENS } from './daemon.mjs';
import { WebTest } from './harness.mjs';
import { checkStaticFiles } from './static_checks.mjs';

const t = new WebTest({ watchdog: 100, result: 'result.txt' });
const { check, expectText, expectTrue, shot, artifacts } = t;
const codesIn = (page, selector) => page.$$eval(selector, (els) => els.map((e) => e.dataset.code));
// The citizen taps "Xong"; on a loaded machine the kiosk may already have
// closed the ticket by itself (it does after 20 s, by design).
const dismissTicket = async (page) => { if (await page.isVisible('#t-done')) await page.click('#t-done'); };

const printerSim = await new PrinterSim().start();
const daemon = await t.daemon({
  printerPort: printerSim.port, extra: '\n[messages]\nenabled = true\nsender = "log"\n' });
try {
  await daemon.start();
  await checkStaticFiles(daemon, t.webRoot, check);

  await t.launch();
  const open = (viewport, path, opts) => t.open(viewport, path, opts);
  const b = daemon.base;
  const p01 = await daemon.api('POST', '/tickets', TOKENS.kiosk, { field: 'phan_anh', request_id: 'quota-1' });
  check(p01.status === 201, `the one petition ticket of the day is issued (${p01.status})`);
  const kiosk = await open({ width: 1080, height: 1920 }, `${b}/kiosk.html#token=${TOKENS.kiosk}`);
  // The TV's audio hook records what it would announce (calls and recalls).
  const tv = await open({ width: 1920, height: 1080 }, `${b}/tv.html#token=${TOKENS.display}`,
    { init: () => { window.announced = []; window.qmsAnnounce = (a) => window.announced.push(a); } });
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

  await dismissTicket(kiosk);
  await shot(kiosk, 'kiosk');

  // Kill the daemon mid-test; a citizen taps while it is down; start it again.
  await daemon.kill();
  await expectText(tv, '#conn', 'Mất kết nối', 'the TV shows the lost connection');
  await kiosk.click('[data-field="chung_thuc"]');
  await expectText(kiosk, '#busy-text', 'Đang kết nối lại', 'the kiosk says it is reconnecting');
  await daemon.start();
  await expectText(kiosk, '#t-code', 'B001', 'the tap during the restart becomes ticket B001 once the daemon is back');
  await dismissTicket(kiosk);
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
  await shot(dash, 'dashboard', { fullPage: true });

  // ---- Every counter action, through the desk's keys and buttons. B001 is called at counter 1.
  const counterState = async () => (await daemon.api('GET', '/counters/1', TOKENS.admin)).body;
  const newSince = Date.now();
  await desk.keyboard.press('l');
  await expectText(desk, '#ticket-time', 'Gọi 2 lần', 'recall (key L) shows B001 called a second time');
  await expectTrue(tv, () => window.announced.some((a) => a.code === 'B001' && a.recall && a.counterName === 'Quầy 1'), null,
    'the TV calls B001 again, as a recall');
  check((await counterState()).counter.ticket.recalls === 1, 'the daemon counts one recall of B001');

  await desk.selectOption('#transfer-field', 'ho_tich');
  await desk.click('[data-action="transfer"]');
  await expectText(desk, '#message', 'Chuyển lĩnh vực — B001 → Hộ tịch', 'transfer is confirmed with the ticket and its new field');
  await expectTrue(desk, () => [...document.querySelectorAll('#queues [data-field="ho_tich"] li')].some((li) => li.dataset.code === 'B001'), null,
    "B001 is now in Hộ tịch's queue on the desk");
  const afterTransfer = await counterState();
  check(afterTransfer.counter.ticket === null && afterTransfer.queues.find((q) => q.field === 'ho_tich').tickets.some((x) => x.code === 'B001' && x.field === 'ho_tich'),
    'the daemon has B001 waiting in ho_tich and the counter free');

  await desk.keyboard.press('g');
  await expectText(desk, '#code', 'B001', 'call-next takes the transferred B001 first');
  await desk.keyboard.press('p');
  await expectTrue(desk, () => !!document.querySelector('#parked [data-code="B001"] button') && document.querySelector('#code').textContent === '—', null,
    'park (key P) moves B001 to the parked list and frees the counter');
  await desk.click('#parked [data-code="B001"] button');
  await expectText(desk, '#code', 'B001', 'the parked B001 is called back from its button');
  await expectTrue(desk, () => document.querySelectorAll('#parked li').length === 0, null, 'and leaves the parked list');

  await desk.keyboard.press('v');
  await expectText(desk, '#message', 'Vắng mặt — B001', 'no-show (key V) is confirmed');
  await expectTrue(desk, () => !!document.querySelector('#noshows [data-code="B001"]') && !document.querySelector('#queues [data-code="B001"]'), null,
    'B001 is listed as a recent no-show, not in the queue');
  await desk.fill('#reinstate-code', 'b001');
  await desk.press('#reinstate-code', 'Enter');
  await expectText(desk, '#message', 'Khôi phục số vắng — B001', 'reinstating the typed code is confirmed');
  await expectTrue(desk, () => !!document.querySelector('#queues [data-code="B001"]') && document.querySelector('#noshows-card').classList.contains('hidden'), null,
    'B001 is back in the queue and off the no-show list');
  const b001 = (await counterState()).queues.flatMap((q) => q.tickets).find((x) => x.code === 'B001');
  check(b001 && b001.state === 'waiting', `the daemon has B001 waiting again (${b001 && b001.state})`);

  await desk.selectOption('#pause-reason', 'meeting');
  await desk.click('[data-action="pause"]');
  await expectText(desk, '#state', 'Tạm dừng (Họp)', 'pause shows the counter paused with its reason');
  await expectText(desk, '[data-action="pause"]', 'Tiếp tục', 'the pause button becomes resume');
  check(await desk.isDisabled('[data-action="call-next"]'), 'call-next is disabled while paused');
  await desk.keyboard.press('g');
  await expectText(desk, '#message', 'Quầy đang tạm dừng', "call-next by key is refused with the daemon's reason");
  await expectText(tv, '#counters [data-counter="1"]', 'Tạm dừng', 'the TV shows Quầy 1 paused');
  await expectText(dash, '#counters [data-counter="1"]', 'Tạm dừng (Họp)', 'the dashboard shows the pause and its reason');
  await desk.evaluate(() => window.scrollTo(0, 0));
  await shot(desk, 'counter-paused');
  await desk.click('[data-action="pause"]');
  await expectText(desk, '#state', 'Sẵn sàng', 'resume makes the counter ready again');
  check(!(await desk.isDisabled('[data-action="call-next"]')), 'call-next is enabled again');
  await desk.keyboard.press('g');
  await expectText(desk, '#code', 'B001', 'after resuming, call-next calls B001');
  await desk.keyboard.press('h');
  await expectText(desk, '#message', 'Hoàn thành — B001', 'and finish closes it');

  // ---- A priority ticket at the kiosk goes ahead of an earlier normal one.
  const a002 = await daemon.api('POST', '/tickets', TOKENS.kiosk, { field: 'ho_tich', request_id: 'normal-a002' });
  check(a002.status === 201 && a002.body.ticket.code === 'A002', `a normal ticket A002 waits first (${a002.status})`);
  await kiosk.click('#priority');
  await kiosk.click('#priority-list >> text=Người cao tuổi');
  await expectText(kiosk, '#priority', 'Ưu tiên: Người cao tuổi', 'the kiosk shows the chosen priority group');
  check(await kiosk.getAttribute('#priority', 'aria-pressed') === 'true', 'the priority button is marked pressed');
  await kiosk.click('[data-field="ho_tich"]');
  await expectText(kiosk, '#t-code', 'A003', 'the priority ticket is A003');
  await expectText(kiosk, '#t-priority', 'Người cao tuổi', 'the ticket on screen shows its priority group');
  await expectText(kiosk, '#t-ahead', 'Số người chờ trước bạn: 0', 'nobody is ahead of it, though A002 came first');
  await expectText(kiosk, '#t-printing', 'Xin ghi nhớ', 'a kiosk without a printer does not promise a printed ticket');
  await shot(kiosk, 'kiosk-priority');
  await dismissTicket(kiosk);
  await expectText(kiosk, '#priority', 'Ưu tiên (người cao tuổi', 'the priority choice resets for the next citizen');
  await expectTrue(desk, () => [...document.querySelectorAll('#queues [data-field="ho_tich"] li')].map((li) => li.dataset.code).join(',') === 'A003,A002', null,
    "the desk's Hộ tịch queue lists A003 ★ before A002");

  // ---- A citizen leaves a mobile number for texts (the office sends SMS).
  check(await kiosk.isVisible('#phone'), 'the kiosk offers texts when the office sends them');
  await kiosk.click('#phone');
  for (const d of '0901234567') await kiosk.click(`#phone-pad button:text-is("${d}")`);
  await expectText(kiosk, '#phone-digits', '0901234567', 'the touch keypad shows the number typed');
  await kiosk.click('#phone-ok');
  await expectText(kiosk, '#phone', 'Tin nhắn đến: 090****567', 'the kiosk shows the number masked, not whole');
  const sent = kiosk.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/tickets'));
  await kiosk.click('[data-field="kinh_doanh"]');
  const body = JSON.parse((await sent).postData() || '{}');
  check(body.phone === '0901234567' && body.field === 'kinh_doanh', `the ticket is asked for with the number (${JSON.stringify(body)})`);
  await expectText(kiosk, '#t-field', 'Đăng ký kinh doanh', 'the Đăng ký kinh doanh ticket is issued with it');
  await dismissTicket(kiosk);
  await expectText(kiosk, '#phone', 'Nhận tin nhắn khi sắp đến lượt', 'the number is forgotten for the next citizen');

  // ---- kiosk2 prints on the simulated printer; it runs out of paper.
  const kiosk2 = await open({ width: 1080, height: 1920 }, `${b}/kiosk.html#token=${TOKENS.kiosk2}`);
  await expectText(kiosk2, '[data-field="chung_thuc"]', 'Đang chờ', 'the printing kiosk shows its fields');
  check(await kiosk2.isHidden('#printer'), 'no printer notice while the printer is ready');
  await kiosk2.click('[data-field="chung_thuc"]');
  await expectText(kiosk2, '#t-printing', 'Đang in phiếu', 'a printed ticket tells the citizen to take it below');
  const kiosk2Code = await kiosk2.$eval('#t-code', (e) => e.textContent);
  check(await printerSim.cmd('tickets') === '1', 'the simulated printer printed one ticket');
  await dismissTicket(kiosk2);
  await printerSim.cmd('state paper_out');
  await expectText(kiosk2, '#printer', 'Máy in hết giấy', 'paper out shows on the kiosk by itself (the printer poll, then the stream)');
  await expectText(kiosk2, '#printer', 'The printer is out of paper', '… with the English below');
  check(await kiosk2.$eval('#fields', (e) => e.classList.contains('printer-down')) && await kiosk2.getAttribute('[data-field="chung_thuc"]', 'aria-describedby') === 'printer',
    'the field buttons are greyed and described by the notice');
  check(await kiosk.isHidden('#printer'), "kiosk1 (no printer) shows nothing about kiosk2's printer");
  await expectText(dash, `#printers [data-printer="${PRINTER_ID}"]`, 'Máy in hết giấy', "the dashboard's printer table shows the paper out");
  const issuedBefore = (await daemon.api('GET', '/stats/fields', TOKENS.leader)).body.fields.reduce((n, f) => n + f.issued, 0);
  await kiosk2.click('[data-field="chung_thuc"]');
  await expectText(kiosk2, '#notice', 'Máy in gặp sự cố, chưa in được số', 'a tap is refused with the printer failure, in Vietnamese');
  await expectText(kiosk2, '#notice', 'The ticket printer failed', '… and in English');
  check(await kiosk2.isHidden('#ticket') && await kiosk2.isHidden('#busy'), 'no ticket and no endless "reconnecting" after the refusal');
  const issuedAfter = (await daemon.api('GET', '/stats/fields', TOKENS.leader)).body.fields.reduce((n, f) => n + f.issued, 0);
  check(issuedAfter === issuedBefore, `no ticket was issued while the paper was out (${issuedBefore} → ${issuedAfter})`);
  await shot(kiosk2, 'kiosk-paper-out');
  await kiosk2.click('.lang-switch');
  await expectText(kiosk2, '#printer strong', 'The printer is out of paper', 'in English the notice leads with English');
  await expectText(kiosk2, '#printer small', 'Máy in hết giấy', '… and keeps the Vietnamese below');
  await kiosk2.click('.lang-switch');

  // ---- The leader's report over the last seven days, and its files.
  const today = (await daemon.api('GET', '/health')).body.day;
  const weekAgo = new Date(Date.parse(`${today}T00:00:00Z`) - 6 * 86400000).toISOString().slice(0, 10);
  await dash.fill('#r-from', weekAgo);
  await dash.fill('#r-to', today);
  await dash.click('#range button[type=submit]');
  await expectText(dash, '#r-status', `Từ ${weekAgo} đến ${today}: 7 ngày, 1 ngày có hoạt động`, 'the report covers the chosen seven days');
  const summary = (await daemon.api('GET', `/reports/summary?from=${weekAgo}&to=${today}`, TOKENS.leader)).body;
  await expectText(dash, '#report tfoot [data-col="issued"]', String(summary.total.issued), `the report's total issued matches the daemon (${summary.total.issued})`);
  await expectText(dash, '#report tbody [data-key="ho_tich"] [data-col="issued"]', '3', 'Hộ tịch issued A001–A003');
  check(await dash.$$eval('#r-days rect', (r) => r.length) === 7, 'the per-day chart has a bar for each of the seven days');
  check((await dash.getAttribute('#r-days', 'aria-label')).includes(`${today.slice(8, 10)}/${today.slice(5, 7)}: ${summary.total.issued}`),
    "the per-day chart's bar for today holds today's tickets");
  const [csvDownload] = await Promise.all([dash.waitForEvent('download'), dash.click('#r-csv')]);
  const csv = readFileSync(await csvDownload.path());
  check(csvDownload.suggestedFilename().endsWith('.csv'), `the CSV export downloads a .csv (${csvDownload.suggestedFilename()})`);
  check(csv[0] === 0xef && csv[1] === 0xbb && csv[2] === 0xbf, 'the CSV starts with the UTF-8 BOM');
  check(csv.toString('utf8').includes('Đã cấp'), 'the CSV has Vietnamese headers ("Đã cấp")');
  const [xlsxDownload] = await Promise.all([dash.waitForEvent('download'), dash.click('#r-xlsx')]);
  const xlsx = readFileSync(await xlsxDownload.path());
  check(xlsxDownload.suggestedFilename().endsWith('.xlsx') && xlsx.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
    `the XLSX export downloads a zip (${xlsxDownload.suggestedFilename()}, ${xlsx.length} bytes)`);
  await expectText(dash, '#r-status', 'Đã tải về', 'the dashboard confirms the download');
  await shot(dash, 'dashboard-report', { fullPage: true });

  // ---- The leader's words, the analyst's details, the week's trend, staffing, print.
  await expectText(dash, '#fields [data-field="phan_anh"] [data-col="flag"]', 'Cần thêm cán bộ',
    'the petition waiting with no counter open is flagged');
  await expectText(dash, '#fields [data-field="phan_anh"] [data-col="flag"]', 'không có quầy nào mở cho 1 người đang chờ',
    'the flag says what raised it, counted as the table counts');
  await expectTrue(dash, () => /Từ \d\d:\d\d: /.test(document.querySelector('#fields [data-field="phan_anh"] [data-col="flag"]').textContent),
    null, 'and since when');
  const mainText = await dash.evaluate(() => document.querySelector('#board').innerText);
  check(!/Erlang|p90/i.test(mainText), 'the main view has no "Erlang" or "p90"');
  await expectText(dash, '#report tbody [data-key="ho_tich"] [data-col="meanwait"]', 'phút', 'waits in the report read in minutes');
  check(!/\b\d+:\d\d\b/.test(await dash.$eval('#report', (e) => e.innerText)), 'no "2:39"-style durations in the report');
  await dash.click('#details summary');
  await expectText(dash, '#analysis thead', 'Erlang', 'the details view keeps the analyst\'s figures (Erlang)');
  await expectText(dash, '#analysis [data-field="ho_tich"]', 'Hộ tịch', 'with a row per field');
  await dash.click('#r-more summary');
  await expectText(dash, '#report-more thead', 'P90', "and the report's P90 and estimate accuracy");

  const week = (await daemon.api('GET', `/reports/period?kind=week&day=${today}`, TOKENS.leader)).body;
  await dash.click('#periods [data-period="week"][data-back="0"]');
  await expectText(dash, '#trend-title', `So với kỳ trước (${week.previous_from} – ${week.previous_to})`, "this week's report, against the week before");
  check(await dash.inputValue('#r-from') === week.from && await dash.inputValue('#r-to') === week.to, `the range is this week (${week.from} … ${week.to})`);
  await expectText(dash, '#trend-table [data-metric="issued"]', String(week.current.issued), `the trend's tickets this week match the daemon (${week.current.issued})`);
  const within = week.trend.find((r) => r.metric === 'share_within_target');
  if (within && within.current !== null) {
    await expectText(dash, '#trend-table [data-metric="share_within_target"]', `${Math.round(within.current)}%`,
      `the share called within target reads as the daemon's percent (${Math.round(within.current)}%), not 100 times it`);
  }
  const staff = (await daemon.api('GET', `/reports/staffing?from=${week.from}&to=${week.to}`, TOKENS.leader)).body;
  const short = staff.fields.flatMap((f) => f.hours.filter((x) => x.arrivals_per_hour > 0 && x.recommended > Math.round(x.counters_open * 10) / 10 + 0.05));
  await expectTrue(dash, (n) => document.querySelectorAll('#staffing-table tbody tr[data-field]').length === n, short.length,
    `the staffing table lists the ${short.length} hours the daemon finds short of counters`);

  await dash.evaluate(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
  await dash.click('#r-print');
  check(await dash.evaluate(() => window.printed) === 1, 'the print button prints');
  await dash.emulateMedia({ media: 'print' });
  check(!(await dash.isVisible('#fields')) && await dash.isVisible('#report') && await dash.isVisible('#r-title'),
    'on paper: the report alone, with its title');
  await dash.pdf({ path: join(artifacts, 'dashboard-report.pdf') });
  await dash.emulateMedia({ media: 'screen' });

  // Paper back in: the kiosk clears its notice and issues again.
  await printerSim.cmd('state ok');
  await expectTrue(kiosk2, () => document.querySelector('#printer').classList.contains('hidden'), null, 'the notice goes once the paper is back');
  await expectText(dash, `#printers [data-printer="${PRINTER_ID}"]`, 'Sẵn sàng', 'the dashboard shows the printer ready again');
  await kiosk2.click('[data-field="chung_thuc"]');
  await expectTrue(kiosk2, (prev) => { const c = document.querySelector('#t-code').textContent; return !document.querySelector('#ticket').classList.contains('hidden') && c && c !== prev; },
    kiosk2Code, 'kiosk2 issues and prints again');

  // ---- A long queue at the desk: the first page, its true total, and "Xem thêm" for the next.
  const longIssued = [];
  for (let i = 0; i < 36; i++) {
    longIssued.push((await daemon.api('POST', '/tickets', TOKENS.kiosk, { field: 'chung_thuc', request_id: `long-${i}` })).status);
  }
  check(longIssued.every((s) => s === 201), `a long queue: 36 more tickets for Chứng thực (${[...new Set(longIssued)]})`);
  const listed = () => document.querySelectorAll('#queues [data-field="chung_thuc"] li').length;
  const waitingNow = (await daemon.api('GET', '/counters/1', TOKENS.admin)).body.queues.find((q) => q.field === 'chung_thuc').waiting;
  await expectTrue(desk, () => document.querySelectorAll('#queues [data-field="chung_thuc"] li').length === 30, null,
    'the desk lists the first 30 of a long queue');
  await expectText(desk, '#queues [data-field="chung_thuc"] h3', `(${waitingNow})`, 'the heading gives the true number waiting');
  await expectText(desk, '#queues [data-field="chung_thuc"]', `Đang hiện 30/${waitingNow} số`, 'and says how many are shown');
  await desk.click('[data-more="chung_thuc"]');
  await expectTrue(desk, (n) => document.querySelectorAll('#queues [data-field="chung_thuc"] li').length === n, waitingNow,
    '"Xem thêm" lists the rest');
  check(await desk.$('[data-more="chung_thuc"]') === null && (await desk.evaluate(listed)) === waitingNow, 'and the button goes on the last page');
  console.log(`     (the new checks took ${((Date.now() - newSince) / 1000).toFixed(1)} s)`);
} catch (e) {
  t.crashed(e, daemon);
}
await t.finish(daemon, { after: () => printerSim.stop() });
