// printWhatIf and whatIfJson (what_if.hpp).
#include "local_time.hpp"
#include "text_table.hpp"
#include "what_if.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <ostream>

namespace qmsd::replay {
namespace {

std::string percent(const std::optional<double>& share) {
    if (!share) {
        return "-";
    }
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f%%", *share * 100.0);
    return buf;
}

nlohmann::json scenarioJson(const ScenarioFigures& s) {
    nlohmann::json j{
        {"tickets", s.tickets},
        {"waits", s.wait.count},
        {"wait_seconds", {{"mean", s.wait.mean}, {"p50", s.wait.median}, {"p90", s.wait.p90}}}};
    j["within_target_share"] =
        s.shareWithinTarget ? nlohmann::json(*s.shareWithinTarget) : nlohmann::json(nullptr);
    return j;
}

nlohmann::json fieldJson(const FieldWhatIf& f) {
    nlohmann::json j{{"name", f.name},
                     {"actual", scenarioJson(f.actual)},
                     {"baseline", scenarioJson(f.baseline)},
                     {"what_if", scenarioJson(f.whatIf)}};
    if (!f.field.empty()) {
        j["field"] = f.field;
        j["target_wait_minutes"] = f.targetMinutes;
    }
    return j;
}

} // namespace

void printWhatIf(std::ostream& out, const WhatIfResult& r) {
    out << "period " << r.range.from << " … " << r.range.to << "; plan:";
    for (const auto& c : r.changes) {
        out << ' ' << c;
    }
    out << (r.changes.empty() ? " (no change)\n" : "\n");
    for (const auto& n : r.notes) {
        out << "note: " << n << '\n';
    }
    std::size_t nameWidth = 18;
    for (const auto& f : r.fields) {
        nameWidth = std::max(nameWidth, displayWidth(f.name));
    }
    TextTable t({-static_cast<int>(nameWidth), -8, 7, 6, 10, 10, 10, 9, -8});
    out << t.row({"field", "scenario", "tickets", "called", "wait mean", "p50", "p90", "≤ target",
                  "target"})
        << '\n';
    auto print = [&out, &t](const FieldWhatIf& f) {
        // The field's name and target on its first line only.
        std::string name = f.name;
        std::string target = f.field.empty() ? "" : std::to_string(f.targetMinutes) + " min";
        for (auto [label, s] : {std::pair{"actual", &f.actual}, std::pair{"baseline", &f.baseline},
                                std::pair{"what-if", &f.whatIf}}) {
            out << t.row({name, label, std::to_string(s->tickets), std::to_string(s->wait.count),
                          formatDuration(s->wait.mean), formatDuration(s->wait.median),
                          formatDuration(s->wait.p90), percent(s->shareWithinTarget), target})
                << '\n';
            name.clear();
            target.clear();
        }
    };
    for (const auto& f : r.fields) {
        print(f);
    }
    print(r.total);
}

nlohmann::json whatIfJson(const WhatIfResult& r) {
    nlohmann::json fields = nlohmann::json::array();
    for (const auto& f : r.fields) {
        fields.push_back(fieldJson(f));
    }
    return nlohmann::json{{"from", r.range.from}, {"to", r.range.to},
                          {"changes", r.changes}, {"notes", r.notes},
                          {"fields", fields},     {"total", fieldJson(r.total)}};
}

} // namespace qmsd::replay
