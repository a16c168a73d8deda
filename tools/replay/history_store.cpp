#include "history.hpp"

#include "history_detail.hpp"

#include <map>

namespace qmsd::replay {
namespace {

struct CounterNow {
    bool open = false;
    bool paused = false;
    TimePoint since{};
    std::vector<std::string> fields;
};

// One day's events → its tickets and counter windows.
class DayReader {
  public:
    DayReader(const OfficeConfig& cfg, DayHistory& day, TimePoint dayEnd)
        : cfg_(cfg), day_(day), dayEnd_(dayEnd) {}

    void onEvent(const Event& e) {
        switch (e.kind) {
        case EventKind::ticketIssued:
            index_[e.ticketId] = day_.tickets.size();
            day_.tickets.push_back(HistTicket{e.at, e.field, e.priority, Fate::left});
            return;
        case EventKind::counterOpened:
        case EventKind::counterClosed:
        case EventKind::counterPaused:
        case EventKind::counterResumed:
            onCounter(e);
            return;
        default:
            break;
        }
        auto it = index_.find(e.ticketId);
        if (it == index_.end()) {
            return;
        }
        HistTicket& t = day_.tickets[it->second];
        switch (e.kind) {
        case EventKind::ticketCalled:
            if (!t.calledAt) {
                t.calledAt = e.at;
            }
            t.counter = e.counter;
            serviceFrom_[e.ticketId] = e.at;
            break;
        case EventKind::ticketStarted:
            serviceFrom_[e.ticketId] = e.at;
            break;
        case EventKind::ticketFinished:
            t.fate = Fate::served;
            t.service = e.at - serviceFrom_[e.ticketId];
            t.endedAt = e.at;
            break;
        case EventKind::ticketNoShow:
            t.fate = Fate::noShow;
            t.service = e.at - serviceFrom_[e.ticketId];
            t.endedAt = e.at;
            break;
        case EventKind::ticketParked:
        case EventKind::ticketTransferred:
            t.endedAt = e.at; // the desk is free again
            break;
        case EventKind::ticketReinstated:
            t.fate = Fate::left;
            break;
        case EventKind::ticketCancelled:
            t.fate = Fate::left;
            t.leftAt = e.at;
            break;
        case EventKind::ticketExpired:
            t.fate = Fate::left;
            t.leftAt.reset();
            break;
        default:
            break;
        }
    }

    void finish() {
        for (auto& [number, c] : counters_) {
            stop(number, c, dayEnd_);
        }
    }

  private:
    void start(CounterNow& c, TimePoint at) { c.since = at; }
    void stop(int number, CounterNow& c, TimePoint at) {
        if (c.open && !c.paused && at > c.since) {
            day_.windows.push_back(CounterWindow{number, c.since, at, c.fields});
        }
    }

    void onCounter(const Event& e) {
        CounterNow& c = counters_[e.counter];
        switch (e.kind) {
        case EventKind::counterOpened:
            stop(e.counter, c, e.at);
            c = CounterNow{true, false, e.at, detail::callableFields(cfg_, e.counter, e.staff)};
            break;
        case EventKind::counterClosed:
            stop(e.counter, c, e.at);
            c.open = false;
            break;
        case EventKind::counterPaused:
            stop(e.counter, c, e.at);
            c.paused = true;
            break;
        case EventKind::counterResumed:
            c.paused = false;
            start(c, e.at);
            break;
        default:
            break;
        }
    }

    const OfficeConfig& cfg_;
    DayHistory& day_;
    TimePoint dayEnd_;
    std::map<TicketId, std::size_t> index_;
    std::map<TicketId, TimePoint> serviceFrom_;
    std::map<int, CounterNow> counters_;
};

} // namespace

Result<History> historyFromStore(Store& store, const OfficeConfig& cfg, const OfficeClock& clock,
                                 const reports::DayRange& range) {
    History h;
    h.range = range;
    for (std::string day = range.from;; day = nextDay(day)) {
        auto events = store.eventsOfDay(day);
        if (!events) {
            return events.error();
        }
        DayHistory d;
        d.day = day;
        DayReader reader(cfg, d, clock.instantOf(nextDay(day), 0) - Millis{1});
        for (const auto& e : *events) {
            reader.onEvent(e);
        }
        reader.finish();
        if (!d.tickets.empty()) {
            h.days.push_back(std::move(d));
        }
        if (day == range.to) {
            break;
        }
    }
    detail::assumeServiceOfLeavers(h);
    readAttendance(h, cfg);
    return h;
}

} // namespace qmsd::replay
