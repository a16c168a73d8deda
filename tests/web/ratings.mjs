// Citizens' ratings in headless Chromium against the real daemon: the phone's
// status page turns into the rating form once the ticket is finished and sends
// one rating (a comment with Vietnamese text); the counter's rating screen
// shows the citizen just served, rates it with big buttons, thanks them and
// makes way for the next; a second rating of the same ticket is refused
// politely on the page; the dashboard raises a live alert for a
// "Không hài lòng" with the ticket, field, counter, officer and comment, and
// its satisfaction panel moves; the leader records the follow-up there.
// Usage: node ratings.mjs <qmsd binary> <artifacts dir>
import { TOKENS } from './daemon.mjs';
import { WebTest } from './harness.mjs';

const SCREEN1 = 'demo-rating-token-0001'; // config/demo-office.toml: rate1 faces counter 1
// expectText reads the selector's first element, and only while it is not hidden.
const t = new WebTest({ watchdog: 90, textIn: 'shown' });
const { check, expectText } = t;
const shot = (page, name) => t.shot(page, name, { fullPage: true });

const daemon = await t.daemon();
try {
  await daemon.start();
  await t.launch();
  const open = (viewport, path, opts) => t.open(viewport, path, opts);
  const staff = await daemon.api('POST', '/sessions', null, { staff: 'nv01', pin: '1111', counter: 1 });
  check(staff.status === 201, `nv01 opens counter 1 (${staff.status})`);
  const desk = staff.body.token;
  let served = 0;
  const serve = async () => {
    const t = await daemon.api('POST', '/tickets', TOKENS.kiosk, { field: 'ho_tich', request_id: `served-${++served}` });
    if (t.status !== 201) throw new Error(`issue: ${t.status} ${JSON.stringify(t.body)}`);
    await daemon.api('POST', '/counters/1/call-next', desk);
    await daemon.api('POST', '/counters/1/start', desk);
    await daemon.api('POST', '/counters/1/finish', desk);
    return t.body.ticket;
  };

  const dash = await open({ width: 1440, height: 1100 }, `/dashboard.html#token=${TOKENS.leader}`);
  const screen = await open({ width: 1280, height: 800 }, `/rating.html#token=${SCREEN1}`, { hasTouch: true });
  await expectText(screen, '#title', 'Quầy 1', "the rating screen names its counter");
  await expectText(screen, '#welcome-text', 'Xin chào công dân', 'and welcomes the next citizen while nobody is to rate');
  check(!(await screen.evaluate(() => location.hash.includes('token'))), 'the screen token leaves the address bar');
  await expectText(dash, '#satisfaction', 'Mức độ hài lòng của công dân', 'the dashboard has its satisfaction panel');
  await expectText(dash, '#alerts', 'Chưa có đánh giá', 'with no dissatisfied citizen yet');

  // ---- The phone: waiting, then finished → the rating form.
  const first = await daemon.api('POST', '/tickets', TOKENS.kiosk, { field: 'ho_tich', request_id: 'phone-1' });
  const mine = first.body.ticket;
  const phone = await open({ width: 390, height: 844 }, `/t/${mine.public_id}`, { isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await expectText(phone, '#code', mine.code, 'the phone shows its ticket');
  check(await phone.isHidden('#rating'), 'no rating form while the ticket waits');
  await daemon.api('POST', '/counters/1/call-next', desk);
  await daemon.api('POST', '/counters/1/start', desk);
  await daemon.api('POST', '/counters/1/finish', desk);
  await expectText(phone, '#rating', 'Công dân đánh giá mức độ hài lòng', 'once finished, the status page turns into the rating form by itself');
  const levels = await phone.$$eval('#rating .levels:not(.small) .level', (b) => b.map((x) => x.textContent));
  check(levels.join('|') === 'Rất hài lòng|Hài lòng|Bình thường|Không hài lòng', `the four levels, best first (${levels.join('|')})`);
  check(await phone.$$eval('#rating .question', (q) => q.length) === 3, "the office's three SIPAS questions are offered");
  await shot(phone, 'rating-phone-form');
  await phone.click('#rating .send');
  await expectText(phone, '#rating .alert', 'Xin chọn một mức', 'sending without a level asks for one, nothing is sent');
  await phone.click('#rating .levels:not(.small) [data-level="dissatisfied"]');
  await phone.click('#rating [data-question="officer"] [data-level="dissatisfied"]');
  await phone.fill('#rating-comment', 'Cán bộ hướng dẫn chưa rõ, phải đi lại hai lần');
  await expectText(phone, '#rating .chars', '45/500', 'the comment counts its characters against the limit');
  await phone.click('#rating .send');
  await expectText(phone, '#rating', 'Cảm ơn công dân đã đánh giá', 'the phone thanks the citizen');
  const listed = (await daemon.api('GET', '/ratings', TOKENS.leader)).body.ratings;
  check(listed.length === 1 && listed[0].code === mine.code && listed[0].level === 'dissatisfied' && listed[0].channel === 'phone'
    && listed[0].answers.officer === 'dissatisfied' && listed[0].comment === 'Cán bộ hướng dẫn chưa rõ, phải đi lại hai lần',
  `the daemon stored the phone's rating with its answer and comment (${JSON.stringify(listed[0] || null)})`);
  await shot(phone, 'rating-phone-thanks');

  // ---- The dashboard's live alert.
  await expectText(dash, '#rating-alert', `Có đánh giá "Không hài lòng" mới: ${mine.code}`, 'the dashboard raises a live alert');
  const alertSel = `#alerts [data-code="${mine.code}"]`;
  await expectText(dash, alertSel, 'Hộ tịch', 'the alert names the field');
  await expectText(dash, alertSel, 'Quầy 1', '… the counter');
  await expectText(dash, alertSel, 'Nguyễn Thị Lan', '… the officer');
  await expectText(dash, alertSel, 'Cán bộ hướng dẫn chưa rõ', '… and the comment');
  await expectText(dash, '#satisfaction [data-period="today"] [data-kpi="responses"] b', '1', "today's responses count the rating");
  await expectText(dash, '#satisfaction [data-period="today"] [data-kpi="satisfied"] b', '0.0%', '… and nobody satisfied yet');
  await shot(dash, 'rating-dashboard-alert');
  await dash.fill(`${alertSel} input`, 'Đã gọi điện xin lỗi, hẹn hướng dẫn lại');
  await dash.click(`${alertSel} button`);
  await expectText(dash, alertSel, 'Đã xử lý: Đã gọi điện xin lỗi', 'the leader records the follow-up on the dashboard');

  // ---- The counter's rating screen: the citizen just served.
  const second = await serve();
  await expectText(screen, '#code', second.code, 'the rating screen shows the ticket just served');
  await expectText(screen, '#form', 'Rất hài lòng', 'with the four levels');
  const box = await screen.$eval('#form .levels:not(.small) .level', (b) => { const r = b.getBoundingClientRect(); return [r.width, r.height]; });
  check(box[0] >= 200 && box[1] >= 100, `the level buttons are big touch targets (${box.map(Math.round).join('×')} px)`);
  await shot(screen, 'rating-screen-form');
  await screen.tap('#form .levels:not(.small) [data-level="very_satisfied"]');
  await screen.tap('#form .send');
  await expectText(screen, '#form', 'Cảm ơn công dân đã đánh giá', 'the screen thanks the citizen');
  const rated = (await daemon.api('GET', '/ratings', TOKENS.leader)).body.ratings.find((r) => r.code === second.code);
  check(rated && rated.level === 'very_satisfied' && rated.channel === 'screen', `the screen's rating is stored (${JSON.stringify(rated || null)})`);
  await expectText(dash, '#satisfaction [data-period="today"] [data-kpi="satisfied"] b', '50.0%', "the dashboard's share satisfied moves to 1 of 2");
  // The same citizen's phone cannot rate again: refused politely on the page.
  const secondPhone = await open({ width: 390, height: 844 }, `/t/${second.public_id}`, { isMobile: true });
  await expectText(secondPhone, '#rating', 'đã được đánh giá', 'the phone of a ticket rated at the desk says it is already rated');
  check(await secondPhone.$$eval('#rating .send', (b) => b.length) === 0, 'and offers no form');

  // The next citizen sits down: the screen makes way (after its thank-you).
  const third = await daemon.api('POST', '/tickets', TOKENS.kiosk, { field: 'ho_tich', request_id: 'next-1' });
  await daemon.api('POST', '/counters/1/call-next', desk);
  await daemon.api('POST', '/counters/1/start', desk);
  await expectText(screen, '#welcome-sub', `Đang phục vụ số ${third.body.ticket.code}`, 'the screen resets itself for the next citizen');
  await shot(screen, 'rating-screen-next');

  // A rating sent from a page after another channel got there first: refused politely.
  await daemon.api('POST', '/counters/1/finish', desk);
  await expectText(screen, '#code', third.body.ticket.code, 'the screen offers the third citizen the form');
  const race = await daemon.api('POST', `/tickets/${third.body.ticket.public_id}/rating`, null, { level: 'satisfied' });
  check(race.status === 201, `the phone rates first (${race.status})`);
  await expectText(screen, '#form', 'đã được đánh giá', 'the screen then says the service was already rated');

} catch (e) {
  t.crashed(e, daemon);
}
await t.finish(daemon);
