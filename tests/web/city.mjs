// The city page (qmsd-city's /city.html) in headless Chromium, against the
// real qmsd-city, PostgreSQL and offices that tests/integration/city has
// running (it calls this script with their addresses in the environment):
// the token gate, a card per office, a ticket issued at an office reaching the
// page as a pushed waiting count (no polling: the page makes no request for
// it), an office leader who sees only their office, the city report per
// office with its CSV and XLSX, and the office dashboard's upstream line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SOURCE } from './daemon.mjs';
import { WebTest } from './harness.mjs';

const { CITY_URL, CITY_TOKEN, OFFICE_TOKEN, OFFICE_A_URL, OFFICE_A_ID, OFFICE_IDS } = process.env;
const offices = OFFICE_IDS.split(',');

// No daemon of its own, no command line: the addresses come in the environment.
const t = new WebTest({ name: 'city', watchdog: 200, wait: 15000, args: false,
  artifacts: process.env.ARTIFACTS || join(SOURCE, 'build', 'artifacts', 'web') });
const { check, expectTrue, shot } = t;
const browser = await t.launch();
const requests = [];
try {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  const page = t.watch(await ctx.newPage(), 'city');
  page.on('request', (r) => requests.push(r.url()));

  // No token yet: the gate asks for one; a wrong one is refused in Vietnamese.
  await page.goto(`${CITY_URL}/`);
  await expectTrue(page, () => !document.querySelector('#gate').classList.contains('hidden'), null, 'the page asks for a token');
  await page.fill('#g-token', 'wrong-token-0000000000');
  await page.click('#gate button[type=submit]');
  await expectTrue(page, () => document.querySelector('#g-error').textContent.includes('Chưa đăng nhập'), null,
    'a wrong token is refused with the Vietnamese reason');

  // The city leader: every office as a card, live.
  await page.goto(`${CITY_URL}/city.html#token=${CITY_TOKEN}`);
  await expectTrue(page, (ids) => ids.every((id) => document.querySelector(`[data-office="${id}"]`)), offices,
    `a card for each office (${offices.join(', ')})`);
  check(!(await page.evaluate(() => location.hash.includes('token'))), 'the token leaves the address bar');
  await expectTrue(page, () => document.querySelector('#conn').dataset.state === 'live', null, 'the page is live on the stream');
  await expectTrue(page, () => document.querySelector('#name').textContent === 'UBND Quận 1', null, "the centre's name is shown");
  const cardText = await page.textContent(`[data-office="${OFFICE_A_ID}"]`);
  check(cardText.includes('UBND Phường Bến Nghé') && cardText.includes('Liên lạc'), `office a's card names it and its last contact (${cardText.slice(0, 120)}…)`);

  // A ticket at office a: its waiting count on the page goes up, pushed.
  const waitingCell = `[data-office="${OFFICE_A_ID}"] [data-field="xay_dung"] [data-col="waiting"]`;
  const before = Number(await page.textContent(waitingCell));
  const apiRequestsBefore = requests.filter((u) => u.includes('/api/v1/')).length;
  const r = await fetch(`${OFFICE_A_URL}/api/v1/tickets`, {
    method: 'POST', headers: { Authorization: 'Bearer demo-kiosk-token-0001', 'Content-Type': 'application/json' },
    body: JSON.stringify({ field: 'xay_dung', request_id: `city-page-${Date.now()}` }),
  });
  check(r.status === 201, `a ticket is issued at office a (${r.status})`);
  await expectTrue(page, ([sel, n]) => Number(document.querySelector(sel)?.textContent) === n + 1, [waitingCell, before],
    `office a's waiting count for Xây dựng goes ${before} → ${before + 1} on the page`, 30000);
  const apiRequestsAfter = requests.filter((u) => u.includes('/api/v1/')).length;
  check(apiRequestsAfter === apiRequestsBefore, `the page asked for nothing to learn it (${apiRequestsAfter - apiRequestsBefore} API requests)`);
  await shot(page, 'city-offices', { fullPage: true });

  // The city report: one row per office, the same numbers as the API.
  const today = await page.inputValue('#r-from');
  await page.selectOption('#r-office', '');
  await page.click('#range button[type=submit]');
  await expectTrue(page, (n) => document.querySelectorAll('#report tbody tr').length === n, offices.length,
    'the city report has a row per office');
  const api = await (await fetch(`${CITY_URL}/api/v1/reports/summary?from=${today}&to=${today}`,
    { headers: { Authorization: `Bearer ${CITY_TOKEN}` } })).json();
  const shown = await page.$$eval('#report tbody tr', (rows) => rows.map((r) => [r.dataset.key, Number(r.children[1].textContent)]));
  const want = api.offices.map((o) => [o.key, o.issued]);
  check(JSON.stringify(shown) === JSON.stringify(want), `the rows' issued counts are the API's (${JSON.stringify(shown)})`);
  const total = await page.textContent('#report tfoot');
  check(total.includes(String(api.total.issued)), `the total row shows ${api.total.issued} issued`);
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('#r-csv')]);
  const csv = readFileSync(await csvDownload.path());
  check(csvDownload.suggestedFilename().startsWith('bao-cao-thanh-pho_') && csv[0] === 0xef && csv.toString('utf8').includes('Theo đơn vị'),
    `the CSV export is the city report (${csvDownload.suggestedFilename()})`);
  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.click('#r-xlsx')]);
  const xlsx = readFileSync(await xlsxDownload.path());
  check(xlsx.subarray(0, 2).toString() === 'PK', `the XLSX export is a workbook (${xlsx.length} bytes)`);
  await shot(page, 'city-report', { fullPage: true });

  // English on request.
  await page.click('.lang-switch');
  await expectTrue(page, () => document.querySelector('[data-ct="reports"]').textContent === 'Reports', null, 'the page switches to English');
  await page.click('.lang-switch');

  // An office leader: only their office, and its own report.
  const ctx2 = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const own = t.watch(await ctx2.newPage(), 'city (office leader)');
  await own.goto(`${CITY_URL}/city.html#token=${OFFICE_TOKEN}`);
  await expectTrue(own, (id) => document.querySelectorAll('[data-office]').length === 1 && document.querySelector(`[data-office="${id}"]`),
    OFFICE_A_ID, "an office leader sees only their office's card");
  const options = await own.$$eval('#r-office option', (o) => o.map((x) => x.value));
  check(JSON.stringify(options) === JSON.stringify([OFFICE_A_ID]), `and can only pick it for reports (${options})`);
  await own.click('#range button[type=submit]');
  await expectTrue(own, () => document.querySelectorAll('#report-fields tbody tr').length > 0, null, "their office's report by field");

  // The office's own dashboard carries the upstream line (hidden while caught up).
  const dash = t.watch(await ctx.newPage(), 'dashboard');
  await dash.goto(`${OFFICE_A_URL}/dashboard.html#token=demo-leader-token-0001`);
  await expectTrue(dash, () => document.querySelector('#upstream'), null, "the office dashboard has the centre's line");
  await expectTrue(dash, () => document.querySelector('#upstream').classList.contains('hidden'), null, 'and it is quiet while the centre has everything');
} catch (e) {
  t.crashed(e);
}
await t.finish();
