#pragma once
// What one local day contributes to a report, as compact records: counts per
// (field, counter, staff, hour) slot, every wait and service sample, counter
// and pause time in whole milliseconds, and the day's per-hour load. A report
// over a range is the merge of its days' digests (report_merge), whether a
// digest was just replayed from the event log or read back from the cache, so
// both paths give the same numbers by construction.
//
// A digest does not depend on the service targets (within/over target is
// decided at merge time from the raw milliseconds); it does depend on which
// fields each counter and staff member can call and on the time zone, hence
// configHash().
#include "config/office_config.hpp"
#include "reports/outcomes.hpp"

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qmsd::reports {

// Bump when the replay or the encoding changes: older cached digests are recomputed.
constexpr int kDigestVersion = 4; // 2: estimates; 3: counter time by the field served; 4: ratings on four levels, answers, comments

struct DigestSlot {
    int field = -1;  // index into DayDigest::fields, -1 none
    int counter = 0; // 0 none
    int staff = -1;  // index into DayDigest::staff, -1 none
    int hour = 0;    // local hour of the day, 0–23
    auto operator<=>(const DigestSlot&) const = default;
};

struct SlotCounts {
    Outcomes outcomes;
    std::array<int, 4> levels{};   // ratings by level (engine/rating.hpp): [0] Không hài lòng … [3] Rất hài lòng
    std::array<int, 3> channels{}; // ratings by channel: phone, screen, box
};

// A slot's answers to one of the office's rating questions, by level.
struct AnswerCount {
    int slot = 0;
    int question = 0; // index into DayDigest::questions
    std::array<int, 4> levels{};
};

// A citizen's comment with its rating, for the leader.
struct DigestComment {
    int slot = 0;
    std::int64_t atMs = 0; // when it was rated
    std::string code;      // the ticket, "A012"
    int level = 0;
    std::string text;
};

struct DigestSample {
    int slot = 0;
    std::int32_t ms = 0;
};

// A ticket's first wait (in its issue field) next to the estimate it was
// issued with: the check of the kiosk's estimate against what followed.
struct EstimateSample {
    int slot = 0; // the wait's slot
    std::int32_t estimateMs = 0;
    std::int32_t waitMs = 0;
};

struct CounterDayTime {
    int counter = 0;
    std::int64_t openMs = 0;
    std::int64_t busyMs = 0;
    std::int64_t pausedMs = 0;
    std::int64_t idleWhileWaitingMs = 0;
};

struct PauseDay {
    int counter = 0;
    std::string reason;
    int count = 0;
    std::int64_t ms = 0;
};

struct FieldHourLoad {
    int field = 0; // index into DayDigest::fields
    int hour = 0;
    int arrivals = 0;
    std::int64_t serviceMs = 0;
    int serviceCount = 0;
    std::int64_t counterMs = 0;
};

struct DayDigest {
    std::string day;
    bool active = false;      // the day has at least one event
    int weekday = 0;          // 0 = Monday
    std::int64_t lastSeq = 0; // the day's last event; a later append makes a cached copy stale
    std::vector<std::string> fields;
    std::vector<std::string> staff;
    std::vector<DigestSlot> slots;
    std::vector<SlotCounts> counts; // parallel to slots
    std::vector<DigestSample> waits;    // called from a queue: ms waited
    std::vector<DigestSample> uncalled; // left a queue uncalled: ms waited
    std::vector<DigestSample> services; // ms of service
    std::vector<EstimateSample> estimates;
    std::vector<CounterDayTime> counterTime;
    std::vector<PauseDay> pauses;
    std::vector<FieldHourLoad> load;
    std::vector<std::string> questions; // rating question ids answered this day
    std::vector<AnswerCount> answers;
    std::vector<DigestComment> comments;
};

std::string encodeDigest(const DayDigest& d);
// Empty on a truncated or malformed blob (the caller recomputes the day).
std::optional<DayDigest> decodeDigest(std::string_view blob);

// Fingerprint of the configuration a digest depends on (time zone, each
// counter's fields, each staff member's fields).
std::int64_t configHash(const OfficeConfig& cfg);

} // namespace qmsd::reports
