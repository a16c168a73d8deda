// Appointments (daemon/booking/README.md) on every page that shows them: the
// citizen's booking page, the kiosk's check-in, the leader's card, the
// counter's badge and its panel of the day's appointments. Their texts
// (registered into i18n.js on import), the day as citizens read it, and the
// daemon's refusals worded for a citizen.
import { addTexts, t, tIn, currentLang } from './i18n.js';

addTexts({
  // the booking page
  'bk.title': { vi: 'Đặt lịch hẹn', en: 'Book an appointment' },
  'bk.intro': { vi: 'Đặt trước giờ đến làm thủ tục. Đến đúng giờ, làm thủ tục tại máy lấy số và được xếp vào hàng chờ theo giờ hẹn.', en: 'Book the time you will come. Come at that time, check in at the ticket kiosk and you are queued by your appointment time.' },
  'bk.mode': { vi: 'Chọn việc cần làm', en: 'What do you want to do' },
  'bk.mode.book': { vi: 'Đặt lịch hẹn mới', en: 'New appointment' },
  'bk.mode.lookup': { vi: 'Tra cứu / đổi / hủy lịch hẹn', en: 'Look up / change / cancel' },
  'bk.step.field': { vi: '1. Chọn lĩnh vực', en: '1. Choose a service' },
  'bk.step.day': { vi: '2. Chọn ngày', en: '2. Choose a day' },
  'bk.step.slot': { vi: '3. Chọn giờ', en: '3. Choose a time' },
  'bk.step.who': { vi: '4. Thông tin người đến', en: '4. Who is coming' },
  'bk.today': { vi: 'Hôm nay', en: 'Today' },
  'bk.day.closed': { vi: 'Nghỉ', en: 'Closed' },
  'bk.free': { vi: 'Còn {n} chỗ', en: '{n} left' },
  'bk.full': { vi: 'Hết chỗ', en: 'Full' },
  'bk.past': { vi: 'Hết nhận đặt', en: 'No longer bookable' },
  'bk.noslots': { vi: 'Ngày này không còn giờ nào nhận đặt lịch. Xin chọn ngày khác.', en: 'No time is left to book on this day. Please choose another day.' },
  'bk.dayclosed': { vi: 'Ngày này bộ phận không làm việc. Xin chọn ngày khác.', en: 'The office is closed on this day. Please choose another day.' },
  'bk.nofields': { vi: 'Hiện chưa có lĩnh vực nào nhận đặt lịch hẹn.', en: 'No service takes appointments at the moment.' },
  'bk.disabled': { vi: 'Bộ phận hiện không nhận đặt lịch hẹn trực tuyến. Xin đến lấy số trực tiếp tại máy lấy số.', en: 'The office does not take appointments online at the moment. Please take a number at the kiosk.' },
  'bk.loading': { vi: 'Đang tải…', en: 'Loading…' },
  'bk.name': { vi: 'Họ và tên', en: 'Full name' },
  'bk.phone': { vi: 'Số điện thoại di động', en: 'Mobile number' },
  'bk.phone.hint': { vi: 'Dùng để tra cứu, đổi hoặc hủy lịch hẹn và để làm thủ tục tại máy lấy số.', en: 'Needed to look up, change or cancel the appointment, and to check in at the kiosk.' },
  'bk.summary': { vi: 'Bạn chọn: {f} · {d} · {t}', en: 'You chose: {f} · {d} · {t}' },
  'bk.confirm': { vi: 'Xác nhận đặt lịch', en: 'Confirm the appointment' },
  'bk.sending': { vi: 'Đang gửi…', en: 'Sending…' },
  'bk.made': { vi: 'Đã đặt lịch hẹn', en: 'Appointment booked' },
  'bk.found': { vi: 'Lịch hẹn của bạn', en: 'Your appointment' },
  'bk.code': { vi: 'Mã lịch hẹn', en: 'Booking code' },
  'bk.f.field': { vi: 'Lĩnh vực', en: 'Service' },
  'bk.f.day': { vi: 'Ngày', en: 'Day' },
  'bk.f.time': { vi: 'Giờ hẹn', en: 'Time' },
  'bk.f.checkin': { vi: 'Làm thủ tục tại kiosk', en: 'Check in at the kiosk' },
  'bk.f.name': { vi: 'Họ và tên', en: 'Name' },
  'bk.f.phone': { vi: 'Điện thoại', en: 'Phone' },
  'bk.f.state': { vi: 'Trạng thái', en: 'State' },
  'bk.f.ticket': { vi: 'Số thứ tự', en: 'Ticket' },
  'bk.window': { vi: 'từ {a} đến {b}', en: 'from {a} to {b}' },
  'bk.how': { vi: 'Ngày {d}, xin đưa mã {c} hoặc mã QR này tại máy lấy số (nút “Tôi có lịch hẹn”) trong khoảng từ {a} đến {b}.', en: 'On {d}, show the code {c} or this QR at the ticket kiosk (the “I have an appointment” button) between {a} and {b}.' },
  'bk.late.note': { vi: 'Đến sau {b}, lịch hẹn không còn giá trị: bạn lấy số như người đến trực tiếp.', en: 'After {b} the appointment lapses: you take a number like anyone walking in.' },
  'bk.qr.alt': { vi: 'Mã QR của lịch hẹn {c}', en: 'QR code of appointment {c}' },
  'bk.keep': { vi: 'Xem lại lịch hẹn tại:', en: 'Look it up again at:' },
  'bk.again': { vi: 'Đặt lịch hẹn khác', en: 'Book another appointment' },
  'bk.move': { vi: 'Đổi ngày giờ', en: 'Change the time' },
  'bk.cancel': { vi: 'Hủy lịch hẹn', en: 'Cancel the appointment' },
  'bk.cancel.ask': { vi: 'Bạn chắc chắn muốn hủy lịch hẹn này?', en: 'Cancel this appointment?' },
  'bk.cancel.yes': { vi: 'Có, hủy lịch hẹn', en: 'Yes, cancel it' },
  'bk.no': { vi: 'Không', en: 'No' },
  'bk.cancelled': { vi: 'Đã hủy lịch hẹn {c}.', en: 'Appointment {c} is cancelled.' },
  'bk.move.title': { vi: 'Chọn ngày và giờ mới', en: 'Choose a new day and time' },
  'bk.move.confirm': { vi: 'Đổi sang {t}, {d}', en: 'Move to {t}, {d}' },
  'bk.move.close': { vi: 'Thôi, giữ lịch cũ', en: 'Keep the old time' },
  'bk.moved': { vi: 'Đã đổi lịch hẹn sang {t}, {d}. Mã lịch hẹn không đổi.', en: 'Moved to {t}, {d}. The booking code stays the same.' },
  'bk.lookup.title': { vi: 'Tra cứu lịch hẹn', en: 'Look up an appointment' },
  'bk.lookup.code': { vi: 'Mã lịch hẹn (6 ký tự)', en: 'Booking code (6 characters)' },
  'bk.lookup.go': { vi: 'Tra cứu', en: 'Look up' },
  'bkstate.booked': { vi: 'Đã đặt, chờ đến', en: 'Booked' },
  'bkstate.checked_in': { vi: 'Đã làm thủ tục', en: 'Checked in' },
  'bkstate.late': { vi: 'Đến muộn (xếp như người đến trực tiếp)', en: 'Late (queued as a walk-in)' },
  'bkstate.cancelled': { vi: 'Đã hủy', en: 'Cancelled' },
  'bkstate.missed': { vi: 'Vắng mặt', en: 'Missed' },
  // the daemon's refusals, said for the citizen (below the daemon's own text)
  'bkerr.slot_full': { vi: 'Khung giờ này vừa hết chỗ. Xin chọn giờ khác.', en: 'This time has just filled up. Please choose another time.' },
  'bkerr.already_booked': { vi: 'Số điện thoại này đã có một lịch hẹn cho lĩnh vực này trong ngày đã chọn. Bạn có thể tra cứu lịch hẹn đó để đổi hoặc hủy.', en: 'This phone number already has an appointment for this service on that day. Look it up to change or cancel it.' },
  'bkerr.slot_closed': { vi: 'Khung giờ này không còn nhận đặt lịch (đã qua, quá sát giờ hoặc ngày nghỉ). Xin chọn giờ khác.', en: 'This time can no longer be booked (past, too soon, or a closed day). Please choose another time.' },
  'bkerr.rate_limited': { vi: 'Bạn đã đặt hoặc đổi lịch quá nhiều lần trong một giờ. Xin thử lại sau.', en: 'Too many bookings or changes from here in an hour. Please try again later.' },
  'bkerr.rate_limited.in': { vi: 'Bạn đã đặt hoặc đổi lịch quá nhiều lần trong một giờ. Xin thử lại sau {n} phút.', en: 'Too many bookings or changes from here in an hour. Please try again in {n} min.' },
  // invalid_argument names the member in its English detail ("'phone' must be…")
  'bkerr.invalid.phone': { vi: 'Số điện thoại chưa đúng. Xin nhập số di động Việt Nam, ví dụ 0912345678.', en: 'The phone number is not right. Please type a Vietnamese mobile number, e.g. 0912345678.' },
  'bkerr.invalid.name': { vi: 'Xin nhập họ và tên người đến làm thủ tục.', en: 'Please type the full name of who is coming.' },
  'bkerr.unknown_booking': { vi: 'Không tìm thấy lịch hẹn với mã và số điện thoại này. Xin kiểm tra lại.', en: 'No appointment with this code and phone number. Please check them.' },
  'bkerr.booking_wrong_state': { vi: 'Lịch hẹn này không còn đổi hoặc hủy được.', en: 'This appointment can no longer be changed or cancelled.' },
  // the kiosk's check-in
  'kbk.button': { vi: 'Tôi có lịch hẹn', en: 'I have an appointment' },
  'kbk.title': { vi: 'Làm thủ tục cho lịch hẹn', en: 'Check in for your appointment' },
  'kbk.prompt': { vi: 'Nhập mã lịch hẹn (6 ký tự) hoặc quét mã QR của lịch hẹn', en: 'Type your booking code (6 characters) or scan its QR code' },
  'kbk.phone.prompt': { vi: 'Nhập số điện thoại đã dùng khi đặt lịch', en: 'Type the mobile number you booked with' },
  'kbk.typed': { vi: 'Đã nhập', en: 'Typed' },
  'kbk.usephone': { vi: 'Dùng số điện thoại', en: 'Use my phone number' },
  'kbk.usecode': { vi: 'Dùng mã lịch hẹn', en: 'Use my booking code' },
  'kbk.go': { vi: 'Làm thủ tục', en: 'Check in' },
  'kbk.back': { vi: 'Quay lại', en: 'Back' },
  'kbk.checking': { vi: 'Đang làm thủ tục…', en: 'Checking in…' },
  'kbk.time': { vi: 'Lịch hẹn {t}', en: 'Appointment {t}' },
  'kbk.late': { vi: 'Đã quá giờ hẹn: số của bạn được xếp như người đến trực tiếp.', en: 'Your appointment time has passed: your number is queued like a walk-in.' },
  'kbk.early': { vi: 'Bạn đến sớm. Vui lòng quay lại làm thủ tục từ {t}', en: 'You are early. Please come back to check in from {t}' },
  'kbk.unknown.code': { vi: 'Không tìm thấy lịch hẹn hôm nay với mã này. Xin kiểm tra lại mã, hoặc lấy số như bình thường.', en: 'No appointment today with this code. Please check the code, or take a number as usual.' },
  'kbk.unknown.phone': { vi: 'Không tìm thấy lịch hẹn hôm nay với số điện thoại này. Xin kiểm tra lại số, hoặc lấy số như bình thường.', en: 'No appointment today for this phone number. Please check the number, or take a number as usual.' },
  // the leader's card
  'dbk.title': { vi: 'Lịch hẹn hôm nay', en: "Today's appointments" },
  'dbk.places': { vi: 'Số chỗ', en: 'Places' },
  'dbk.made': { vi: 'Đã đặt', en: 'Booked' },
  'dbk.booked': { vi: 'Chờ đến', en: 'Awaited' },
  'dbk.checked_in': { vi: 'Đã làm thủ tục', en: 'Checked in' },
  'dbk.late': { vi: 'Đến muộn', en: 'Late' },
  'dbk.missed': { vi: 'Vắng mặt', en: 'Missed' },
  'dbk.cancelled': { vi: 'Đã hủy', en: 'Cancelled' },
  'dbk.time': { vi: 'Giờ', en: 'Time' },
  'dbk.code': { vi: 'Mã', en: 'Code' },
  'dbk.name': { vi: 'Họ tên', en: 'Name' },
  'dbk.phone': { vi: 'Điện thoại', en: 'Phone' },
  'dbk.list': { vi: 'Danh sách lịch hẹn', en: 'The appointments' },
  'dbk.none': { vi: 'Chưa có lịch hẹn nào hôm nay.', en: 'No appointments today.' },
  'dbk.compare': { vi: 'Thời gian chờ: lịch hẹn so với đến trực tiếp (hôm nay)', en: 'Waits: appointments against walk-ins (today)' },
  'dbk.wait_appt': { vi: 'Chờ TB lịch hẹn (phút)', en: 'Mean wait, appointments (min)' },
  'dbk.wait_walkin': { vi: 'Chờ TB trực tiếp (phút)', en: 'Mean wait, walk-ins (min)' },
  'dbk.no_show_rate': { vi: 'Không đến (%)', en: 'No-shows (%)' },
  'dbk.booked_share': { vi: 'Số theo lịch hẹn (%)', en: 'Tickets from appointments (%)' },
  // the counter's badge
  'counter.booking': { vi: 'Lịch hẹn {t}', en: 'Appointment {t}' },
  // the counter's panel of today's appointments (counter_bookings.js)
  'cbk.count': { vi: '{f}: {n} đã hẹn, {a} đã đến', en: '{f}: {n} booked, {a} arrived' },
  'cbk.booked': { vi: 'Chờ đến', en: 'Awaited' },
  'cbk.checked_in': { vi: 'Đã đến', en: 'Arrived' },
  'cbk.checked_in.ticket': { vi: 'Đã đến — số {c}', en: 'Arrived — ticket {c}' },
  'cbk.late': { vi: 'Trễ hẹn', en: 'Late' },
  'cbk.late.ticket': { vi: 'Trễ hẹn — số {c}', en: 'Late — ticket {c}' },
  'cbk.missed': { vi: 'Không đến', en: 'Did not come' },
  'cbk.cancelled': { vi: 'Đã hủy', en: 'Cancelled' },
});

