// Appointments (daemon/booking/README.md) in headless Chromium against the
// real daemon. On a phone (390×844) a citizen books a Hộ tịch slot for
// tomorrow through /booking.html — field, day, time, name, phone — the slot
// whose one place was taken first is shown full and cannot be chosen, and the
// page shows the code the daemon has (with the day in Vietnamese, the time,
// the check-in window and a QR that decodes to the booking's url); the
// refusals a citizen meets are worded for them (already booked, a slot taken
// meanwhile, too many bookings); booking.html?code=X looks the booking up,
// moves it and cancels it. At the kiosk "Tôi có lịch hẹn" checks in by typed
// code, by a scanner typing the booking's url, and by phone number, and the
// ticket says "Lịch hẹn HH:MM"; a booking hours ahead is told when to come
// back; an unknown code is said so. The leader's card follows, and the counter
// that calls an appointment's ticket shows its badge. The counter's panel of
// today's appointments lists its fields' bookings with time, name, masked phone
// and "Chờ đến", then "Đã đến — số A0xx" after the kiosk check-in, without a
// reload, keeping the keyboard focus, and without refetching on ticket events;
// it is hidden at a counter with no bookable field and when booking is off.
// The test office books at short notice: [booking] min_notice_minutes = 0 and
// checkin_early_minutes = 60, so a slot starting within the quarter hour can
// be booked and checked in at once; every browser here shares 127.0.0.1, so
// per_address_per_hour is lifted too.
// Usage: node booking.mjs <qmsd binary> <artifacts dir>
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOKENS } from './daemon.mjs';
import { WebTest } from './harness.mjs';

const t = new WebTest({ name: 'web_booking', watchdog: 140 });
const { check, checkList, expectText, expectTrue, shot, artifacts } = t;
const CODE = /^[ACDEFHJKMNPRTUVWXY34679]{6}$/;
const WEEKDAYS = ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'];
const PHONE = { isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const dayText = (day, weekday) => `${WEEKDAYS[weekday]}, ${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
const minutes = (hm) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));

const daemon = await t.daemon();
// The office's own [booking] table, tuned for a test that cannot wait.
const TUNE = { min_notice_minutes: 0, checkin_early_minutes: 60, per_address_per_hour: 1000 };
let office = readFileSync(daemon.config, 'utf8');
for (const [key, value] of Object.entries(TUNE)) {
  const re = new RegExp(`\\n${key}( *)= *\\d+`);
  if (!re.test(office)) throw new Error(`the office config has no [booking] ${key} to tune`);
  office = office.replace(re, `\n${key}$1= ${value}`);
}
writeFileSync(daemon.config, office);

// The QR as the page shows it, decoded by zbarimg (as run.mjs reads the ticket's).
async function decodeQr(page, selector, name) {
  await page.waitForFunction((s) => { const i = document.querySelector(s); return i && i.complete && i.naturalWidth > 0; }, selector, { timeout: t.wait });
  const png = join(artifacts, `${name}.png`);
  await (await page.$(selector)).screenshot({ path: png });
  try { return execFileSync('zbarimg', ['-q', '--raw', png], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim(); } catch { return ''; }
}

// In the page: what a phone user meets — labels, target sizes, text sizes,
// contrast of the text on its background, nothing wider than the screen.
function phoneAudit() {
  const bad = [];
  const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const bgOf = (el) => {
    for (let a = el; a; a = a.parentElement) { const c = rgb(getComputedStyle(a).backgroundColor); if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3); }
    return [255, 255, 255];
  };
  const seen = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && !el.closest('.hidden, .sr-only'); };
  for (const input of document.querySelectorAll('input, select, textarea')) {
    if (!seen(input)) continue;
    const label = input.labels && input.labels[0] ? input.labels[0].textContent.trim() : input.getAttribute('aria-label');
    if (!label) bad.push(`#${input.id} has no label`);
  }
  for (const b of document.querySelectorAll('button, a[href], input')) {
    if (!seen(b) || b.localName === 'a') continue;
    const r = b.getBoundingClientRect();
    if (r.width < 44 || r.height < 44) bad.push(`${b.localName}#${b.id} "${b.textContent.trim().slice(0, 20)}" is ${Math.round(r.width)}×${Math.round(r.height)}`);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el || !seen(el) || el.closest(':disabled')) continue;
    const cs = getComputedStyle(el);
    const size = parseFloat(cs.fontSize);
    if (size < 12) bad.push(`"${n.textContent.trim().slice(0, 20)}" is ${size}px`);
    const [a, b] = [lum(rgb(cs.color)), lum(bgOf(el))].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const large = size >= 24 || (Number(cs.fontWeight) >= 700 && size >= 18.66);
    if (ratio < (large ? 3 : 4.5)) bad.push(`"${n.textContent.trim().slice(0, 20)}" contrast ${ratio.toFixed(2)}:1`);
  }
  if (document.documentElement.scrollWidth > innerWidth) bad.push(`the page is ${document.documentElement.scrollWidth}px wide on a ${innerWidth}px screen`);
  return bad;
}

