// The accessibility suite's pass over the information screens (issue 13),
// called by accessibility.mjs with its own helpers: the editor's page (its
// token gate, then with a notice, a procedure sheet and the board preview),
// the TV with its information band (a paused counter explained, a notice),
// and the kiosk with a notice and its "what do I need to bring?" sheet.
const EDITOR = 'demo-editor-token-0001';

export async function auditInformationScreens({ daemon, TOKENS, open, audit, expectFocus, focusWalk, checkList, check, cspOf, waitText }) {
  const api = (method, path, token, body) => daemon.api(method, path, token, body);
  const made = await api('POST', '/notices', EDITOR, {
    title: 'Nghỉ lễ Quốc khánh', text: 'Bộ phận một cửa nghỉ từ 01/9 đến 03/9, công dân vui lòng quay lại ngày 04/9.',
  });
  check(made.status === 201, `a notice for every screen is saved (${made.status})`);
  const sheet = await api('PUT', '/procedures/ho_tich', EDITOR, {
    documents: ['Tờ khai đăng ký khai sinh (theo mẫu)', 'Giấy chứng sinh (bản chính)', 'Căn cước công dân của người đi đăng ký'],
    fees: 'Miễn lệ phí', processing_time: 'Trong ngày làm việc', legal_basis: 'Luật Hộ tịch 2014; Nghị định 123/2015/NĐ-CP',
  });
  check(sheet.status === 200, `a procedure sheet for Hộ tịch is saved (${sheet.status})`);
  await api('POST', '/counters/2/open', TOKENS.admin, { staff: 'nv02' });
  const paused = await api('POST', '/counters/2/pause', TOKENS.admin, { reason: 'meeting' });
  check(paused.status === 200, `counter 2 is paused for a meeting (${paused.status})`);

  // ---- The editor, 1440×1000: the gate, then the page at work.
  const gate = await open('editor gate', { width: 1440, height: 1000 }, '/editor.html');
  await gate.waitForSelector('#gate:not(.hidden)');
  await audit(gate, 'editor gate', { noOverflow: true });
  await expectFocus(gate, 'editor gate', { min: 2 });
  await cspOf(gate);
  const editor = await open('editor', { width: 1440, height: 1000 }, `/editor.html#token=${EDITOR}`);
  await waitText(editor, '#notices', 'Nghỉ lễ Quốc khánh');
  await waitText(editor, '#p-status', 'Phiên bản 1');
  await editor.click('#notices [data-edit]');
  await waitText(editor, '#board-preview', 'Chưa cấu hình bảng LED nào'); // this office has no LED board
  await editor.waitForFunction(() => document.querySelector('#history tbody tr'), null, { timeout: 10000 });
  await audit(editor, 'editor', { noOverflow: true });
  await expectFocus(editor, 'editor', { min: 12, stops: 16 });
  await cspOf(editor);

  // ---- The TV with its information band.
  const tv = await open('tv info', { width: 1920, height: 1080 }, `/tv.html#token=${TOKENS.display}`);
  await waitText(tv, '#tv-paused', 'Quầy 2 tạm dừng: Họp');
  await waitText(tv, '#tv-panel', 'Nghỉ lễ Quốc khánh');
  await audit(tv, 'tv info', { noOverflow: true });
  const tvFocus = await focusWalk(tv, 'tv info', 3);
  checkList(tvFocus.bad, `tv info: no hidden Tab stops (${tvFocus.seen.length} controls; a display has none)`);
  await cspOf(tv);

  // ---- The kiosk with a notice, and the sheet before a Hộ tịch ticket.
  const kiosk = await open('kiosk info', { width: 1080, height: 1920 }, `/kiosk.html#token=${TOKENS.kiosk}`, { hasTouch: true });
  await waitText(kiosk, '#kiosk-notices', 'Nghỉ lễ Quốc khánh');
  await audit(kiosk, 'kiosk notices', { touchTargets: 'button', noOverflow: true });
  await kiosk.click('[data-field="ho_tich"]');
  await kiosk.waitForSelector('#bring:not(.hidden) #bring-take');
  await audit(kiosk, 'kiosk what-to-bring', { touchTargets: '#bring button' });
  const focused = await kiosk.evaluate(() => document.activeElement?.id);
  check(focused === 'bring-take', `the sheet puts the focus on "Lấy số thứ tự" (${focused})`);
  await kiosk.keyboard.press('Escape');
  await kiosk.waitForSelector('#bring.hidden', { state: 'attached' });
  check(true, 'Escape closes the sheet without a ticket');
  await cspOf(kiosk);

  await api('POST', '/counters/2/resume', TOKENS.admin);
}
