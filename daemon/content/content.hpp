#pragma once
// The information the office keeps current while it runs (issue 13): notices
// for the TV, the LED boards and the kiosks, and one procedure sheet per field
// ("what do I need to bring?"). Plain data; editors change it through the API
// as engine commands, so every change is an event committed like a ticket's.
#include "core/time.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace qmsd {

// Where a notice is shown; a notice names one or more.
enum Screen : unsigned { screenTv = 1, screenBoard = 2, screenKiosk = 4 };
inline constexpr unsigned kAllScreens = screenTv | screenBoard | screenKiosk;
std::string_view screenName(Screen s); // "tv", "board", "kiosk": stable, on the wire
bool parseScreen(std::string_view name, Screen& out);
std::vector<std::string> screenNames(unsigned screens);

struct Notice {
    std::string id;       // "n<seq of the event that created it>": unique for good
    std::string title;    // optional headline (the TV shows it large)
    std::string text;     // the notice itself; may hold line breaks
    TimePoint startsAt{}; // unset: from when it is saved
    TimePoint endsAt{};   // unset: until it is deleted
    unsigned screens = kAllScreens;
    int order = 0;   // lower first; ties by id
    int version = 0; // 1 on creation, +1 per save
    TimePoint updatedAt{};
    std::string updatedBy; // the actor ("editor:bientap", "leader:leader")

    bool shownAt(TimePoint now) const {
        return (startsAt == TimePoint{} || startsAt <= now) &&
               (endsAt == TimePoint{} || now < endsAt);
    }
    bool operator==(const Notice&) const = default;
};

// A field's procedure sheet: what a citizen needs to know before queueing.
struct ProcedureSheet {
    std::string field;
    std::vector<std::string> documents; // one line each: "Tờ khai đăng ký khai sinh (bản chính)"
    std::string fees;                   // "Miễn lệ phí (đăng ký đúng hạn)"
    std::string processingTime;         // "Trong ngày làm việc"
    std::string legalBasis;             // "Luật Hộ tịch 2014; Nghị định 123/2015/NĐ-CP"
    std::string notes;
    int version = 0;
    TimePoint updatedAt{};
    std::string updatedBy;

    bool operator==(const ProcedureSheet&) const = default;
};

// Bounds, in characters (code points), so a sheet fits a screen and a request.
struct ContentLimits {
    static constexpr std::size_t titleChars = 120;
    static constexpr std::size_t textChars = 1000;
    static constexpr int orderMagnitude = 1000;
    static constexpr std::size_t maxNotices = 300;
    static constexpr std::size_t documentChars = 300;
    static constexpr std::size_t maxDocuments = 30;
    static constexpr std::size_t feesChars = 500;
    static constexpr std::size_t processingTimeChars = 200;
    static constexpr std::size_t legalBasisChars = 2000;
    static constexpr std::size_t notesChars = 1000;
};

} // namespace qmsd
