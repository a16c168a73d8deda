// What a new user reads, checked in headless Chromium against the real daemon:
//  - the TV from 5 m: on a 55-inch 1080p panel (684.9 mm tall, 0.634 mm a
//    pixel) ticket codes in the recent calls and on the counter tiles stand at
//    least 40 mm, counter and field names have capitals of at least 25 mm,
//    the latest call's code at least 100 mm; every call shows its field, and
//    nothing is cut off;
//  - every page names the office and "Bộ phận tiếp nhận và trả kết quả";
//  - the counter page shows priority groups and pause reasons by their
//    configured names, a refusal in the page's language only, English field
//    names in English mode, durations in words with units;
//  - the screen and the exports use the same words (served, no-show,
//    cancelled…): the pages' texts against the CSV the daemon exports.
// Usage: node readable.mjs <qmsd binary> <artifacts dir>
import { TOKENS } from './daemon.mjs';
import { WebTest } from './harness.mjs';

const t = new WebTest({ watchdog: 90 });
const { check, expectTrue, shot } = t;
const UNIT = 'Bộ phận tiếp nhận và trả kết quả';
const OFFICE = 'UBND Phường Bến Nghé, Quận 1';
// A 55-inch 16:9 panel: 55 × 9 / √(16² + 9²) inches tall, over 1080 pixels.
const MM_PER_PX = (55 * 25.4 * 9 / Math.hypot(16, 9)) / 1080;
const VIETNAMESE = /[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]/i;

const textOf = (page, sel) => page.$eval(sel, (e) => e.textContent).catch(() => '(missing)');

// In the page: the height of digits (codes) or capitals (names) as drawn in
// each element's own font, and whether the element shows all of its text.
function glyphSizes([selector, sample]) {
  const ctx = document.createElement('canvas').getContext('2d');
  return [...document.querySelectorAll(selector)].filter((e) => e.textContent.trim()).map((e) => {
    const cs = getComputedStyle(e);
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const r = e.getBoundingClientRect();
    return {
      text: e.textContent.trim(), px: ctx.measureText(sample).actualBoundingBoxAscent,
      clipped: e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1,
      bottom: r.bottom, right: r.right,
    };
  });
}

async function sizes(page, selector, sample, minMm, what) {
  const items = await page.evaluate(glyphSizes, [selector, sample]);
  const mm = items.map((i) => +(i.px * MM_PER_PX).toFixed(1));
  console.log(`     ${what}: ${items.map((i, k) => `${i.text} ${mm[k]} mm`).join(', ')}`);
  check(items.length > 0 && mm.every((m) => m >= minMm), `${what}: at least ${minMm} mm on a 55-inch panel (${items.length} shown, smallest ${Math.min(...mm)} mm)`);
  const clipped = items.filter((i) => i.clipped).map((i) => i.text);
  check(clipped.length === 0, `${what}: shown whole${clipped.length ? ` — cut off: ${clipped.join(', ')}` : ''}`);
  return items;
}

