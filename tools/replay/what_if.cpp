#include "what_if.hpp"

#include "engine_driver.hpp"
#include "history.hpp"
#include "what_if_sim.hpp"

#include <algorithm>
#include <functional>

namespace qmsd::replay {
namespace {

ScenarioFigures fromReport(const reports::Breakdown& b) {
    return ScenarioFigures{b.outcomes.issued, b.wait, b.shareWithinTarget};
}

ScenarioFigures fromCsv(const FieldFigures& f) {
    return ScenarioFigures{f.issued, f.wait, f.shareWithinTarget()};
}

const reports::Breakdown* rowOf(const reports::Report& r, const std::string& field) {
    for (const auto& b : r.byField) {
        if (b.key == field) {
            return &b;
        }
    }
    return nullptr;
}

// Actual figures per field (from wherever they came) beside both simulations.
WhatIfResult
combine(const WhatIfInput& in,
        const std::function<std::optional<ScenarioFigures>(const std::string&)>& actualOf,
        const SimOutcome& baseline, const SimOutcome& whatIf) {
    WhatIfResult out;
    out.range = in.range;
    for (const auto& c : in.changes) {
        out.changes.push_back(c.text);
    }
    for (const auto& f : in.config->fields) {
        auto actual = actualOf(f.id);
        if (!actual || actual->tickets == 0) {
            continue;
        }
        FieldWhatIf row{f.id, f.name, f.targetWaitMinutes, *actual, {}, {}};
        if (const auto* b = rowOf(baseline.report, f.id)) {
            row.baseline = fromReport(*b);
        }
        if (const auto* w = rowOf(whatIf.report, f.id)) {
            row.whatIf = fromReport(*w);
        }
        out.fields.push_back(row);
    }
    for (const auto& c : in.changes) {
        bool seen = std::any_of(out.fields.begin(), out.fields.end(),
                                [&c](const auto& f) { return f.field == c.field; });
        if (!seen) {
            out.notes.push_back(c.text + ": no '" + c.field + "' tickets in the period");
        }
    }
    out.total = FieldWhatIf{"",
                            "Tổng (all fields)",
                            0,
                            *actualOf(""),
                            fromReport(baseline.report.total),
                            fromReport(whatIf.report.total)};
    out.simulatedCommands = baseline.commands + whatIf.commands;
    return out;
}

Result<std::pair<SimOutcome, SimOutcome>>
simulateBoth(const History& history, const WhatIfInput& in, std::vector<std::string>& notes) {
    auto clock = OfficeClock::forZone(in.config->office.timeZone);
    if (!clock) {
        return clock.error();
    }
    auto baseDb = ReplayDb::make("");
    auto planDb = ReplayDb::make("");
    if (!baseDb || !planDb) {
        return (!baseDb ? baseDb.error() : planDb.error());
    }
    auto baseline = simulate(history, *in.config, baseDb->path());
    if (!baseline) {
        return baseline.error();
    }
    History changed = history;
    applyPlan(changed, in.changes, *in.config, *clock, notes);
    auto whatIf = simulate(changed, *in.config, planDb->path());
    if (!whatIf) {
        return whatIf.error();
    }
    return std::pair{std::move(*baseline), std::move(*whatIf)};
}

} // namespace

Result<WhatIfResult> whatIfFromArrivals(const Arrivals& arrivals, const WhatIfInput& in) {
    auto clock = OfficeClock::forZone(in.config->office.timeZone);
    if (!clock) {
        return clock.error();
    }
    History history = historyFromArrivals(arrivals, *in.config, *clock, in.range);
    std::vector<ArrivalRow> rows;
    for (const auto& r : arrivals.rows) {
        if (r.day >= in.range.from && r.day <= in.range.to) {
            rows.push_back(r);
        }
    }
    CsvFigures actual = figuresOf(rows, *in.config);
    std::vector<std::string> notes;
    auto sims = simulateBoth(history, in, notes);
    if (!sims) {
        return sims.error();
    }
    auto actualOf = [&actual](const std::string& field) -> std::optional<ScenarioFigures> {
        if (field.empty()) {
            return fromCsv(actual.total);
        }
        for (const auto& f : actual.byField) {
            if (f.field == field) {
                return fromCsv(f);
            }
        }
        return std::nullopt;
    };
    WhatIfResult out = combine(in, actualOf, sims->first, sims->second);
    out.notes.insert(out.notes.begin(), notes.begin(), notes.end());
    return out;
}

Result<WhatIfResult> whatIfFromStore(const std::string& dbPath, const WhatIfInput& in) {
    auto clock = OfficeClock::forZone(in.config->office.timeZone);
    if (!clock) {
        return clock.error();
    }
    auto store = Store::open(dbPath, StoreOptions{true, std::nullopt});
    if (!store) {
        return store.error();
    }
    auto history = historyFromStore(**store, *in.config, *clock, in.range);
    if (!history) {
        return history.error();
    }
    reports::ReportOptions options;
    options.range = in.range;
    options.targets = reports::targetsFromConfig(*in.config);
    options.useDigestCache = false; // leave the office's database as it is
    auto actual = reports::queryReport((*store)->database(), *in.config, options);
    if (!actual) {
        return actual.error();
    }
    std::vector<std::string> notes;
    auto sims = simulateBoth(*history, in, notes);
    if (!sims) {
        return sims.error();
    }
    const reports::Report& real = *actual;
    auto actualOf = [&real](const std::string& field) -> std::optional<ScenarioFigures> {
        if (field.empty()) {
            return fromReport(real.total);
        }
        const auto* b = rowOf(real, field);
        return b != nullptr ? std::optional{fromReport(*b)} : std::nullopt;
    };
    WhatIfResult out = combine(in, actualOf, sims->first, sims->second);
    out.notes.insert(out.notes.begin(), notes.begin(), notes.end());
    return out;
}

} // namespace qmsd::replay
