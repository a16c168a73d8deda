#include "csv_arrivals.hpp"

#include "csv_reader.hpp"
#include "local_time.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace qmsd::replay {
namespace {

enum Column {
    kIssuedAt,
    kField,
    kCalledAt,
    kServiceStart,
    kServiceEnd,
    kCounter,
    kStaff,
    kOutcome,
    kPriority,
    kColumns
};
constexpr std::array<std::string_view, kColumns> kNames{"issued_at",     "field",       "called_at",
                                                        "service_start", "service_end", "counter",
                                                        "staff",         "outcome",     "priority"};
constexpr int kRequired = kCounter + 1; // issued_at … counter

struct RowReader {
    const std::string& source;
    const OfficeConfig& cfg;
    const OfficeClock& clock;
    const std::array<int, kColumns>& index; // column → cell index, -1 when absent
    const CsvRecord& rec;

    Error error(Column c, const std::string& what) const {
        return makeError(ErrorCode::invalidArgument, source + ":" + std::to_string(rec.line) +
                                                         ": column '" + std::string(kNames[c]) +
                                                         "': " + what);
    }
    std::string cell(Column c) const {
        int i = index[c];
        return i < 0 || static_cast<std::size_t>(i) >= rec.cells.size()
                   ? std::string{}
                   : rec.cells[static_cast<std::size_t>(i)];
    }
    Result<std::optional<TimePoint>> time(Column c, const std::string& day) const {
        std::string text = cell(c);
        if (text.empty()) {
            return std::optional<TimePoint>{};
        }
        auto t = parseLocalDateTime(text, clock);
        if (!t) {
            return error(c, t.error().message);
        }
        if (!day.empty() && clock.localDay(*t) != day) {
            return error(c, text + " is not on " + day + ", the day the ticket was issued");
        }
        return std::optional<TimePoint>{*t};
    }
    Result<ArrivalRow> read() const;
    Status checkOutcome(const ArrivalRow& r) const;
};

Result<ArrivalRow> RowReader::read() const {
    ArrivalRow r;
    r.line = rec.line;
    if (rec.cells.size() != static_cast<std::size_t>(std::count_if(index.begin(), index.end(),
                                                                   [](int i) { return i >= 0; }))) {
        return makeError(ErrorCode::invalidArgument,
                         source + ":" + std::to_string(rec.line) + ": " +
                             std::to_string(rec.cells.size()) +
                             " cells, the header has a different number");
    }
    auto issued = time(kIssuedAt, "");
    if (!issued) {
        return issued.error();
    }
    if (!*issued) {
        return error(kIssuedAt, "empty");
    }
    r.issuedAt = **issued;
    r.day = clock.localDay(r.issuedAt);
    std::string field = cell(kField);
    for (const auto& f : cfg.fields) {
        if (f.id == field || f.name == field) {
            r.field = f.id;
        }
    }
    if (r.field.empty()) {
        return error(kField, "'" + field + "' is no field id or name of " + cfg.sourcePath);
    }
    r.priority = cell(kPriority);
    if (!r.priority.empty() && cfg.priority(r.priority) == nullptr) {
        return error(kPriority, "'" + r.priority + "' is no priority class of " + cfg.sourcePath);
    }
    for (auto [col, slot] :
         {std::pair{kCalledAt, &r.calledAt}, std::pair{kServiceStart, &r.serviceStart},
          std::pair{kServiceEnd, &r.serviceEnd}}) {
        auto t = time(col, r.day);
        if (!t) {
            return t.error();
        }
        *slot = *t;
    }
    if (std::string counter = cell(kCounter); !counter.empty()) {
        auto [p, ec] = std::from_chars(counter.data(), counter.data() + counter.size(), r.counter);
        if (ec != std::errc{} || p != counter.data() + counter.size() || r.counter <= 0) {
            return error(kCounter, "'" + counter + "' is not a counter number");
        }
    }
    r.staff = cell(kStaff);
    std::string outcome = cell(kOutcome);
    if (outcome.empty() || outcome == "served") {
        r.outcome = Outcome::served;
    } else if (outcome == "no_show") {
        r.outcome = Outcome::noShow;
    } else if (outcome == "cancelled") {
        r.outcome = Outcome::cancelled;
    } else {
        return error(kOutcome, "'" + outcome + "' is none of served, no_show, cancelled");
    }
    if (auto st = checkOutcome(r); !st) {
        return st.error();
    }
    return r;
}

// Which cells each outcome needs, and that its times run forward.
Status RowReader::checkOutcome(const ArrivalRow& r) const {
    bool served = r.outcome == Outcome::served;
    bool cancelled = r.outcome == Outcome::cancelled;
    if (cancelled) {
        if (r.calledAt) {
            return error(kCalledAt, "a cancelled ticket left without being called: leave it empty");
        }
        if (r.serviceStart) {
            return error(kServiceStart, "must be empty for a cancelled ticket");
        }
        if (r.counter != 0) {
            return error(kCounter, "must be empty for a cancelled ticket");
        }
    } else {
        if (!r.calledAt) {
            return error(kCalledAt, "empty (needed unless the outcome is cancelled)");
        }
        if (r.counter == 0) {
            return error(kCounter, "empty (needed unless the outcome is cancelled)");
        }
    }
    if (served && !r.serviceEnd) {
        return error(kServiceEnd, "empty (needed for a served ticket)");
    }
    if (r.outcome == Outcome::noShow && r.serviceStart) {
        return error(kServiceStart, "must be empty for a no-show");
    }
    if (r.calledAt && *r.calledAt < r.issuedAt) {
        return error(kCalledAt, "before issued_at");
    }
    if (r.serviceStart && *r.serviceStart < *r.calledAt) {
        return error(kServiceStart, "before called_at");
    }
    if (r.serviceEnd) {
        TimePoint from = r.serviceStart ? *r.serviceStart : r.calledAt ? *r.calledAt : r.issuedAt;
        if (*r.serviceEnd < from) {
            return error(kServiceEnd, r.serviceStart ? "before service_start"
                                      : r.calledAt   ? "before called_at"
                                                     : "before issued_at");
        }
    }
    return Ok{};
}

Result<std::array<int, kColumns>> headerIndex(const CsvRecord& header, const std::string& source) {
    std::array<int, kColumns> index;
    index.fill(-1);
    for (std::size_t i = 0; i < header.cells.size(); ++i) {
        const std::string& name = header.cells[i];
        auto it = std::find(kNames.begin(), kNames.end(), name);
        if (it == kNames.end()) {
            return makeError(ErrorCode::invalidArgument, source + ":" +
                                                             std::to_string(header.line) +
                                                             ": unknown column '" + name + "'");
        }
        auto c = static_cast<std::size_t>(it - kNames.begin());
        if (index[c] >= 0) {
            return makeError(ErrorCode::invalidArgument, source + ":" +
                                                             std::to_string(header.line) +
                                                             ": column '" + name + "' twice");
        }
        index[c] = static_cast<int>(i);
    }
    for (int c = 0; c < kRequired; ++c) {
        if (index[static_cast<std::size_t>(c)] < 0) {
            return makeError(ErrorCode::invalidArgument,
                             source + ":" + std::to_string(header.line) + ": no column '" +
                                 std::string(kNames[static_cast<std::size_t>(c)]) + "'");
        }
    }
    return index;
}

} // namespace