// Tab from the top of the page: each stop a control with a visible ring.
async function tabStops(page, count) {
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  const stops = [];
  for (let i = 0; i < count; i++) {
    await page.keyboard.press('Tab');
    stops.push(await page.evaluate(() => {
      const e = document.activeElement;
      const cs = getComputedStyle(e);
      return { name: `${e.localName}${e.id ? '#' + e.id : ''}${e.dataset.field ? `[data-field=${e.dataset.field}]` : ''}`,
        control: e.matches('a[href], button, input, select, textarea'),
        ring: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 };
    }));
  }
  return stops;
}

// Every Content-Security-Policy refusal on the pages (no inline style or script).
const cspInit = () => document.addEventListener('securitypolicyviolation', (e) => (window.__csp ||= []).push(`${e.violatedDirective} ${e.blockedURI}`));
const csp = [];
const cspOf = async (page, label) => { for (const v of await page.evaluate(() => window.__csp || [])) csp.push(`${label}: ${v}`); };

try {
  await daemon.start();
  await t.launch();
  const api = (method, path, token, body) => daemon.api(method, path, token, body);
  const book = async (field, day, time, phone, name = 'Trần Văn Bình') => {
    const r = await api('POST', '/bookings', null, { field, day, time, name, phone });
    if (r.status !== 201) throw new Error(`POST /bookings ${field} ${day} ${time}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.booking;
  };
  const lookup = async (code, phone) => (await api('GET', `/bookings/${code}?phone=${phone}`)).body;

  const info = (await api('GET', '/booking')).body;
  check(info.enabled === true, 'the demo office takes appointments (GET /booking)');
  const hoTich = info.fields.find((f) => f.id === 'ho_tich');
  check(hoTich && hoTich.places_per_slot === 1, `Hộ tịch has one place a slot (${hoTich && hoTich.places_per_slot})`);
  const [today, tomorrow] = info.days;
  check(tomorrow && tomorrow.open, `tomorrow (${tomorrow && tomorrow.day}) is open all day in the test office`);

  // The leader's card, open from the start: it must follow by itself.
  const dash = await t.open({ width: 1440, height: 1100 }, `/dashboard.html#token=${TOKENS.leader}`, { init: cspInit });
  await expectText(dash, '#bookings h2', 'Lịch hẹn hôm nay', "the dashboard has a card of today's appointments");

  // ---- The citizen's phone: the slot at 08:00 tomorrow is taken first.
  const taken = await book('ho_tich', tomorrow.day, '08:00', '0987654321');
  check(CODE.test(taken.code), `a booking made through the API has a 6-character code (${taken.code})`);
  const phone = await t.open({ width: 390, height: 844 }, '/booking.html', { ...PHONE, init: cspInit });
  await expectText(phone, 'h1', 'Đặt lịch hẹn', 'the booking page opens with its Vietnamese heading');
  const served = await fetch(`${daemon.base}/booking.html`);
  const html = await served.text();
  check(/charset=utf-8/i.test(served.headers.get('content-type') || '') || html.includes('<meta charset="utf-8">'), 'the page is served as UTF-8');
  check(await phone.evaluate(() => document.documentElement.lang === 'vi' && document.title === 'Đặt lịch hẹn'
    && document.querySelector('h1').textContent === 'Đặt lịch hẹn'), 'Vietnamese diacritics arrive whole (lang vi, title and heading "Đặt lịch hẹn")');
  await expectText(phone, '#unit', 'Bộ phận tiếp nhận và trả kết quả', "the page names the office's one-stop section");
  await expectText(phone, '#fields [data-field="ho_tich"]', 'Hộ tịch', 'the bookable fields are listed');
  check(await phone.$('#fields [data-field="kinh_doanh"]') === null, 'a field without booking capacity is not offered');
  await shot(phone, 'booking-fields', { fullPage: true });
  const stops = await tabStops(phone, 5);
  checkList(stops.filter((x) => !x.control || !x.ring).map((x) => `${x.name}: ${x.control ? 'no focus ring' : 'not a control'}`),
    `Tab walks the page's controls with a visible focus ring (${stops.map((x) => x.name).join(', ')})`);
  await phone.tap('#fields [data-field="ho_tich"]');
  await phone.waitForSelector(`#days [data-day="${tomorrow.day}"]`);
  await expectText(phone, `#days [data-day="${tomorrow.day}"]`, `${tomorrow.day.slice(8, 10)}/${tomorrow.day.slice(5, 7)}`, 'the days are offered with their dates');
  await phone.tap(`#days [data-day="${tomorrow.day}"]`);
  await phone.waitForSelector('#slots [data-time="08:15"]');
  check(await phone.isDisabled('#slots [data-time="08:00"]'), 'the full 08:00 slot is shown disabled');
  await expectText(phone, '#slots [data-time="08:00"]', 'Hết chỗ', 'and says it is full');
  await expectText(phone, '#slots [data-time="08:15"]', 'Còn 1 chỗ', 'a free slot shows its free places');
  check(!(await phone.isDisabled('#slots [data-time="08:15"]')), 'and can be chosen');
  await phone.tap('#slots [data-time="08:15"]');
  await phone.fill('#b-name', 'Nguyễn Thị Hoa');
  await phone.fill('#b-phone', '0912 345 678');
  await expectText(phone, '#summary', `Hộ tịch · ${dayText(tomorrow.day, tomorrow.weekday)} · 08:15–08:30`, 'the form sums up the choice');
  await shot(phone, 'booking-form', { fullPage: true });
  await phone.tap('#b-confirm');
  await expectText(phone, '#r-title', 'Đã đặt lịch hẹn', 'confirming books the appointment');
  const code = (await phone.textContent('#r-code')).trim();
  const mine = (await lookup(code, '0912345678')).booking;
  check(CODE.test(code) && mine && mine.code === code, `the code shown (${code}) is the booking the daemon has for 0912345678`);
  check(mine && mine.name === 'Nguyễn Thị Hoa' && mine.field === 'ho_tich' && mine.day === tomorrow.day && mine.time === '08:15' && mine.state === 'booked',
    `with the name, field, day and time chosen (${JSON.stringify(mine)})`);
  await expectText(phone, '#r-facts [data-f="day"]', dayText(tomorrow.day, tomorrow.weekday), 'the day reads as a Vietnamese weekday and dd/mm/yyyy');
  await expectText(phone, '#r-facts [data-f="time"]', '08:15–08:30', 'the time');
  await expectText(phone, '#r-facts [data-f="checkin"]', `từ ${mine.checkin_from} đến ${mine.checkin_until}`, 'the check-in window');
  await expectText(phone, '#r-facts [data-f="phone"]', mine.phone, 'the phone, masked as the daemon masks it');
  const how = await phone.textContent('#r-how');
  check(how.includes(code) && how.includes('Tôi có lịch hẹn') && how.includes(`từ ${mine.checkin_from} đến ${mine.checkin_until}`),
    `the page tells the citizen to show the code or QR at the kiosk in the window ("${how.slice(0, 140)}…")`);
  const decoded = await decodeQr(phone, '#r-qr', 'booking-qr');
  check(decoded === mine.url && mine.url.endsWith(`/booking.html?code=${code}`), `the QR decodes to the booking's url (${decoded || 'nothing'})`);
  check(await phone.evaluate(() => location.search) === `?code=${code}`, 'the address now opens this booking again');
  checkList(await phone.evaluate(phoneAudit), 'the booking shown on a phone: labels, 44 px targets, text ≥ 12 px, contrast, no sideways scrolling');
  await shot(phone, 'booking-made', { fullPage: true });

  // ---- Refusals, worded for the citizen.
  await phone.tap('#r-again');
  await phone.tap('#fields [data-field="ho_tich"]');
  await phone.tap(`#days [data-day="${tomorrow.day}"]`);
  await phone.waitForSelector('#slots [data-time="08:30"]');
  await phone.tap('#slots [data-time="08:30"]');
  await phone.fill('#b-name', 'Nguyễn Thị Hoa');
  await phone.fill('#b-phone', '091234');
  await phone.tap('#b-confirm');
  await expectText(phone, '#book-error small', 'Số điện thoại chưa đúng', "a phone number the daemon refuses: the page says it is the phone that is wrong");
  await phone.fill('#b-phone', '0912345678');
  await phone.tap('#b-confirm');
  await expectText(phone, '#book-error', 'Số điện thoại này đã có', 'the same phone for the same field and day: already booked, in Vietnamese');
  await expectText(phone, '#book-error small', 'tra cứu lịch hẹn đó để đổi hoặc hủy', 'with what to do about it');
  check(await phone.getAttribute('#book-error', 'data-code') === 'already_booked', 'the refusal is already_booked');
  // Someone else takes 08:30 while the page still offers it.
  await book('ho_tich', tomorrow.day, '08:30', '0977000001');
  await phone.fill('#b-phone', '0912000002');
  await phone.tap('#b-confirm');
  await expectText(phone, '#page-error', 'vừa hết chỗ', 'a slot taken meanwhile: "Khung giờ này vừa hết chỗ"');
  await expectTrue(phone, () => document.querySelector('#slots [data-time="08:30"]')?.disabled === true, null, 'and the slots are shown again, 08:30 now full');
  // Too many bookings from one address (the daemon's limit is lifted here: its reply is played).
  await phone.route('**/api/v1/bookings', (route) => route.fulfill({ status: 429, contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'rate_limited', message: 'too many bookings', vi: 'Quá nhiều yêu cầu, xin thử lại sau', en: 'Too many requests' }, retry_after_seconds: 1200 }) }), { times: 1 });
  await phone.tap('#slots [data-time="08:45"]');
  await phone.tap('#b-confirm');
  await expectText(phone, '#book-error', 'Quá nhiều yêu cầu', "rate_limited shows the daemon's Vietnamese text");
  await expectText(phone, '#book-error small', 'thử lại sau 20 phút', 'and when to try again');
  await shot(phone, 'booking-refused', { fullPage: true });
  await cspOf(phone, 'booking');

  // ---- Lookup mode: booking.html?code=X, then move and cancel.
  const look = await t.open({ width: 390, height: 844 }, `/booking.html?code=${code}`, { ...PHONE, init: cspInit });
  await expectTrue(look, (c) => document.querySelector('#l-code').value === c && !document.querySelector('#lookup').classList.contains('hidden')
    && document.querySelector('#mode-lookup').getAttribute('aria-pressed') === 'true', code, '?code= opens the lookup with the code filled in');
  await look.fill('#l-phone', '0900000000');
  await look.tap('#l-go');
  await expectText(look, '#lookup-error', 'Không tìm thấy lịch hẹn với mã và số điện thoại này', 'a wrong phone finds nothing, and says so');
  await look.fill('#l-phone', '0912345678');
  await look.tap('#l-go');
  await expectText(look, '#r-title', 'Lịch hẹn của bạn', 'the right phone shows the booking');
  await expectText(look, '#r-facts [data-f="state"]', 'Đã đặt, chờ đến', 'booked, waiting for the citizen');
  await look.tap('#r-move-open');
  await look.waitForSelector('#move-slots [data-time="09:00"]');
  check(await look.isDisabled('#move-slots [data-time="08:15"]'), "the booking's own slot is not offered as a move");
  await look.tap('#move-slots [data-time="09:00"]');
  await look.tap('#r-move-confirm');
  await expectText(look, '#r-status', 'Đã đổi lịch hẹn sang 09:00–09:15', 'the booking moves to 09:00');
  const moved = (await lookup(code, '0912345678')).booking;
  check(moved && moved.code === code && moved.time === '09:00' && moved.state === 'booked', `the daemon has it at 09:00 under the same code (${moved && moved.time})`);
  await look.tap('#r-cancel');
  await expectText(look, '#r-actions', 'Bạn chắc chắn muốn hủy lịch hẹn này?', 'cancelling asks first');
  await look.tap('#r-cancel-yes');
  await expectText(look, '#r-status', `Đã hủy lịch hẹn ${code}`, 'the page says it is cancelled');
  await expectText(look, '#r-facts [data-f="state"]', 'Đã hủy', 'and shows the state');
  const cancelled = (await lookup(code, '0912345678')).booking;
  check(cancelled && cancelled.state === 'cancelled', `the daemon has the booking cancelled (${cancelled && cancelled.state})`);
  check(await look.$$eval('#r-actions button', (b) => b.length) === 0 && await look.isHidden('#r-qr-box'), 'a cancelled booking offers no move, cancel or QR');
  await look.click('.lang-switch');
  await expectText(look, '#r-facts [data-f="state"]', 'Cancelled', 'the page switches to English');
  await expectText(look, 'h1', 'Book an appointment', 'heading included');
  await shot(look, 'booking-cancelled', { fullPage: true });
  await cspOf(look, 'lookup');

  // ---- The kiosk: check-in today.
  const now = (await api('GET', '/info')).body.now; // the office's time
  const nowMin = minutes(now.slice(11, 16));
  const openSlots = async (field) => (await api('GET', `/booking/slots?field=${field}&day=${today.day}`)).body.slots.filter((s) => s.open && s.free > 0);
  const soon = async (field) => (await openSlots(field))[0];
  const kiosk = await t.open({ width: 1080, height: 1920 }, `/kiosk.html#token=${TOKENS.kiosk}`, { hasTouch: true, init: cspInit });
  // The ticket on screen, once it is another than the last one shown (the
  // ticket's elements keep their text while it is hidden).
  let lastTicket = '';
  const ticketShown = async (what) => {
    await expectTrue(kiosk, (prev) => !document.querySelector('#ticket').classList.contains('hidden')
      && document.querySelector('#t-code').textContent !== prev, lastTicket, what);
    lastTicket = (await kiosk.textContent('#t-code')).trim();
    return lastTicket;
  };
  await expectTrue(kiosk, () => { const b = document.querySelector('#booking'); return !b.classList.contains('hidden') && b.textContent === 'Tôi có lịch hẹn'; },
    null, 'the kiosk offers "Tôi có lịch hẹn" while booking is enabled');
  const [s1, s2, s3] = [await soon('chung_thuc'), await soon('dat_dai'), await soon('ho_tich')];
  if (!s1 || !s2 || !s3) {
    console.log(`     (office time ${now}: no slot is left today, the kiosk's check-in cannot be tried before midnight)`);
  } else {
    // ---- Counter 1's desk, open before the bookings: its panel follows the stream.
    const desk = await t.open({ width: 1280, height: 800 }, '/counter.html#counter=1&staff=nv01', { init: cspInit });
    await desk.fill('#l-pin', '1111');
    await desk.click('button[type=submit]');
    await expectText(desk, '#title', 'Quầy 1', 'staff log in at counter 1 (Hộ tịch, Chứng thực)');
    await expectText(desk, '#bookings-panel summary h2', 'Lịch hẹn hôm nay', 'the desk has a panel "Lịch hẹn hôm nay"');
    await desk.evaluate(() => { window.__sameDesk = true; }); // gone if the page reloads
    const deskFetches = [];
    desk.on('request', (r) => { if (/\/api\/v1\/bookings\?/.test(r.url())) deskFetches.push(r.url()); });
    const row = (c) => `#bookings-panel li[data-code="${c}"]`;

    const byKeys = await book('chung_thuc', today.day, s1.time, '0901111111', 'Lê Văn Cường');
    await expectText(desk, row(byKeys.code), 'Lê Văn Cường', 'a booking made now appears on the desk by itself (booking_made)');
    await expectText(desk, `${row(byKeys.code)} .bk-state`, 'Chờ đến', 'waiting for its citizen: "Chờ đến"');
    await kiosk.tap('#booking');
    await kiosk.waitForSelector('#checkin:not(.hidden)');
    await kiosk.waitForTimeout(600); // the panel ignores the second tap of the one that opened it
    for (const c of byKeys.code) await kiosk.tap(`#checkin-pad [data-key="${c}"]`);
    await expectText(kiosk, '#checkin-typed', byKeys.code, 'the on-screen keys type the code');
    checkList(await kiosk.evaluate(() => [...document.querySelectorAll('#checkin button')].map((b) => { const r = b.getBoundingClientRect(); return [b.textContent, r.width, r.height]; })
      .filter(([, w, h]) => w < 44 || h < 44).map(([x, w, h]) => `"${x}" ${Math.round(w)}×${Math.round(h)}`)), 'the check-in panel keys are at least 44×44 px');
    await shot(kiosk, 'kiosk-checkin-code');
    await kiosk.tap('#checkin-go');
    const tk1 = await ticketShown('checking in by the typed code shows a ticket');
    await expectText(kiosk, '#t-booking', `Lịch hẹn ${s1.time}`, `the ticket shows "Lịch hẹn ${s1.time}"`);
    const after1 = (await lookup(byKeys.code, '0901111111')).booking;
    check(after1.state === 'checked_in' && after1.ticket === tk1, `the booking is checked in with the ticket shown (${after1.state}, ${after1.ticket} = ${tk1})`);
    check(/^B\d{3}$/.test(tk1) && await kiosk.isHidden('#t-late'), 'a Chứng thực ticket, on time (no "late" line)');
    await expectText(kiosk, '#t-field', 'Chứng thực', 'shown as a normal ticket is, with its field');
    await expectText(desk, `${row(byKeys.code)} .bk-state`, `Đã đến — số ${tk1}`, `the desk shows it arrived, with its ticket ${tk1}`);
    await shot(kiosk, 'kiosk-checkin-ticket');

    // The next citizen's scanner, while that ticket is still on screen: the
    // booking's url and Enter.
    const scanned = await book('dat_dai', today.day, s2.time, '0902222222', 'Phạm Thị Dung');
    await kiosk.keyboard.type(scanned.url, { delay: 5 });
    await kiosk.keyboard.press('Enter');
    const tk2 = await ticketShown("a scanned QR (the booking's url, then Enter) checks in without a tap, over the last ticket");
    await expectText(kiosk, '#t-booking', `Lịch hẹn ${s2.time}`, `with "Lịch hẹn ${s2.time}"`);
    check((await lookup(scanned.code, '0902222222')).booking.ticket === tk2, `the scanned booking has the ticket shown (${tk2})`);
    await kiosk.tap('#t-done');
    check(await desk.$(row(scanned.code)) === null, "a Đất đai booking is not on counter 1's panel (not its field)");

    // By the phone number it was booked with.
    const byPhone = await book('ho_tich', today.day, s3.time, '0903333333', 'Hoàng Văn Em');
    await expectText(desk, row(byPhone.code), 'Hoàng Văn Em', "counter 1 (serving Hộ tịch) lists today's Hộ tịch booking by name");
    const listedRow = (await desk.textContent(row(byPhone.code))) || '';
    check(listedRow.includes(s3.time) && listedRow.includes(byPhone.code) && listedRow.includes('090****333') && !listedRow.includes('0903333333'),
      `with its time ${s3.time}, its code and the phone masked ("${listedRow}")`);
    await expectText(desk, `${row(byPhone.code)} .bk-state`, 'Chờ đến', '… and "Chờ đến"');
    // The staff's keyboard place (the panel's own toggle) must survive the refresh.
    await desk.focus('#bookings-panel summary');
    await kiosk.tap('#booking');
    await kiosk.waitForSelector('#checkin:not(.hidden)');
    await kiosk.waitForTimeout(600);
    await kiosk.tap('#checkin-switch');
    for (const d of '0903333333') await kiosk.tap(`#checkin-pad button:text-is("${d}")`);
    await expectText(kiosk, '#checkin-typed', '0903333333', 'the digit pad types the phone number');
    await kiosk.tap('#checkin-go');
    const tk3 = await ticketShown('checking in by phone number gives the ticket');
    await expectText(kiosk, '#t-booking', `Lịch hẹn ${s3.time}`, `with "Lịch hẹn ${s3.time}"`);
    check((await lookup(byPhone.code, '0903333333')).booking.ticket === tk3, `the booking found by phone has the ticket shown (${tk3})`);
    await kiosk.tap('#t-done');
    await expectText(desk, `${row(byPhone.code)} .bk-state`, `Đã đến — số ${tk3}`, `after the kiosk check-in the desk shows "Đã đến — số ${tk3}"`);
    check(await desk.evaluate(() => window.__sameDesk === true), 'without a reload of the counter page');
    check(await desk.evaluate(() => document.activeElement === document.querySelector('#bookings-panel summary')), 'the keyboard focus stays on the panel through its refresh');
    const counts = (await api('GET', `/bookings?day=${today.day}`, TOKENS.leader)).body.fields.find((f) => f.id === 'ho_tich');
    const madeHt = counts.booked + counts.checked_in + counts.late + counts.missed;
    await expectText(desk, '#bookings-panel [data-field="ho_tich"] .bk-count', `Hộ tịch: ${madeHt} đã hẹn, ${counts.checked_in + counts.late} đã đến`,
      `the count line per field ("Hộ tịch: ${madeHt} đã hẹn, ${counts.checked_in + counts.late} đã đến")`);
    // A ticket event is no reason to fetch the appointments again (issue 15).
    const fetched = deskFetches.length;
    const deskRefresh = desk.waitForRequest((r) => /\/api\/v1\/counters\/1\?/.test(r.url()), { timeout: t.wait });
    await api('POST', '/tickets', TOKENS.kiosk, { field: 'ho_tich', request_id: 'desk-walk-in-1' });
    await deskRefresh.catch(() => {});
    await desk.waitForTimeout(1200);
    check(deskFetches.length === fetched, `a walk-in's ticket refreshes the desk's queue, not its appointments (${deskFetches.length - fetched} refetch)`);
    await desk.click('.lang-switch');
    await expectText(desk, `${row(byPhone.code)} .bk-state`, `Arrived — ticket ${tk3}`, 'in English: "Arrived — ticket …"');
    await expectText(desk, '#bookings-panel summary h2', "Today's appointments", "under \"Today's appointments\"");
    await desk.click('.lang-switch');
    await expectText(desk, '#bookings-panel summary h2', 'Lịch hẹn hôm nay', 'and back to Vietnamese');
    await shot(desk, 'counter-bookings-panel', { fullPage: true });

    // Too early: a slot more than the check-in hour ahead.
    const later = (await openSlots('chung_thuc')).find((s) => minutes(s.time) >= nowMin + 75);
    if (later) {
      const early = await book('chung_thuc', today.day, later.time, '0904444444', 'Đỗ Thị Giang');
      await kiosk.tap('#booking');
      await kiosk.waitForSelector('#checkin:not(.hidden)');
      await kiosk.waitForTimeout(600); // before the keys below are tapped
      await kiosk.keyboard.type(early.code.toLowerCase()); // a keyboard, in lower case
      await kiosk.keyboard.press('Enter');
      await expectText(kiosk, '#checkin-error', `Bạn đến sớm. Vui lòng quay lại làm thủ tục từ ${early.checkin_from}`, `a booking at ${later.time} is told when to come back`);
      check((await lookup(early.code, '0904444444')).booking.state === 'booked', 'and stays booked');
      await shot(kiosk, 'kiosk-checkin-early');
    } else {
      console.log(`     (office time ${now}: no slot today is more than an hour ahead; "too early" is not tried)`);
      await kiosk.tap('#booking');
      await kiosk.waitForSelector('#checkin:not(.hidden)');
      await kiosk.waitForTimeout(600);
    }
    // An unknown code.
    await kiosk.tap('#checkin-pad [data-key="clear"]');
    for (const c of 'AAAAAA') await kiosk.tap(`#checkin-pad [data-key="${c}"]`);
    await kiosk.tap('#checkin-go');
    await expectText(kiosk, '#checkin-error', 'Không tìm thấy lịch hẹn hôm nay', 'an unknown code: "Không tìm thấy lịch hẹn hôm nay…"');
    // A late check-in (the daemon's reply played: lateness cannot be waited for here).
    await kiosk.route('**/api/v1/checkin', (route) => route.fulfill({ status: 201, contentType: 'application/json', body: JSON.stringify({
      ticket: { code: 'A099', field: 'ho_tich', field_name: 'Hộ tịch', people_ahead: 3, wait: null, status_url: null, booking: { code: 'KKKKKK', time: '07:30' } },
      booking: { code: 'KKKKKK', time: '07:30', state: 'late' }, late: true, printed: false }) }), { times: 1 });
    await kiosk.tap('#checkin-pad [data-key="clear"]');
    for (const c of 'KKKKKK') await kiosk.tap(`#checkin-pad [data-key="${c}"]`);
    await kiosk.tap('#checkin-go');
    await ticketShown('the late check-in shows its ticket');
    await expectText(kiosk, '#t-late', 'Đã quá giờ hẹn: số của bạn được xếp như người đến trực tiếp', 'a late check-in says the number is queued like a walk-in');
    await expectText(kiosk, '#t-booking', 'Lịch hẹn 07:30', '… under the appointment time');
    await kiosk.tap('#t-done');
    await cspOf(kiosk, 'kiosk');

    // ---- The leader's card followed by itself.
    const listed = (await api('GET', `/bookings?day=${today.day}`, TOKENS.leader)).body;
    const ct = listed.fields.find((f) => f.id === 'chung_thuc');
    await expectText(dash, `#booking-list [data-code="${byKeys.code}"] [data-col="state"]`, 'Đã làm thủ tục', "the dashboard lists today's checked-in booking");
    await expectText(dash, `#booking-list [data-code="${byKeys.code}"] [data-col="ticket"]`, tk1, 'with its ticket');
    await expectText(dash, `#booking-list [data-code="${byKeys.code}"]`, '090****111', 'and the phone masked');
    await expectText(dash, '#booking-fields [data-field="chung_thuc"] [data-col="checked_in"]', String(ct.checked_in), `Chứng thực's checked-in count is the daemon's (${ct.checked_in})`);
    await expectText(dash, '#booking-fields [data-field="chung_thuc"] [data-col="places"]', String(ct.places), `and its places (${ct.places})`);
    // Under the counts, the day's comparison from GET /reports/appointments.
    const cmp = (await api('GET', `/reports/appointments?from=${today.day}&to=${today.day}`, TOKENS.leader)).body;
    const share = cmp.total.booked_share === null ? '–' : String(Math.round(cmp.total.booked_share * 100));
    await expectText(dash, '#booking-compare [data-field="total"] [data-col="booked_share"]', share, `the dashboard's share of tickets from appointments is the report's (${share} %)`);
    // A walk-in lowers the share: the card follows tickets too, not only bookings.
    await api('POST', '/tickets', TOKENS.kiosk, { field: 'chung_thuc', request_id: 'compare-walk-in-1' });
    const after = (await api('GET', `/reports/appointments?from=${today.day}&to=${today.day}`, TOKENS.leader)).body;
    const shareAfter = after.total.booked_share === null ? '–' : String(Math.round(after.total.booked_share * 100));
    check(after.total.tickets === cmp.total.tickets + 1, `the report counts the walk-in (${cmp.total.tickets} → ${after.total.tickets} tickets)`);
    await expectText(dash, '#booking-compare [data-field="total"] [data-col="booked_share"]', shareAfter, `and after a walk-in the dashboard's share follows it (${share} → ${shareAfter} %)`);
    check(!(await dash.textContent('#bookings')).includes('0901111111'), 'no whole phone number on the dashboard');
    await shot(dash, 'dashboard-bookings', { fullPage: true });

    // ---- The counter that calls an appointment's ticket shows its badge.
    await desk.keyboard.press('g');
    await expectTrue(desk, () => /^[A-Z]\d{3}$/.test(document.querySelector('#code').textContent), null, 'counter 1 calls the next ticket');
    const called = (await api('GET', '/counters/1', TOKENS.admin)).body.counter.ticket;
    check(called && called.booking && called.booking.time, `the ticket called came from an appointment (${JSON.stringify(called && called.booking)})`);
    if (called && called.booking) await expectText(desk, '#ticket-booking', `Lịch hẹn ${called.booking.time}`, `the desk shows "Lịch hẹn ${called.booking.time}" on ${called.code}`);
    await shot(desk, 'counter-booking-badge');
    await cspOf(desk, 'counter');
  }
  // A booking made now reaches the leader's card over the stream.
  const fresh = (await openSlots('chung_thuc')).at(-1);
  if (fresh) {
    const b = await book('chung_thuc', today.day, fresh.time, '0905555555', 'Vũ Văn Hải');
    await expectText(dash, `#booking-list [data-code="${b.code}"] [data-col="state"]`, 'Đã đặt, chờ đến', 'a new booking appears on the dashboard without a reload');
  }
  await cspOf(dash, 'dashboard');

  // ---- No panel where there is nothing to show.
  const deskAt = (n) => t.open({ width: 1280, height: 800 }, `/counter.html#counter=${n}&staff=nv0${n}`, { init: cspInit });
  // Counter 5 serves Kinh doanh and LĐTBXH, neither bookable.
  const desk5 = await deskAt(5);
  const info5 = desk5.waitForResponse((r) => r.url().endsWith('/api/v1/booking'), { timeout: t.wait });
  await desk5.fill('#l-pin', '5555');
  await desk5.click('button[type=submit]');
  await expectText(desk5, '#title', 'Quầy 5', 'staff log in at counter 5 (no bookable field)');
  await info5.catch(() => {});
  await desk5.waitForTimeout(800);
  check(await desk5.isHidden('#bookings-panel'), 'counter 5 shows no appointments panel');
  await desk5.click('#logout');
  await cspOf(desk5, 'counter 5');
  // Booking switched off (GET /booking played): counter 2, serving Hộ tịch, shows none either.
  const desk2 = await deskAt(2);
  await desk2.route('**/api/v1/booking', (route) => route.fulfill({ status: 200, contentType: 'application/json',
    body: JSON.stringify({ enabled: false, fields: [], days: [] }) }));
  const info2 = desk2.waitForResponse((r) => r.url().endsWith('/api/v1/booking'), { timeout: t.wait });
  await desk2.fill('#l-pin', '2222');
  await desk2.click('button[type=submit]');
  await expectText(desk2, '#title', 'Quầy 2', 'staff log in at counter 2');
  await info2.catch(() => {});
  await desk2.waitForTimeout(800);
  check(await desk2.isHidden('#bookings-panel'), 'with booking disabled (GET /booking enabled:false) the desk shows no appointments panel');
  await desk2.click('#logout');
  await cspOf(desk2, 'counter 2');
  checkList(csp, "the pages break none of their Content-Security-Policy");
} catch (e) {
  t.crashed(e, daemon);
}
await t.finish(daemon);
