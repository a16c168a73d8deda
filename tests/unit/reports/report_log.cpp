#include "report_log.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

namespace qmsd::test {

ReportLog::ReportLog() {
    auto s = Store::open(dir.file("qmsd.db"));
    REQUIRE(s.ok());
    store = std::move(*s);
}

Event& ReportLog::at(const std::string& day, int hour, int minute, EventKind kind, int second) {
    Event e;
    e.day = day;
    e.at = localTime(day, hour, minute, second);
    e.kind = kind;
    e.actor = "test";
    pending_.push_back(e);
    return pending_.back();
}

Event& ReportLog::issue(const std::string& day, int hour, int minute, TicketId id, const std::string& field) {
    Event& e = at(day, hour, minute, EventKind::ticketIssued);
    e.ticketId = id;
    e.field = field;
    e.number = static_cast<int>(id);
    e.code = "T" + std::to_string(id);
    return e;
}

Event& ReportLog::ticket(const std::string& day, int hour, int minute, EventKind kind, TicketId id, int counterNo) {
    Event& e = at(day, hour, minute, kind);
    e.ticketId = id;
    e.counter = counterNo;
    return e;
}

Event& ReportLog::counter(const std::string& day, int hour, int minute, EventKind kind, int number,
                          const std::string& staff) {
    Event& e = at(day, hour, minute, kind);
    e.counter = number;
    e.staff = staff;
    return e;
}

void ReportLog::commit() {
    // Days first, then time: the log is in commit order, which is day order.
    std::stable_sort(pending_.begin(), pending_.end(), [](const Event& a, const Event& b) {
        return a.day != b.day ? a.day < b.day : a.at < b.at;
    });
    for (auto& e : pending_) {
        e.seq = ++seq_;
    }
    REQUIRE(store->append(pending_).ok());
    pending_.clear();
}

} // namespace qmsd::test