const daemon = await t.daemon();
try {
  await daemon.start();
  await t.launch();
  const open = (viewport, path, opts) => t.open(viewport, path, opts);
  const api = (method, path, token, body) => daemon.api(method, path, token, body);
  // Demo PINs: nv0N → NNNN (config/demo-office.toml).
  const login = async (staff, counter) => (await api('POST', '/sessions', null, { staff, pin: staff.slice(-1).repeat(4), counter })).body.token;

  // ---- The API names priority groups and pause reasons, with English where configured.
  const f = (await api('GET', '/fields')).body;
  check(f.priorities.some((p) => p.id === 'merit' && p.name === 'Người có công với cách mạng' && p.name_en),
    'GET /fields lists the priority groups with their names');
  check(f.pause_reasons.map((r) => r.name).join('|') === 'Nghỉ giải lao|Họp|Công việc đột xuất|Hỗ trợ đồng nghiệp',
    `GET /fields lists the pause reasons with their names (${f.pause_reasons.map((r) => r.name).join(', ')})`);
  check(f.fields.find((x) => x.id === 'ho_tich').name_en === 'Civil status (births, marriages, deaths)', 'fields carry name_en');
  const health = (await api('GET', '/health')).body;
  check(health.unit === UNIT && health.unit_en, `GET /health names the section ("${health.unit}")`);

  // ---- Tickets in five fields, called at four counters: the TV shows them.
  const issue = async (field, extra = {}) => (await api('POST', '/tickets', TOKENS.kiosk, { field, request_id: `r-${field}-${Math.random().toString(36).slice(2)}`, ...extra })).body.ticket;
  const merit = await issue('ho_tich', { priority: 'merit' });
  for (const field of ['dat_dai', 'kinh_doanh', 'ldtbxh', 'phan_anh']) await issue(field);
  const tokens = { 1: await login('nv01', 1), 3: await login('nv03', 3), 5: await login('nv05', 5), 6: await login('nv06', 6) };
  check(Object.values(tokens).every(Boolean), 'staff log in at counters 1, 3, 5 and 6');
  const tv = await open({ width: 1920, height: 1080 }, `/tv.html#token=${TOKENS.display}`);
  await expectTrue(tv, () => document.querySelector('#conn').dataset.state === 'live', null, 'the TV is live');
  for (const n of [3, 5, 6]) await api('POST', `/counters/${n}/call-next`, tokens[n]);
  await api('POST', '/counters/6/start', tokens[6]);
  await api('POST', '/counters/6/finish', tokens[6]);
  await api('POST', '/counters/6/call-next', tokens[6]); // P01 after D001
  await api('POST', '/counters/1/call-next', tokens[1]); // the priority ticket, latest
  await expectTrue(tv, (c) => document.querySelector('#latest-code').textContent === c, merit.code, `the TV's latest call is ${merit.code}`);
  check((await textOf(tv, '#latest-where')).includes('Quầy 1'), 'with its counter');
  check((await textOf(tv, '#latest-field')) === 'Hộ tịch', `and its field (${await textOf(tv, '#latest-field')})`);
  await expectTrue(tv, () => document.querySelectorAll('#recent li').length === 4, null, 'four more calls are listed under it');
  const recent = await tv.$$eval('#recent li', (li) => li.map((e) => [e.querySelector('.c').textContent, e.querySelector('.f').textContent]));
  const want = { '1001': 'Đất đai', C001: 'Đăng ký kinh doanh', D001: 'Lao động – Thương binh và Xã hội', P01: 'Tiếp nhận phản ánh, kiến nghị' };
  check(recent.every(([code, field]) => want[code] === field), `each recent call shows its field (${recent.map((r) => r.join(' ')).join('; ')})`);
  check((await textOf(tv, 'header h1')).includes(OFFICE) && (await textOf(tv, 'header h1')).includes(UNIT), `the TV names the office and "${UNIT}"`);
  await sizes(tv, '#recent li .c', '0', 40, 'recent call codes');
  await sizes(tv, '#counters .ctr[data-state="calling"] .c, #counters .ctr[data-state="serving"] .c', '0', 40, 'counter tile codes');
  await sizes(tv, '#counters .ctr .n', 'H', 25, 'counter tile names');
  await sizes(tv, '#recent li .q', 'H', 25, 'recent call counters');
  await sizes(tv, '#recent li .f, #latest-field', 'H', 25, 'field names');
  await sizes(tv, '#latest-code', '0', 100, 'the latest call');
  const lowest = await tv.$$eval('#counters .ctr, #recent li', (els) => Math.max(...els.map((e) => e.getBoundingClientRect().bottom)));
  const ticker = await tv.$eval('.ticker', (e) => e.getBoundingClientRect().top);
  check(lowest <= ticker, `the tiles and the recent calls end above the ticker (${Math.round(lowest)} ≤ ${Math.round(ticker)} px)`);
  await shot(tv, 'tv-readable');

  // ---- Every page names the office and its one-stop section.
  for (const [path, viewport] of [[`/kiosk.html#token=${TOKENS.kiosk}`, { width: 1080, height: 1920 }], ['/', { width: 1280, height: 800 }],
    ['/counter.html', { width: 1280, height: 800 }], [new URL(merit.status_url).pathname, { width: 390, height: 844 }]]) {
    const page = await open(viewport, path);
    await expectTrue(page, ([o, u]) => document.body.innerText.includes(o) && document.body.innerText.includes(u), [OFFICE, UNIT],
      `${path.split('#')[0]} names the office and "${UNIT}"`);
    if (path.startsWith('/kiosk')) {
      await page.click('.lang-switch');
      await expectTrue(page, () => document.querySelector('[data-field="ho_tich"] .name').textContent === 'Civil status (births, marriages, deaths)'
        && !/Bộ phận/.test(document.querySelector('header').innerText), null, 'the kiosk in English shows English field names and section');
      await page.click('.lang-switch');
    }
    await page.context().close();
  }

  // ---- The counter page: names, one language, durations in words.
  const desk = await open({ width: 1280, height: 800 }, '/counter.html#counter=1&staff=nv01');
  await expectTrue(desk, () => document.querySelector('#l-counter').value === '1' && document.querySelector('#l-staff').value === 'nv01', null,
    'a ready-made link fills in the counter and the staff id (never a PIN)');
  check(!(await desk.evaluate(() => location.hash)), 'and leaves the address bar');
  await desk.fill('#l-pin', '1111');
  await desk.click('button[type=submit]');
  await expectTrue(desk, (c) => document.querySelector('#code').textContent === c, merit.code, `counter 1 shows ${merit.code}`);
  const sub = await textOf(desk, '#ticket-sub');
  check(sub.includes('★ Người có công với cách mạng') && !sub.includes('merit'), `the priority group by its name, not its id ("${sub}")`);
  check((await desk.$$eval('#pause-reason option', (o) => o.map((x) => x.textContent))).join('|') === 'Nghỉ giải lao|Họp|Công việc đột xuất|Hỗ trợ đồng nghiệp',
    'the pause reasons are the configured ones, by name');
  await expectTrue(desk, () => /^Đã chờ \d+ giây/.test(document.querySelector('#ticket-time').textContent), null,
    `the wait is in words with its unit ("${await textOf(desk, '#ticket-time')}")`);
  check(!/\d:\d\d/.test(await textOf(desk, '#ticket-time')), 'no "m:ss" durations');
  await desk.keyboard.press('g'); // refused: the counter is calling
  await expectTrue(desk, () => document.querySelector('#message').classList.contains('bad'), null, 'call-next while calling is refused');
  const vi = await textOf(desk, '#message');
  check(vi.startsWith('Không thực hiện được: Quầy đang phục vụ một số khác') && !/[a-z]{3,}_[a-z]/.test(vi) && !/counter|Refused|busy/i.test(vi),
    `the refusal is in Vietnamese only ("${vi}")`);
  check(await desk.$eval('#message', (e) => e.dataset.code) === 'counter_busy', 'its code stays on the element, out of sight');
  await desk.click('.lang-switch');
  await desk.keyboard.press('g');
  await expectTrue(desk, () => document.querySelector('#message').textContent.startsWith('Refused'), null, 'in English the refusal is English');
  const en = await textOf(desk, '#message');
  check(!VIETNAMESE.test(en), `… and only English ("${en}")`);
  await expectTrue(desk, () => document.querySelector('#ticket-sub').textContent.startsWith('Civil status (births, marriages, deaths) · ★ People with merit'), null,
    `English mode shows English field and priority names ("${await textOf(desk, '#ticket-sub')}")`);
  check((await desk.$$eval('#transfer-field option', (o) => o.map((x) => x.textContent))).includes('Land'), 'the transfer list is in English too');
  check((await desk.$$eval('#pause-reason option', (o) => o.map((x) => x.textContent))).join('|') === 'Break|Meeting|Urgent task|Helping a colleague',
    'and the pause reasons');
  await expectTrue(desk, () => /^Waited \d+ s/.test(document.querySelector('#ticket-time').textContent), null, 'durations in English words');
  await desk.click('.lang-switch');
  const fmt = await desk.evaluate(async () => {
    const { duration } = await import('/js/dom.js');
    return [45, 159, 780, 3900].map((s) => duration(s, 'vi')).concat([159, 3900].map((s) => duration(s, 'en')));
  });
  check(fmt.join('|') === '45 giây|2 phút 39 giây|13 phút|1 giờ 5 phút|2 min 39 s|1 h 5 min', `one duration format for every page (${fmt.join(', ')})`);
  await shot(desk, 'counter-readable');

  // ---- One vocabulary: the words on the screens are the exports' column headers.
  const today = health.day;
  const r = await fetch(`${daemon.base}/api/v1/reports/summary?from=${today}&to=${today}&format=csv&table=fields`,
    { headers: { Authorization: `Bearer ${TOKENS.leader}` } });
  // The file opens with the table's title; the header is the first line with columns.
  const header = (await r.text()).replace(/^\uFEFF/, '').split('\r\n').find((l) => l.includes(',')).split(',');
  const words = await desk.evaluate(async () => {
    const { tIn } = await import('/js/i18n.js');
    const k = ['dash.issued', 'dash.served', 'tstate.finished', 'dash.noshow', 'tstate.no_show', 'dash.cancelled', 'tstate.cancelled',
      'dash.expired', 'tstate.expired', 'dash.transferred', 'dash.withintarget', 'dash.meanwait', 'dash.p90wait', 'dash.meanservice'];
    return Object.fromEntries(k.map((x) => [x, tIn('vi', x)]));
  });
  // The export's columns, in order after the field's id and name (daemon/reports/report_tables.cpp).
  const col = (i) => header[2 + i].replace(/ \((phút|%)\)$/, '');
  const pairs = [['dash.issued', 0], ['dash.served', 1], ['tstate.finished', 1], ['dash.noshow', 2], ['tstate.no_show', 2],
    ['dash.cancelled', 3], ['tstate.cancelled', 3], ['dash.expired', 4], ['tstate.expired', 4], ['dash.transferred', 5],
    ['dash.meanwait', 8], ['dash.p90wait', 10], ['dash.withintarget', 11], ['dash.meanservice', 12]];
  const differ = pairs.filter(([key, i]) => words[key] !== col(i)).map(([key, i]) => `${key} "${words[key]}" vs export "${col(i)}"`);
  check(differ.length === 0, `the screens and the exports use the same words${differ.length ? ': ' + differ.join('; ') : ` (${pairs.map(([k]) => words[k]).filter((w, i, a) => a.indexOf(w) === i).join(', ')})`}`);
  check(!header.some((h) => /huỷ/i.test(h)) && !Object.values(words).some((w) => /huỷ/i.test(w)), 'one spelling: "hủy"');

} catch (e) {
  t.crashed(e, daemon);
}
await t.finish(daemon);
