// The information screens (issue 13) in headless Chromium against the real
// daemon: the editor writes a notice and sees, while typing, what the LED
// board will show; the TV shows the notice and rotates to the procedure sheet
// the editor saves next; the kiosk shows that sheet ("what do I need to
// bring?") before it takes a ticket, and takes one straight away for a field
// without one; staff pause a counter with a reason and an expected return and
// the TV explains it with the office's apology; a stale edit is refused, not
// overwritten; the history says who changed what.
// Usage: node info.mjs <qmsd binary> <artifacts dir>
import { readFileSync, writeFileSync } from 'node:fs';
import { TOKENS, freePort } from './daemon.mjs';
import { WebTest } from './harness.mjs';

const EDITOR = 'demo-editor-token-0001';
// expectText waits 15 s here, and for the text in any element the selector matches.
const t = new WebTest({ name: 'web_info', watchdog: 150, wait: 15000, textIn: 'any' });
const { check, expectText, expectTrue, shot } = t;
// A main board behind a Modbus gateway that is not there: the preview is what
// the board is sent, worked out by the same code, whether or not it answers.
const deadPort = await freePort();
const daemon = await t.daemon({
  extra: `
[[bus]]
id = "gw"
type = "modbus_tcp"
host = "127.0.0.1"
tcp_port = ${deadPort}
retry_backoff_ms = 5000

[[device]]
id = "bang_chinh"
bus = "gw"
address = 1
role = "main_board"
digits = 24
lines = 8
` });
// The TV turns its pages every 4 s here (12 s in an office), so the test sees the rotation.
writeFileSync(daemon.config, readFileSync(daemon.config, 'utf8').replace('\n[display]\n', '\n[display]\ntv_page_seconds = 4\n'));

