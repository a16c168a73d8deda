// Vietnamese first, English on request. Texts live here; pages mark elements
// with data-i18n="key" and call applyTexts() after a switch.

const TEXTS = {
  // shared
  'lang.switch': { vi: 'English', en: 'Tiếng Việt' },
  'status.live': { vi: 'Trực tuyến', en: 'Live' },
  'status.offline': { vi: 'Mất kết nối — đang thử lại…', en: 'Connection lost — retrying…' },
  'minutes': { vi: '{n} phút', en: '{n} min' },
  'about.minutes': { vi: 'khoảng {n} phút', en: 'about {n} min' },
  'unknown': { vi: 'chưa rõ', en: 'not known' },
  'counter.n': { vi: 'Quầy {n}', en: 'Counter {n}' },
  // a kiosk's ticket printer (the daemon's fault names; Vietnamese as the daemon's fault_text)
  'printer.ready': { vi: 'Sẵn sàng', en: 'Ready' },
  'printer.unknown': { vi: 'Chưa rõ trạng thái', en: 'State not known yet' },
  'printer.near_end': { vi: 'Sắp hết giấy', en: 'Paper nearly out' },
  'printer.paper_out': { vi: 'Máy in hết giấy', en: 'The printer is out of paper' },
  'printer.cover_open': { vi: 'Nắp máy in đang mở', en: 'The printer cover is open' },
  'printer.printer_error': { vi: 'Máy in bị lỗi (dao cắt hoặc đầu in)', en: 'Printer error (cutter or print head)' },
  'printer.offline': { vi: 'Máy in đang tạm dừng', en: 'The printer is offline' },
  'printer.no_reply': { vi: 'Máy in không trả lời', en: 'The printer does not answer' },
  'printer.disconnected': { vi: 'Mất kết nối máy in', en: 'The printer is disconnected' },
  'printer.bad_reply': { vi: 'Máy in trả lời không hợp lệ', en: 'The printer sent a bad reply' },
  // index
  'index.title': { vi: 'Hệ thống xếp hàng', en: 'Queue system' },
  'index.kiosk': { vi: 'Máy lấy số (kiosk)', en: 'Ticket kiosk' },
  'index.counter': { vi: 'Quầy giao dịch (cán bộ)', en: 'Counter (staff)' },
  'index.tv': { vi: 'Màn hình TV', en: 'TV display' },
  'index.dashboard': { vi: 'Bảng điều hành (lãnh đạo)', en: 'Leader dashboard' },
  'index.rating': { vi: 'Màn hình đánh giá tại quầy', en: 'Counter rating screen' },
  'index.status': { vi: 'Tra cứu số thứ tự: quét mã QR trên phiếu', en: 'Ticket status: scan the QR on the ticket' },
  // kiosk
  'kiosk.choose': { vi: 'Chọn lĩnh vực để lấy số thứ tự', en: 'Choose a service to take a number' },
  'kiosk.waiting': { vi: 'Đang chờ: {n}', en: 'Waiting: {n}' },
  'kiosk.wait': { vi: 'Dự kiến chờ: {w}', en: 'Expected wait: {w}' },
  'kiosk.priority': { vi: 'Ưu tiên (người cao tuổi, khuyết tật, …)', en: 'Priority (elderly, disabled, …)' },
  'kiosk.priority.choose': { vi: 'Chọn đối tượng ưu tiên', en: 'Choose the priority group' },
  'kiosk.priority.none': { vi: 'Không ưu tiên', en: 'No priority' },
  'kiosk.priority.on': { vi: 'Ưu tiên: {p}', en: 'Priority: {p}' },
  'kiosk.phone': { vi: 'Nhận tin nhắn khi sắp đến lượt', en: 'Text me when my turn is near' },
  'kiosk.phone.on': { vi: 'Tin nhắn đến: {p}', en: 'Texts to: {p}' },
  'kiosk.phone.title': { vi: 'Số điện thoại nhận tin nhắn', en: 'Mobile number for texts' },
  'kiosk.phone.why': { vi: 'Chúng tôi nhắn tin khi sắp đến lượt và khi mời bạn đến quầy.', en: 'We text you when your turn is near and when you are called.' },
  'kiosk.phone.ok': { vi: 'Xong', en: 'Done' },
  'kiosk.phone.none': { vi: 'Không nhận tin nhắn', en: 'No texts' },
  'kiosk.phone.erase': { vi: 'Xóa', en: 'Delete' },
  'kiosk.phone.clear': { vi: 'Xóa hết', en: 'Clear' },
  'kiosk.status.closed': { vi: 'Ngoài giờ làm việc', en: 'The office is closed' },
  'kiosk.status.after_cutoff': { vi: 'Đã hết giờ lấy số', en: 'Issuing has stopped for today' },
  'kiosk.status.quota_reached': { vi: 'Đã hết số trong ngày', en: "Today's numbers are used up" },
  'kiosk.status.numbering_exhausted': { vi: 'Đã hết số trong ngày', en: "Today's numbers are used up" },
  'kiosk.your': { vi: 'Số thứ tự của bạn', en: 'Your number' },
  'kiosk.ahead': { vi: 'Số người chờ trước bạn: {n}', en: 'People ahead of you: {n}' },
  'kiosk.printing': { vi: 'Đang in phiếu, xin nhận phiếu bên dưới', en: 'Printing your ticket below' },
  'kiosk.noprint': { vi: 'Xin ghi nhớ số thứ tự của bạn', en: 'Please remember your number' },
  'kiosk.printer.stopped': { vi: 'Tạm ngừng cấp số — xin báo cán bộ', en: 'Tickets cannot be issued now — please tell a staff member' },
  'kiosk.printer.cancelled': { vi: 'Số {c} in không thành công và đã bị hủy', en: 'Ticket {c} did not print and was cancelled' },
  'kiosk.scan': { vi: 'Quét mã để theo dõi số của bạn', en: 'Scan to follow your number' },
  'kiosk.done': { vi: 'Xong', en: 'Done' },
  'kiosk.issuing': { vi: 'Đang lấy số…', en: 'Taking a number…' },
  'kiosk.reconnecting': { vi: 'Đang kết nối lại máy chủ, xin chờ…', en: 'Reconnecting to the server, please wait…' },
  'kiosk.notoken': { vi: 'Máy này chưa được cấp mã thiết bị (mở kiosk.html#token=…)', en: 'This kiosk has no device token (open kiosk.html#token=…)' },
  // counter
  'counter.login': { vi: 'Đăng nhập quầy', en: 'Counter login' },
  'counter.staff': { vi: 'Mã cán bộ', en: 'Staff id' },
  'counter.pin': { vi: 'Mã PIN', en: 'PIN' },
  'counter.counter': { vi: 'Quầy', en: 'Counter' },
  'counter.signin': { vi: 'Đăng nhập', en: 'Log in' },
  'counter.logout': { vi: 'Đăng xuất', en: 'Log out' },
  'counter.current': { vi: 'Số đang phục vụ', en: 'Current ticket' },
  'counter.none': { vi: 'Chưa gọi số nào', en: 'No ticket called' },
  'counter.waited': { vi: 'Đã chờ {t}', en: 'Waited {t}' },
  'counter.serving.for': { vi: 'Đang phục vụ {t}', en: 'Serving for {t}' },
  'counter.calls': { vi: 'Gọi {n} lần', en: 'Called {n} times' },
  'act.call-next': { vi: 'Gọi số tiếp theo', en: 'Call next' },
  'act.recall': { vi: 'Gọi lại', en: 'Recall' },
  'act.start': { vi: 'Bắt đầu', en: 'Start' },
  'act.finish': { vi: 'Hoàn thành', en: 'Finish' },
  'act.no-show': { vi: 'Vắng mặt', en: 'No-show' },
  'act.park': { vi: 'Tạm giữ', en: 'Park' },
  'act.transfer': { vi: 'Chuyển lĩnh vực', en: 'Transfer' },
  'act.pause': { vi: 'Tạm dừng', en: 'Pause' },
  'act.resume': { vi: 'Tiếp tục', en: 'Resume' },
  'act.reinstate': { vi: 'Khôi phục số vắng', en: 'Reinstate' },
  'act.call': { vi: 'Gọi', en: 'Call' },
  'counter.parked': { vi: 'Số đang tạm giữ', en: 'Parked tickets' },
  'counter.queues': { vi: 'Hàng chờ của quầy', en: "This counter's queues" },
  'counter.transfer.to': { vi: 'Chuyển sang lĩnh vực', en: 'Transfer to' },
  'counter.pause.reason': { vi: 'Lý do tạm dừng', en: 'Pause reason' },
  'counter.reinstate.code': { vi: 'Số cần khôi phục (vd. A012)', en: 'Ticket to reinstate (e.g. A012)' },
  'counter.refused': { vi: 'Không thực hiện được', en: 'Refused' },
  'counter.done': { vi: 'Đã thực hiện: {a}', en: 'Done: {a}' },
  'counter.paused.since': { vi: 'Tạm dừng ({r}) từ {t}', en: 'Paused ({r}) since {t}' },
  'counter.keys': { vi: 'Phím tắt', en: 'Shortcuts' },
  'counter.paused.hint': { vi: 'Không gọi số khi đang tạm dừng — bấm “Tiếp tục” (D)', en: 'No calls while paused — press “Resume” (D)' },
  'counter.noshows': { vi: 'Số vắng mặt gần đây', en: 'Recent no-shows' },
  'counter.warning.no_open_counter': { vi: 'Lưu ý: chưa có quầy nào mở cho lĩnh vực đó', en: 'Note: no open counter serves that field yet' },
  'counter.why.paused': { vi: 'Quầy đang tạm dừng', en: 'The counter is paused' },
  'counter.why.idle': { vi: 'Chưa gọi số nào', en: 'No ticket called' },
  'counter.why.busy': { vi: 'Quầy đang có số, hãy hoàn thành hoặc tạm giữ trước', en: 'Finish or park the current ticket first' },
  'counter.why.serving': { vi: 'Số đang được phục vụ', en: 'The ticket is being served' },
  'counter.empty': { vi: 'Không có ai chờ', en: 'Nobody waiting' },
  'counter.shown': { vi: 'Đang hiện {n}/{total} số', en: 'Showing {n} of {total}' },
  'counter.more': { vi: 'Xem thêm', en: 'Show more' },
  'pause.break': { vi: 'Nghỉ giải lao', en: 'Break' },
  'pause.meeting': { vi: 'Họp', en: 'Meeting' },
  'pause.urgent': { vi: 'Công việc đột xuất', en: 'Urgent task' },
  'pause.helping': { vi: 'Hỗ trợ đồng nghiệp', en: 'Helping a colleague' },
  'state.closed': { vi: 'Đóng', en: 'Closed' },
  'state.idle': { vi: 'Sẵn sàng', en: 'Idle' },
  'state.calling': { vi: 'Đang gọi', en: 'Calling' },
  'state.serving': { vi: 'Đang phục vụ', en: 'Serving' },
  'state.paused': { vi: 'Tạm dừng', en: 'Paused' },
  'tstate.waiting': { vi: 'Đang chờ', en: 'Waiting' },
  'tstate.called': { vi: 'Đã được gọi', en: 'Called' },
  'tstate.serving': { vi: 'Đang được phục vụ', en: 'Being served' },
  'tstate.parked': { vi: 'Đang tạm giữ', en: 'Parked' },
  'tstate.finished': { vi: 'Đã phục vụ', en: 'Served' },
  'tstate.no_show': { vi: 'Vắng mặt', en: 'No-show' },
  'tstate.cancelled': { vi: 'Đã hủy', en: 'Cancelled' },
  'tstate.expired': { vi: 'Hết hạn', en: 'Expired' },
  // tv
  'tv.invite': { vi: 'Mời công dân có số', en: 'Now calling number' },
  'tv.to': { vi: 'đến', en: 'to' },
  'tv.recent': { vi: 'Vừa gọi', en: 'Recent calls' },
  'tv.counters': { vi: 'Các quầy', en: 'Counters' },
  'tv.nocall': { vi: 'Chưa có số nào được gọi', en: 'No number called yet' },
  // dashboard
  'dash.title': { vi: 'Bảng điều hành', en: 'Dashboard' },
  'dash.token': { vi: 'Mã truy cập của lãnh đạo', en: 'Leader access token' },
  'dash.open': { vi: 'Mở', en: 'Open' },
  'dash.fields': { vi: 'Lĩnh vực', en: 'Fields' },
  'dash.field': { vi: 'Lĩnh vực', en: 'Field' },
  'dash.waiting': { vi: 'Đang chờ', en: 'Waiting' },
  'dash.headwait': { vi: 'Chờ lâu nhất', en: 'Longest wait' },
  'dash.issued': { vi: 'Đã cấp', en: 'Issued' },
  'dash.served': { vi: 'Đã phục vụ', en: 'Served' },
  'dash.noshow': { vi: 'Vắng mặt', en: 'No-show' },
  'dash.counters.open': { vi: 'Quầy mở / cần', en: 'Counters open / needed' },
  'dash.flag': { vi: 'Cảnh báo', en: 'Flag' },
  'dash.counters': { vi: 'Quầy', en: 'Counters' },
  'dash.staff': { vi: 'Cán bộ', en: 'Staff' },
  'dash.state': { vi: 'Trạng thái', en: 'State' },
  'dash.ticket': { vi: 'Số', en: 'Ticket' },
  'dash.paused': { vi: 'Tạm dừng', en: 'Paused' },
  'dash.devices': { vi: 'Thiết bị', en: 'Devices' },
  'dash.online': { vi: 'Hoạt động', en: 'Online' },
  'dash.offline': { vi: 'Mất kết nối', en: 'Offline' },
  'dash.nodevices': { vi: 'Không có thiết bị nào được cấu hình', en: 'No devices configured' },
  'dash.printers': { vi: 'Máy in phiếu', en: 'Ticket printers' },
  'dash.printer': { vi: 'Máy in', en: 'Printer' },
  'dash.kiosk': { vi: 'Kiosk', en: 'Kiosk' },
  'dash.printed': { vi: 'Đã in', en: 'Printed' },
  'dash.printfailed': { vi: 'In lỗi', en: 'Failed' },
  'dash.lastseen': { vi: 'Sẵn sàng lần cuối', en: 'Last ready' },
  'dash.noprinters': { vi: 'Không có máy in phiếu nào được cấu hình', en: 'No ticket printers configured' },
  'dash.charts': { vi: 'Hôm nay', en: 'Today' },
  'dash.arrivals': { vi: 'Số lượt đến theo giờ', en: 'Arrivals per hour' },
  'dash.waits': { vi: 'Thời gian chờ trong ngày (phút)', en: 'Waits through the day (min)' },
  'dash.reports': { vi: 'Báo cáo', en: 'Reports' },
  'dash.from': { vi: 'Từ ngày', en: 'From' },
  'dash.to': { vi: 'Đến ngày', en: 'To' },
  'dash.show': { vi: 'Xem', en: 'Show' },
  'dash.export.csv': { vi: 'Xuất CSV', en: 'Export CSV' },
  'dash.export.xlsx': { vi: 'Xuất Excel (XLSX)', en: 'Export Excel (XLSX)' },
  'dash.export.done': { vi: 'Đã tải về {f}', en: 'Downloaded {f}' },
  'dash.report.range': { vi: 'Từ {f} đến {t}: {d} ngày, {a} ngày có hoạt động', en: 'From {f} to {t}: {d} days, {a} with activity' },
  'dash.report.days': { vi: 'Số phiếu cấp theo ngày', en: 'Tickets issued per day' },
  'dash.report.hours': { vi: 'Số phiếu cấp theo giờ', en: 'Tickets issued by hour' },
  'dash.report.empty': { vi: 'Không có số liệu trong khoảng ngày này', en: 'No activity in these days' },
  'dash.report.badrange': { vi: 'Ngày bắt đầu phải trước ngày kết thúc', en: 'The start day must come before the end day' },
  'dash.total': { vi: 'Tổng cộng', en: 'Total' },
  'dash.transferred': { vi: 'Chuyển đi', en: 'Transferred out' },
  'dash.p90wait': { vi: 'Chờ P90', en: 'P90 wait' },
  'dash.meanservice': { vi: 'Phục vụ TB', en: 'Mean service' },
  'dash.withintarget': { vi: 'Trong chỉ tiêu', en: 'Within target' },
  'dash.day': { vi: 'Ngày', en: 'Day' },
  'dash.meanwait': { vi: 'Chờ TB', en: 'Mean wait' },
  'dash.maxwait': { vi: 'Chờ tối đa', en: 'Max wait' },
  'dash.expired': { vi: 'Hết hạn', en: 'Expired' },
  'dash.cancelled': { vi: 'Đã hủy', en: 'Cancelled' },
  'dash.ok': { vi: 'Bình thường', en: 'OK' },
  'flag.watch': { vi: 'Cần theo dõi', en: 'Watch' },
  'flag.need_staff': { vi: 'Cần thêm cán bộ', en: 'Needs staff' },
  // dashboard: the leader's words in the main view; the analyst's in the details
  'dash.newticket': { vi: 'Lấy số bây giờ chờ', en: 'A ticket now waits' },
  'flag.held': { vi: 'đang giữ', en: 'held' },
  'dur.lessmin': { vi: 'dưới 1 phút', en: 'under 1 min' },
  'dur.min': { vi: '{n} phút', en: '{n} min' },
  'dur.hmin': { vi: '{h} giờ {m} phút', en: '{h} h {m} min' },
  'dash.details': { vi: 'Chi tiết phân tích', en: 'Analysis details' },
  'dash.d.rate': { vi: 'Lượt đến/giờ', en: 'Arrivals/hour' },
  'dash.d.service': { vi: 'Phục vụ TB', en: 'Mean service' },
  'dash.d.load': { vi: 'Tải (Erlang)', en: 'Load (Erlang)' },
  'dash.d.pwait': { vi: 'P(phải chờ), Erlang C', en: 'P(wait), Erlang C' },
  'dash.d.predsl': { vi: 'Dự báo đạt mục tiêu', en: 'Predicted within target' },
  'dash.d.needed': { vi: 'Quầy cần (N*)', en: 'Counters needed (N*)' },
  'dash.d.share': { vi: 'Quầy quy đổi', en: 'Counter share' },
  'dash.d.calls': { vi: 'Lượt gọi trong giờ qua', en: 'Calls, last hour' },
  'dash.d.sl': { vi: 'Đạt mục tiêu trong giờ qua', en: 'Within target, last hour' },
  'dash.d.source': { vi: 'Căn cứ', en: 'Based on' },
  'dash.d.history': { vi: 'các tuần trước', en: 'earlier weeks' },
  'dash.d.today': { vi: 'hôm nay', en: 'today' },
  'dash.d.guess': { vi: 'mặc định (chưa đủ số liệu)', en: 'defaults (too little data)' },
  'dash.print': { vi: 'In báo cáo', en: 'Print report' },
  'dash.period.week': { vi: 'Tuần này', en: 'This week' },
  'dash.period.lastweek': { vi: 'Tuần trước', en: 'Last week' },
  'dash.period.month': { vi: 'Tháng này', en: 'This month' },
  'dash.period.lastmonth': { vi: 'Tháng trước', en: 'Last month' },
  'dash.trend': { vi: 'So với kỳ trước ({f} – {t})', en: 'Against the previous period ({f} – {t})' },
  'dash.trend.metric': { vi: 'Chỉ tiêu', en: 'Measure' },
  'dash.trend.now': { vi: 'Kỳ này', en: 'This period' },
  'dash.trend.before': { vi: 'Kỳ trước', en: 'Previous period' },
  'dash.trend.change': { vi: 'Thay đổi', en: 'Change' },
  'dash.worst': { vi: 'Lĩnh vực cần chú ý: {l}', en: 'Fields to look at: {l}' },
  'dash.staffing': { vi: 'Bố trí cán bộ theo giờ', en: 'Staffing by hour' },
  'dash.st.when': { vi: 'Thời điểm', en: 'When' },
  'dash.st.arrivals': { vi: 'Lượt đến/giờ', en: 'Arrivals/hour' },
  'dash.st.working': { vi: 'Quầy làm việc (TB)', en: 'Counters working (mean)' },
  'dash.st.recommended': { vi: 'Quầy nên bố trí', en: 'Counters advised' },
  'dash.st.predicted': { vi: 'Dự báo đạt mục tiêu với số quầy đã có', en: 'Expected within target with those counters' },
  'dash.st.none': { vi: 'Không có giờ nào thiếu quầy trong khoảng ngày này', en: 'No hour was short of counters in these days' },
  'dash.st.note': { vi: 'Chỉ liệt kê các giờ có số quầy làm việc ít hơn số quầy nên bố trí.', en: 'Only the hours with fewer counters working than advised.' },
  'dash.report.more': { vi: 'Chi tiết phân tích: thời gian chờ dài nhất, độ chính xác của thời gian chờ dự kiến', en: 'Analysis details: the longest waits, accuracy of the estimated waits' },
  'dash.est.count': { vi: 'Số phiếu có dự kiến', en: 'Tickets told an estimate' },
  'dash.est.mae': { vi: 'Sai lệch TB so với dự kiến', en: 'Mean error of the estimate' },
  'dash.est.bias': { vi: 'Chờ thực tế − dự kiến (TB)', en: 'Waited − told (mean)' },
  'wd.0': { vi: 'Thứ Hai', en: 'Mon' }, 'wd.1': { vi: 'Thứ Ba', en: 'Tue' }, 'wd.2': { vi: 'Thứ Tư', en: 'Wed' },
  'wd.3': { vi: 'Thứ Năm', en: 'Thu' }, 'wd.4': { vi: 'Thứ Sáu', en: 'Fri' }, 'wd.5': { vi: 'Thứ Bảy', en: 'Sat' },
  'wd.6': { vi: 'Chủ nhật', en: 'Sun' },
  // status
  'status.title': { vi: 'Số thứ tự của bạn', en: 'Your ticket' },
  'status.position': { vi: 'Số người chờ trước bạn', en: 'People ahead of you' },
  'status.estimate': { vi: 'Thời gian chờ dự kiến', en: 'Estimated wait' },
  'status.goto': { vi: 'Mời bạn đến {c}', en: 'Please go to {c}' },
  'status.notfound': { vi: 'Không tìm thấy số thứ tự này (chỉ tra cứu được trong ngày)', en: 'No such ticket (only today’s tickets can be looked up)' },
  'status.refresh': { vi: 'Cập nhật', en: 'Refresh' },
  'status.updated': { vi: 'Cập nhật lúc {t}', en: 'Updated at {t}' },
};