// A configured name (field) in the page's language.
export const named = (x) => (x ? (currentLang() === 'en' && x.name_en) || x.name : '');
export const fieldNameOf = (b) => (currentLang() === 'en' && b.field_name_en) || b.field_name || b.field;

// Monday = 0, as the API counts, from "2026-12-07" (a calendar day: no time zone).
export function weekdayOf(day) {
  const [y, m, d] = day.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

// "07/12" from "2026-12-07".
export const dayMonth = (day) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;

// "Thứ Hai, 07/12/2026" (English: "Mon 07/12/2026").
export function dayText(day, { lang = currentLang() } = {}) {
  if (!day) return '';
  const date = `${dayMonth(day)}/${day.slice(0, 4)}`;
  const wd = tIn(lang, `wd.${weekdayOf(day)}`);
  return lang === 'en' ? `${wd} ${date}` : `${wd}, ${date}`;
}

// The code out of what was typed, pasted or scanned: the code itself, or the
// booking's whole url (its QR); upper case, as the codes are.
export function codeFrom(text) {
  const s = String(text || '').trim();
  const m = s.match(/[?&#]code=([A-Za-z0-9]+)/i);
  return (m ? m[1] : s.replace(/[^A-Za-z0-9]/g, '')).toUpperCase();
}

// A refusal for a citizen, in the page's language: the daemon's own text and,
// for the refusals a citizen can do something about, what to do. Returns
// [main, more] (more may be '').
export function bookingError(e, { lang = currentLang(), extra = {} } = {}) {
  const own = (lang === 'en' ? e.en || e.vi : e.vi || e.en) || e.message || String(e);
  let key = `bkerr.${e.code}`;
  const vars = { ...extra };
  const member = e.code === 'invalid_argument' && /^'(\w+)'/.exec(e.message || '');
  if (member) key = `bkerr.invalid.${member[1]}`;
  if (e.code === 'rate_limited' && e.retryAfter) {
    key = 'bkerr.rate_limited.in';
    vars.n = Math.max(1, Math.ceil(e.retryAfter / 60));
  }
  const more = tIn(lang, key, vars);
  return [own, more === key ? '' : more];
}

// The counter page's badge on a ticket that came from an appointment
// ("booking": {"code","time"} in the ticket's JSON), placed after `anchor`.
export function showBookingBadge(anchor, ticket) {
  let el = document.getElementById('ticket-booking');
  if (!el) {
    el = document.createElement('div');
    el.id = 'ticket-booking';
    el.className = 'booking-badge hidden';
    anchor.after(el);
  }
  const b = ticket && ticket.booking;
  el.textContent = b ? t('counter.booking', { t: b.time }) : '';
  el.dataset.code = b ? b.code : '';
  el.classList.toggle('hidden', !b);
}
