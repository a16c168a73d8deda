#include "estimate_accuracy.hpp"

#include "analytics/field_figures.hpp"
#include "analytics/wait_text.hpp"
#include "clock/office_clock.hpp"

#include <cmath>
#include <cstdio>
#include <ostream>

namespace qmsd::bench {

void AccuracyRecorder::onIssue(const replay::EngineDriver& d, const replay::ArrivalRow& row, std::size_t index,
                               TimePoint at) {
    const QueueEngine& engine = d.engine();
    auto fresh = d.estimator().newTicket(engine, row.field, !row.priority.empty(), at);
    CounterCapacity cap = counterCapacity(engine, row.field);
    if (!fresh || !fresh->known || cap.counters == 0) {
        return; // "chưa rõ": nothing to hold against the wait
    }
    Told t;
    t.row = index;
    t.field = row.field;
    t.hour = engine.clock().local(at).minuteOfDay / 60;
    // The simple predictors get the same mean service qmsd uses, so the
    // comparison is of the queue logic, not of who knows the service better.
    double aht = d.estimator().model(engine, at).service(row.field).meanMinutes;
    double ahead = static_cast<double>(engine.peopleAheadOfNew(row.field, !row.priority.empty()));
    t.minutes[kQmsd] = fresh->minutes;
    t.minutes[kSimple] = aht * ahead / cap.counters;
    t.minutes[kSimpleNext] = aht * (ahead + 1) / cap.counters;
    t.minutes[kZero] = 0;
    WaitText w = waitText(&*fresh);
    t.low = w.lowMinutes;
    t.high = w.highMinutes == 0 ? 100000 : w.highMinutes;
    told_.push_back(t);
}

namespace {

struct Errors {
    int n = 0;
    double abs[kPredictors]{};
    double signedSum[kPredictors]{};
    int inRange = 0;
    void add(const Told& t, double wait) {
        ++n;
        for (int p = 0; p < kPredictors; ++p) {
            abs[p] += std::abs(wait - t.minutes[p]);
            signedSum[p] += wait - t.minutes[p];
        }
        inRange += wait >= t.low && wait <= t.high ? 1 : 0;
    }
    double mae(int p) const { return n > 0 ? abs[p] / n : 0; }
    double bias(int p) const { return n > 0 ? signedSum[p] / n : 0; }
};

void printRow(std::ostream& out, const std::string& label, const Errors& e) {
    char buf[320];
    std::snprintf(buf, sizeof buf, "%-34s %6d %7.1f %+6.1f %7.1f %+6.1f %7.1f %+6.1f %7.1f %+6.1f %7.2fx %6.2fx %5.0f%%\n",
                  label.c_str(), e.n, e.mae(kQmsd), e.bias(kQmsd), e.mae(kSimple), e.bias(kSimple), e.mae(kSimpleNext),
                  e.bias(kSimpleNext), e.mae(kZero), e.bias(kZero),
                  e.mae(kQmsd) / std::max(1e-9, std::min(e.mae(kSimple), e.mae(kSimpleNext))),
                  e.mae(kQmsd) / std::max(1e-9, e.mae(kZero)), e.n > 0 ? 100.0 * e.inRange / e.n : 0.0);
    out << buf;
}

void printHeader(std::ostream& out, const std::string& by) {
    char buf[320];
    std::snprintf(buf, sizeof buf, "%-34s %6s %7s %6s %7s %6s %7s %6s %7s %6s %8s %7s %6s\n", by.c_str(), "n",
                  "qmsd", "bias", "simple", "bias", "simple+1", "bias", "zero", "bias", "÷simple", "÷zero", "range");
    out << buf;
}

} // namespace

std::vector<double> AccuracyRecorder::report(std::ostream& out, const replay::Arrivals& a,
                                             const OfficeConfig& cfg) const {
    std::map<std::string, Errors> byField;
    std::map<int, Errors> byHour;
    Errors all;
    for (const Told& t : told_) {
        const replay::ArrivalRow& r = a.rows[t.row];
        if (!r.calledAt) {
            continue; // left uncalled: no wait to hold the figure against
        }
        double wait = std::chrono::duration<double, std::ratio<60>>(*r.calledAt - r.issuedAt).count();
        byField[t.field].add(t, wait);
        byHour[t.hour].add(t, wait);
        all.add(t, wait);
    }
    out << "  minutes; bias = mean(wait − told); ÷simple: qmsd's MAE over the better simple one's; "
           "range: waits inside the range shown\n";
    printHeader(out, "  field");
    for (const auto& f : cfg.fields) {
        if (auto it = byField.find(f.id); it != byField.end()) {
            printRow(out, "  " + f.name, it->second);
        }
    }
    printRow(out, "  all tickets", all);
    printHeader(out, "  hour issued");
    for (const auto& [hour, e] : byHour) {
        char label[32];
        std::snprintf(label, sizeof label, "  %02d:00–%02d:00", hour, hour + 1);
        printRow(out, label, e);
    }
    std::vector<double> mae;
    for (int p = 0; p < kPredictors; ++p) {
        mae.push_back(all.mae(p));
    }
    mae.push_back(all.n > 0 ? static_cast<double>(all.inRange) / all.n : 0);
    return mae;
}

} // namespace qmsd::bench