let lang = localStorage.getItem('qms.lang') === 'en' ? 'en' : 'vi';
const listeners = [];

export function currentLang() { return lang; }

export function has(key) { return key in TEXTS; }

// A text in a given language, whatever the page shows (both languages side by side).
export function tIn(l, key, vars = {}) {
  const entry = TEXTS[key];
  let s = entry ? entry[l] : key;
  for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, v);
  return s;
}

export function t(key, vars = {}) { return tIn(lang, key, vars); }

// More texts from a page's own module (tv_info.js, kiosk_info.js, editor.js
// keep theirs in info_texts.js); an existing key is not replaced.
export function addTexts(more) {
  for (const [k, v] of Object.entries(more)) if (!(k in TEXTS)) TEXTS[k] = v;
}

// The text of an API error in the page's language.
export function errorText(e) {
  return (lang === 'en' ? e.en || e.vi : e.vi || e.en) || e.message || String(e);
}

export function applyTexts(root = document) {
  document.documentElement.lang = lang;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
}

export function setLang(l) {
  lang = l === 'en' ? 'en' : 'vi';
  localStorage.setItem('qms.lang', lang);
  applyTexts();
  for (const f of listeners) f(lang);
}

export function onLangChange(f) { listeners.push(f); }

// A button with class "lang-switch" toggles the language.
export function wireLangSwitch() {
  for (const b of document.querySelectorAll('.lang-switch')) {
    b.addEventListener('click', () => setLang(lang === 'vi' ? 'en' : 'vi'));
  }
  applyTexts();
}