const NOTICE = 'Từ 01/9 đến hết 03/9 bộ phận một cửa nghỉ lễ Quốc khánh, công dân vui lòng quay lại ngày 04/9';
try {
  await daemon.start();
  await t.launch();
  const open = async (viewport, path) => {
    const page = await t.open(viewport, path);
    page.on('dialog', (d) => d.accept()); // the editor's "delete this?" confirmation
    return page;
  };
  const b = daemon.base;
  const editor = await open({ width: 1440, height: 1100 }, `${b}/editor.html#token=${EDITOR}`);
  const tv = await open({ width: 1920, height: 1080 }, `${b}/tv.html#token=${TOKENS.display}`);
  const kiosk = await open({ width: 1080, height: 1920 }, `${b}/kiosk.html#token=${TOKENS.kiosk}`);

  // ---- The editor writes a notice; the board preview follows the typing.
  await expectText(editor, '#notices', 'Chưa có thông báo nào', 'the editor opens with its token and lists no notices');
  check(!(await editor.evaluate(() => location.hash.includes('token'))), 'the editor token leaves the address bar');
  await expectText(editor, '#board-preview', 'Duong day nong: 1022', "the preview shows the board's standing line before any notice");
  await editor.fill('#n-title', 'Nghỉ lễ Quốc khánh');
  await editor.fill('#n-text', NOTICE);
  await expectText(editor, '#board-preview .board-line', 'Nghi le Quoc khanh: Tu', 'the preview shows the draft transliterated, before it is saved');
  const previewLines = await editor.$$eval('#board-preview .board-line', (els) => els.map((e) => e.textContent));
  check(previewLines.every((l) => [...l].length <= 24), `every previewed line fits the 24-character board (${previewLines.length} lines)`);
  const api = await daemon.api('POST', '/board-preview', EDITOR, { notice: { title: 'Nghỉ lễ Quốc khánh', text: NOTICE } });
  const apiLines = api.body.boards[0].pages.flat().map((l) => l || ' ');
  check(JSON.stringify(apiLines) === JSON.stringify(previewLines), 'the page shows exactly the pages the daemon computes for the board');
  await expectText(editor, '#n-count', '/1000', 'the editor counts the characters against the limit');
  await editor.uncheck('#n-kiosk');
  await editor.click('#n-save');
  await expectText(editor, '#message', 'Đã lưu', 'saving the notice says so');
  await expectText(editor, '#notices', 'Nghỉ lễ Quốc khánh', 'the notice is listed');
  await expectText(editor, '#notices [data-status="active"]', 'Đang hiển thị', 'as showing now');
  await shot(editor, 'editor-notice');

  // ---- The TV shows it.
  await expectText(tv, '#tv-panel', 'Nghỉ lễ Quốc khánh', 'the TV shows the new notice without a reload');
  await expectText(tv, '#tv-panel', 'quay lại ngày 04/9', 'with its whole text');
  check(await tv.evaluate(() => document.body.classList.contains('has-info')), 'the TV makes room for its information band');
  await expectText(kiosk, '[data-field="ho_tich"]', 'Đang chờ', 'the kiosk is up');
  check(await kiosk.$('#kiosk-notices:not(.hidden)') === null, 'a notice not meant for kiosks is not on the kiosk');

  // ---- A procedure sheet: saved by the editor, rotated on the TV, shown by the kiosk before a ticket.
  // The sheet's reply is held back for a second, as on a slow line: the editor
  // starts typing before it arrives, and the late reply must not wipe the draft.
  const slowSheet = async (route) => {
    if (route.request().method() === 'GET') await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  };
  await editor.route('**/api/v1/procedures/**', slowSheet);
  await editor.selectOption('#p-field', 'ho_tich');
  await expectText(editor, '#p-status', 'chưa có thông tin thủ tục', 'a field without a sheet says so');
  await editor.fill('#p-docs', 'Tờ khai đăng ký khai sinh (theo mẫu)\nGiấy chứng sinh (bản chính)\n\nCăn cước công dân của người đi đăng ký');
  await editor.fill('#p-fees', 'Miễn lệ phí');
  await editor.fill('#p-time', 'Trong ngày làm việc');
  await editor.fill('#p-legal', 'Luật Hộ tịch 2014; Nghị định 123/2015/NĐ-CP');
  await editor.waitForTimeout(2000); // the held-back reply arrives while the draft is in the form
  check((await editor.inputValue('#p-docs')).includes('Giấy chứng sinh'), 'a late reply for the sheet leaves the draft being typed');
  await editor.click('#p-save');
  await expectText(editor, '#p-status', 'Phiên bản 1', 'the sheet is saved as version 1');
  await editor.unroute('**/api/v1/procedures/**', slowSheet);
  await expectText(tv, '#tv-panel', 'Thủ tục: Hộ tịch', 'the TV rotates to the procedure sheet', 20000);
  await expectText(tv, '#tv-panel', 'Giấy chứng sinh (bản chính)', 'with its documents');
  const tvSheet = await tv.$eval('#tv-panel', (e) => e.textContent);
  check(!tvSheet.includes('null') && !tvSheet.includes('undefined'), `the sheet's empty parts are left out, not printed ("${tvSheet.slice(0, 120)}…")`);
  await shot(tv, 'tv-procedure');
  await expectText(tv, '#tv-panel', 'Nghỉ lễ Quốc khánh', 'and back to the notice', 20000);

  await kiosk.click('[data-field="ho_tich"]');
  await expectText(kiosk, '#bring', 'Tôi cần mang gì?', 'tapping Hộ tịch shows what to bring first');
  await expectText(kiosk, '#bring-body li', 'Căn cước công dân của người đi đăng ký', 'the documents, one per line (the blank line dropped)');
  check((await kiosk.$$('#bring-body li')).length === 3, 'three documents');
  await expectText(kiosk, '#bring-body', 'Miễn lệ phí', 'the fees');
  const kioskSheet = await kiosk.$eval('#bring-body', (e) => e.textContent);
  check(!kioskSheet.includes('null') && !kioskSheet.includes('undefined'), 'the sheet has no notes, and says nothing about them');
  await shot(kiosk, 'kiosk-bring');
  check(await kiosk.$('#ticket:not(.hidden)') === null, 'no ticket is taken yet');
  await kiosk.waitForTimeout(700); // the sheet ignores the second tap of a double tap
  await kiosk.click('#bring-take');
  await expectText(kiosk, '#t-code', 'A001', '"Lấy số thứ tự" then takes the ticket');
  await kiosk.click('#t-done');
  await kiosk.click('[data-field="chung_thuc"]');
  await expectText(kiosk, '#t-code', 'B001', 'a field without a sheet takes its ticket at once');
  check(await kiosk.$('#bring:not(.hidden)') === null, 'with no sheet shown');
  await kiosk.click('#t-done');
  await kiosk.click('[data-field="ho_tich"]');
  await kiosk.waitForSelector('#bring:not(.hidden)');
  await kiosk.waitForTimeout(700);
  await kiosk.click('#bring-back');
  check(await kiosk.$('#bring:not(.hidden)') === null && await kiosk.$('#ticket:not(.hidden)') === null, '"Quay lại" takes no ticket');
  const issued = (await daemon.api('GET', '/fields')).body.fields.find((f) => f.id === 'ho_tich').issued_today;
  check(issued === 1, `one Hộ tịch ticket in all (${issued})`);

  // ---- A kiosk notice appears on the kiosk.
  await daemon.api('POST', '/notices', EDITOR, { text: 'Lãnh đạo tiếp công dân chiều thứ Năm', screens: ['kiosk'] });
  await expectText(kiosk, '#kiosk-notices', 'Lãnh đạo tiếp công dân chiều thứ Năm', 'a notice for kiosks appears above the fields');

  // ---- Staff pause counter 1 for a meeting, back in 15 minutes: the TV explains.
  const desk = await open({ width: 1280, height: 800 }, `${b}/counter.html`);
  await desk.selectOption('#l-counter', '1');
  await desk.fill('#l-staff', 'nv01');
  await desk.fill('#l-pin', '1111');
  await desk.click('button[type=submit]');
  await expectText(desk, '#title', 'Quầy 1', 'staff log in at counter 1');
  await desk.selectOption('#pause-reason', 'meeting');
  // A return can only be promised for today (counters close at midnight, office time).
  const officeNow = (await daemon.api('GET', '/info')).body.now;
  const promise = Number(officeNow.slice(11, 13)) * 60 + Number(officeNow.slice(14, 16)) + 15 < 24 * 60;
  await desk.selectOption('#pause-return', promise ? '15' : '');
  await desk.click('[data-action="pause"]');
  await expectText(desk, '#state', 'Tạm dừng', 'the counter is paused');
  const c1 = (await daemon.api('GET', '/counters/1', TOKENS.leader)).body.counter;
  const back = c1.expected_back ? c1.expected_back.slice(11, 16) : null;
  check(promise ? !!back : back === null, `the pause carries the expected return chosen (${c1.expected_back}, office time ${officeNow})`);
  await expectText(tv, '#tv-paused', 'Quầy 1 tạm dừng: Họp', 'the TV says counter 1 is paused and why');
  if (back) await expectText(tv, '#tv-paused', `Dự kiến làm việc trở lại lúc ${back}`, 'and when it will be back');
  await expectText(tv, '#tv-paused .apology', 'Thành thật xin lỗi công dân', "with the office's apology");
  await shot(tv, 'tv-paused');
  await desk.click('[data-action="pause"]'); // resume
  await expectText(desk, '#state', 'Sẵn sàng', 'staff resume');
  await expectTrue(tv, () => document.querySelector('#tv-paused')?.classList.contains('hidden'), null, 'resuming takes the explanation off the TV');

  // ---- Two editors: the second save from a stale version is refused, nothing lost.
  await editor.click('#notices [data-edit]');
  await expectText(editor, '#n-heading', 'Đang sửa thông báo', 'the editor opens the notice for editing');
  const id = await editor.$eval('#notices [data-edit]', (e) => e.dataset.edit);
  const other = await daemon.api('PUT', `/notices/${id}`, EDITOR, { title: 'Nghỉ lễ 2/9', text: NOTICE, screens: ['tv', 'board'], version: 1 });
  check(other.status === 200, `another editor saves first (${other.status})`);
  await editor.fill('#n-title', 'Sửa từ bản cũ');
  await editor.click('#n-save');
  await expectText(editor, '#message', 'vừa được người khác sửa', 'the stale save is refused with the reason');
  const kept = (await daemon.api('GET', '/notices', EDITOR)).body.notices.find((n) => n.id === id);
  check(kept.title === 'Nghỉ lễ 2/9', `the other editor's change is kept (${kept.title})`);

  // ---- The history: who changed what, when.
  await editor.reload();
  await expectText(editor, '#history', 'Lưu thủ tục: Hộ tịch', 'the history lists the procedure sheet saved');
  await expectText(editor, '#history', 'editor:bientap', 'and who saved it');
  await expectText(editor, '#history', 'Lưu thông báo: Nghỉ lễ 2/9 (v2)', 'and the notice at version 2');
  await editor.click('.lang-switch');
  await expectText(editor, '#h-history', 'Change history', 'the editor page switches to English');
  await shot(editor, 'editor-history');
} catch (e) {
  t.crashed(e, daemon);
}
await t.finish(daemon);
