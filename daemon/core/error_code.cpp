#include "core/error_code.hpp"

#include <array>

namespace qmsd {
namespace {

struct ErrorInfo {
    ErrorCode code;
    std::string_view name;
    std::string_view vi;
    std::string_view en;
};

constexpr std::array kErrors{
    ErrorInfo{ErrorCode::internal, "internal", "Lỗi hệ thống", "Internal error"},
    ErrorInfo{ErrorCode::invalidArgument, "invalid_argument", "Dữ liệu không hợp lệ",
              "Invalid input"},
    ErrorInfo{ErrorCode::unknownField, "unknown_field", "Không có lĩnh vực này",
              "No such service field"},
    ErrorInfo{ErrorCode::unknownCounter, "unknown_counter", "Không có quầy này", "No such counter"},
    ErrorInfo{ErrorCode::unknownStaff, "unknown_staff", "Không có cán bộ này",
              "No such staff member"},
    ErrorInfo{ErrorCode::unknownTicket, "unknown_ticket", "Không có số thứ tự này",
              "No such ticket"},
    ErrorInfo{ErrorCode::unknownPriority, "unknown_priority", "Không có đối tượng ưu tiên này",
              "No such priority class"},
    ErrorInfo{ErrorCode::unknownPauseReason, "unknown_pause_reason",
              "Lý do tạm dừng không hợp lệ", "Unknown pause reason"},
    ErrorInfo{ErrorCode::officeClosed, "office_closed", "Ngoài giờ làm việc",
              "The office is closed"},
    ErrorInfo{ErrorCode::afterCutoff, "after_cutoff", "Đã hết giờ lấy số thứ tự",
              "Ticket issuing has stopped for this session"},
    ErrorInfo{ErrorCode::quotaReached, "quota_reached", "Đã hết số thứ tự trong ngày",
              "Today's ticket quota for this field is used up"},
    ErrorInfo{ErrorCode::numberingExhausted, "numbering_exhausted",
              "Đã hết dải số thứ tự trong ngày", "This field's number range is used up"},
    ErrorInfo{ErrorCode::queueEmpty, "queue_empty", "Không còn người chờ",
              "Nobody is waiting"},
    ErrorInfo{ErrorCode::counterClosed, "counter_closed", "Quầy đang đóng",
              "The counter is closed"},
    ErrorInfo{ErrorCode::counterOpen, "counter_open", "Quầy đang mở",
              "The counter is already open"},
    ErrorInfo{ErrorCode::counterBusy, "counter_busy", "Quầy đang phục vụ một số khác",
              "The counter already has an active ticket"},
    ErrorInfo{ErrorCode::counterIdle, "counter_idle", "Quầy chưa gọi số nào",
              "The counter has no active ticket"},
    ErrorInfo{ErrorCode::counterPaused, "counter_paused", "Quầy đang tạm dừng",
              "The counter is paused"},
    ErrorInfo{ErrorCode::counterNotPaused, "counter_not_paused", "Quầy không tạm dừng",
              "The counter is not paused"},
    ErrorInfo{ErrorCode::staffBusy, "staff_busy", "Cán bộ đang đăng nhập ở quầy khác",
              "The staff member is logged in at another counter"},
    ErrorInfo{ErrorCode::staffNotAllowed, "staff_not_allowed",
              "Cán bộ không phụ trách lĩnh vực này", "The staff member does not serve this field"},
    ErrorInfo{ErrorCode::ticketWrongState, "ticket_wrong_state",
              "Thao tác không hợp lệ với trạng thái của số này",
              "The action does not fit the ticket's state"},
    ErrorInfo{ErrorCode::recallLimit, "recall_limit", "Đã gọi lại quá số lần cho phép",
              "The recall limit is reached"},
    ErrorInfo{ErrorCode::sameField, "same_field", "Số đã thuộc lĩnh vực này",
              "The ticket is already in that field"},
    ErrorInfo{ErrorCode::storageFull, "storage_full", "Bộ nhớ lưu trữ đã đầy",
              "The disk is full; nothing was changed"},
    ErrorInfo{ErrorCode::storageReadOnly, "storage_read_only", "Không ghi được dữ liệu",
              "The database is read-only; nothing was changed"},
    ErrorInfo{ErrorCode::storageFailed, "storage_failed", "Lỗi ghi dữ liệu",
              "The database write failed; nothing was changed"},
    ErrorInfo{ErrorCode::configInvalid, "config_invalid", "Cấu hình không hợp lệ",
              "The configuration is invalid"},
    ErrorInfo{ErrorCode::printerFailed, "printer_failed", "Máy in gặp sự cố, chưa in được số",
              "The ticket printer failed; the ticket was not issued"},
    ErrorInfo{ErrorCode::contentConflict, "content_conflict",
              "Nội dung này vừa được người khác sửa, xin tải lại rồi sửa tiếp",
              "Someone else changed this item meanwhile; reload it and make the change again"},
    ErrorInfo{ErrorCode::unknownNotice, "unknown_notice", "Không có thông báo này", "No such notice"},
    ErrorInfo{ErrorCode::alreadyRated, "already_rated",
              "Lượt giao dịch này đã được đánh giá. Cảm ơn công dân!",
              "This service has already been rated. Thank you!"},
    ErrorInfo{ErrorCode::ratingClosed, "rating_closed", "Đã hết thời gian đánh giá lượt giao dịch này",
              "The time to rate this service is over"},
    ErrorInfo{ErrorCode::unknownBooking, "unknown_booking", "Không tìm thấy lịch hẹn này",
              "No such appointment"},
    ErrorInfo{ErrorCode::bookingDisabled, "booking_disabled", "Cơ quan chưa nhận đặt lịch hẹn",
              "This office does not take appointments"},
    ErrorInfo{ErrorCode::slotFull, "slot_full", "Khung giờ này đã hết chỗ, xin chọn khung giờ khác",
              "This time is fully booked; please choose another"},
    ErrorInfo{ErrorCode::alreadyBooked, "already_booked",
              "Số điện thoại này đã có lịch hẹn cho lĩnh vực này trong ngày",
              "This phone number already has an appointment for this field that day"},
    ErrorInfo{ErrorCode::slotClosed, "slot_closed", "Không thể đặt lịch vào khung giờ này",
              "This time cannot be booked"},
    ErrorInfo{ErrorCode::bookingWrongState, "booking_wrong_state",
              "Lịch hẹn đã bị hủy, đã làm thủ tục hoặc đã quá hạn", "The appointment is cancelled, checked in or over"},
    ErrorInfo{ErrorCode::tooEarly, "too_early", "Chưa đến giờ làm thủ tục cho lịch hẹn này",
              "It is too early to check in for this appointment"},
    ErrorInfo{ErrorCode::notFound, "not_found", "Không tìm thấy", "Not found"},
    ErrorInfo{ErrorCode::methodNotAllowed, "method_not_allowed", "Phương thức không được hỗ trợ",
              "Method not allowed"},
    ErrorInfo{ErrorCode::invalidJson, "invalid_json", "Dữ liệu gửi lên không phải JSON hợp lệ",
              "The body is not valid JSON"},
    ErrorInfo{ErrorCode::unsupportedMediaType, "unsupported_media_type",
              "Dữ liệu gửi lên phải là JSON", "The body must be application/json"},
    ErrorInfo{ErrorCode::bodyTooLarge, "body_too_large", "Dữ liệu gửi lên quá lớn",
              "The request body is too large"},
    ErrorInfo{ErrorCode::headersTooLarge, "headers_too_large", "Yêu cầu quá lớn",
              "The request headers are too large"},
    ErrorInfo{ErrorCode::requestTimeout, "request_timeout", "Yêu cầu gửi quá chậm",
              "The request did not arrive in time"},
    ErrorInfo{ErrorCode::unauthenticated, "unauthenticated", "Chưa đăng nhập hoặc phiên đã hết hạn",
              "Not logged in, or the session has expired"},
    ErrorInfo{ErrorCode::wrongPin, "wrong_pin", "Sai mã PIN", "Wrong PIN"},
    ErrorInfo{ErrorCode::forbidden, "forbidden", "Không có quyền thực hiện thao tác này",
              "Not allowed for this role or counter"},
    ErrorInfo{ErrorCode::rateLimited, "rate_limited", "Thao tác quá nhanh, xin thử lại sau",
              "Too many requests; try again shortly"},
    ErrorInfo{ErrorCode::tooManyAttempts, "too_many_attempts",
              "Nhập sai quá nhiều lần, xin thử lại sau", "Too many wrong PINs; try again later"},
    ErrorInfo{ErrorCode::tooManyConnections, "too_many_connections", "Hệ thống đang quá tải",
              "Too many connections"},
    ErrorInfo{ErrorCode::serverBusy, "server_busy", "Hệ thống đang bận, xin thử lại sau giây lát",
              "The server is busy; try again in a moment"},
};

const ErrorInfo& info(ErrorCode code) {
    for (const auto& e : kErrors) {
        if (e.code == code) {
            return e;
        }
    }
    return kErrors[0];
}

} // namespace

std::string_view errorName(ErrorCode code) { return info(code).name; }
std::string_view errorTextVi(ErrorCode code) { return info(code).vi; }
std::string_view errorTextEn(ErrorCode code) { return info(code).en; }

} // namespace qmsd
