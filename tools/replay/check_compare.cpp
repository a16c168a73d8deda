#include "check_compare.hpp"

#include "local_time.hpp"
#include "text_table.hpp"

#include <algorithm>
#include <cmath>
#include <ostream>
#include <tuple>

namespace qmsd::replay {
namespace {

constexpr double kToleranceSeconds = 0.001 + 1e-9;

void count(std::vector<FigureDiff>& diffs, const char* what, int csv, int report) {
    if (csv != report) {
        diffs.push_back(FigureDiff{what, std::to_string(csv), std::to_string(report)});
    }
}

void durations(std::vector<FigureDiff>& diffs, const std::string& what,
               const reports::DurationStats& csv, const reports::DurationStats& report) {
    count(diffs, (what + " count").c_str(), csv.count, report.count);
    for (auto [name, a, b] : {std::tuple{" mean", csv.mean, report.mean},
                              std::tuple{" median", csv.median, report.median},
                              std::tuple{" p90", csv.p90, report.p90}}) {
        if (std::fabs(a - b) > kToleranceSeconds) {
            diffs.push_back(FigureDiff{what + name, formatDuration(a), formatDuration(b)});
        }
    }
}

FieldCheck checkOf(std::string field, std::string name, const FieldFigures& csv,
                   const reports::Breakdown& report) {
    FieldCheck c{std::move(field), std::move(name), csv, report, {}};
    const reports::Outcomes& o = report.outcomes;
    count(c.diffs, "issued", csv.issued, o.issued);
    count(c.diffs, "served", csv.served, o.served);
    count(c.diffs, "no-show", csv.noShow, o.noShow);
    count(c.diffs, "cancelled", csv.cancelled, o.cancelled);
    count(c.diffs, "expired", 0, o.expired);
    count(c.diffs, "transferred", 0, o.transferred);
    count(c.diffs, "still open", 0, o.stillOpen);
    durations(c.diffs, "wait", csv.wait, report.wait);
    durations(c.diffs, "service", csv.service, report.service);
    count(c.diffs, "within target", csv.withinTarget, report.withinTarget);
    count(c.diffs, "over target", csv.missedTarget, report.missedTarget);
    return c;
}

bool active(const reports::Breakdown& b) {
    return b.outcomes.total() > 0 || b.wait.count > 0 || b.service.count > 0;
}

} // namespace

bool CheckResult::equal() const {
    return std::all_of(rows.begin(), rows.end(),
                       [](const FieldCheck& c) { return c.diffs.empty(); });
}

CheckResult compareFigures(const CsvFigures& csv, const reports::Report& report,
                           const OfficeConfig& cfg) {
    CheckResult out;
    auto csvOf = [&csv](const std::string& id) -> FieldFigures {
        for (const auto& f : csv.byField) {
            if (f.field == id) {
                return f;
            }
        }
        FieldFigures none;
        none.field = id;
        return none;
    };
    std::vector<std::string> ids;
    for (const auto& f : cfg.fields) {
        ids.push_back(f.id);
    }
    for (const auto& b : report.byField) {
        if (std::find(ids.begin(), ids.end(), b.key) == ids.end()) {
            ids.push_back(b.key); // a field the config does not know: still compared
        }
    }
    for (const auto& id : ids) {
        reports::Breakdown rb;
        rb.key = id;
        for (const auto& b : report.byField) {
            if (b.key == id) {
                rb = b;
            }
        }
        FieldFigures cf = csvOf(id);
        if (cf.issued == 0 && !active(rb)) {
            continue;
        }
        const FieldConfig* fc = cfg.field(id);
        out.rows.push_back(checkOf(id, fc != nullptr ? fc->name : id, cf, rb));
    }
    out.rows.push_back(checkOf("", "Tổng (all fields)", csv.total, report.total));
    return out;
}

void printCheck(std::ostream& out, const CheckResult& result) {
    std::size_t nameWidth = 18;
    for (const auto& r : result.rows) {
        nameWidth = std::max(nameWidth, displayWidth(r.name));
    }
    TextTable t({-static_cast<int>(nameWidth), -6, 5, 10, 10, 10, 8, 10, 10, 10, -4});
    out << t.row({"field", "source", "n", "wait mean", "p50", "p90", "served", "svc mean", "p50",
                  "p90", ""})
        << '\n';
    auto figures = [](const reports::DurationStats& s) {
        return std::vector<std::string>{formatDuration(s.mean), formatDuration(s.median),
                                        formatDuration(s.p90)};
    };
    for (const auto& r : result.rows) {
        auto w = figures(r.csv.wait);
        auto s = figures(r.csv.service);
        out << t.row({r.name, "csv", std::to_string(r.csv.issued), w[0], w[1], w[2],
                      std::to_string(r.csv.served), s[0], s[1], s[2], ""})
            << '\n';
        w = figures(r.report.wait);
        s = figures(r.report.service);
        out << t.row({"", "report", std::to_string(r.report.outcomes.issued), w[0], w[1], w[2],
                      std::to_string(r.report.outcomes.served), s[0], s[1], s[2],
                      r.diffs.empty() ? "OK" : "DIFF"})
            << '\n';
    }
    for (const auto& r : result.rows) {
        for (const auto& d : r.diffs) {
            out << "DIFF " << r.name << ": " << d.what << ": csv " << d.csv << ", report "
                << d.report << '\n';
        }
    }
}

} // namespace qmsd::replay