TimePoint ArrivalRow::endedAt() const {
    if (serviceEnd) {
        return *serviceEnd;
    }
    return calledAt ? *calledAt : issuedAt;
}

std::optional<Millis> ArrivalRow::service() const {
    if (outcome != Outcome::served || !serviceEnd || !calledAt) {
        return std::nullopt;
    }
    return *serviceEnd - (serviceStart ? *serviceStart : *calledAt);
}

Result<Arrivals> parseArrivals(std::string_view text, const std::string& source,
                               const OfficeConfig& cfg, const OfficeClock& clock) {
    auto records = parseCsv(text, source);
    if (!records) {
        return records.error();
    }
    if (records->empty()) {
        return makeError(ErrorCode::invalidArgument, source + ": empty (no header row)");
    }
    auto index = headerIndex(records->front(), source);
    if (!index) {
        return index.error();
    }
    Arrivals out;
    out.source = source;
    for (std::size_t i = 1; i < records->size(); ++i) {
        RowReader reader{source, cfg, clock, *index, (*records)[i]};
        auto row = reader.read();
        if (!row) {
            return row.error();
        }
        out.rows.push_back(std::move(*row));
    }
    if (out.rows.empty()) {
        return makeError(ErrorCode::invalidArgument, source + ": a header but no rows");
    }
    return out;
}

Result<Arrivals> loadArrivals(const std::string& path, const OfficeConfig& cfg,
                              const OfficeClock& clock) {
    auto text = readTextFile(path);
    if (!text) {
        return text.error();
    }
    return parseArrivals(*text, path, cfg, clock);
}

} // namespace qmsd::replay
