#include "csv_figures.hpp"

#include <algorithm>
#include <map>

namespace qmsd::replay {
namespace {

struct Samples {
    FieldFigures figures;
    std::vector<std::int64_t> waitMs;
    std::vector<std::int64_t> serviceMs;
};

void add(Samples& s, const ArrivalRow& r, std::int64_t targetMs) {
    FieldFigures& f = s.figures;
    ++f.issued;
    switch (r.outcome) {
    case Outcome::served:
        ++f.served;
        break;
    case Outcome::noShow:
        ++f.noShow;
        break;
    case Outcome::cancelled:
        ++f.cancelled;
        break;
    }
    if (r.calledAt) {
        std::int64_t wait = (*r.calledAt - r.issuedAt).count();
        s.waitMs.push_back(wait);
        ++(wait <= targetMs ? f.withinTarget : f.missedTarget);
    } else if ((r.endedAt() - r.issuedAt).count() > targetMs) {
        ++f.missedTarget;
    }
    if (auto service = r.service()) {
        s.serviceMs.push_back(service->count());
    }
}

FieldFigures finish(Samples& s) {
    s.figures.wait = statsOf(std::move(s.waitMs));
    s.figures.service = statsOf(std::move(s.serviceMs));
    return s.figures;
}

} // namespace

std::optional<double> FieldFigures::shareWithinTarget() const {
    if (withinTarget + missedTarget == 0) {
        return std::nullopt;
    }
    return static_cast<double>(withinTarget) / (withinTarget + missedTarget);
}

reports::DurationStats statsOf(std::vector<std::int64_t> millis) {
    reports::DurationStats s;
    if (millis.empty()) {
        return s;
    }
    std::sort(millis.begin(), millis.end());
    std::size_t n = millis.size();
    std::int64_t sum = 0;
    for (auto v : millis) {
        sum += v;
    }
    s.count = static_cast<int>(n);
    s.mean = static_cast<double>(sum) / static_cast<double>(n) / 1000.0;
    s.median = n % 2 == 1 ? static_cast<double>(millis[n / 2]) / 1000.0
                          : static_cast<double>(millis[n / 2 - 1] + millis[n / 2]) / 2000.0;
    std::size_t rank = (9 * n + 9) / 10; // ceil(0.9·n) in integers
    s.p90 = static_cast<double>(millis[rank - 1]) / 1000.0;
    return s;
}

CsvFigures figuresOf(const std::vector<ArrivalRow>& rows, const OfficeConfig& cfg) {
    std::map<std::string, Samples> byField;
    Samples total;
    for (const auto& r : rows) {
        const FieldConfig* f = cfg.field(r.field);
        std::int64_t targetMs =
            static_cast<std::int64_t>(f != nullptr ? f->targetWaitMinutes : 15) * 60'000;
        add(byField[r.field], r, targetMs);
        add(total, r, targetMs);
    }
    CsvFigures out;
    for (const auto& f : cfg.fields) {
        auto it = byField.find(f.id);
        if (it != byField.end()) {
            it->second.figures.field = f.id;
            out.byField.push_back(finish(it->second));
        }
    }
    out.total = finish(total);
    return out;
}

} // namespace qmsd::replay
