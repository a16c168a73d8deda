#include "upstream/wire.hpp"

#include "reports/report_query.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <map>

namespace qmsd::upstream {
namespace {

Json namedList(const auto& items) {
    Json out = Json::array();
    for (const auto& i : items) {
        out.push_back(Json{{"id", i.id}, {"name", i.name}});
    }
    return out;
}

// Reads the members a report needs; a missing or mistyped one is an error
// naming it. The one place JSON from the centre's table becomes a config.
class SnapshotReader {
  public:
    explicit SnapshotReader(const Json& j) : j_(j) {}

    Result<OfficeConfig> read() {
        OfficeConfig c;
        const Json* office = member(j_, "office", Json::value_t::object);
        if (office != nullptr) {
            c.office.name = text(*office, "name");
            c.office.timeZone = text(*office, "time_zone", "Asia/Ho_Chi_Minh");
        }
        for (const Json& f : list("fields")) {
            FieldConfig fc;
            fc.id = text(f, "id");
            fc.name = text(f, "name");
            fc.nameAscii = text(f, "name_ascii");
            fc.numbering.prefix = text(f, "prefix");
            fc.targetWaitMinutes = static_cast<int>(number(f, "target_wait_minutes", 15));
            fc.serviceLevelTarget = number(f, "service_level_target", 0.8);
            c.fields.push_back(std::move(fc));
        }
        for (const Json& k : list("counters")) {
            CounterConfig cc;
            cc.number = static_cast<int>(number(k, "number", 0));
            cc.name = text(k, "name");
            cc.fields = texts(k, "fields");
            c.counters.push_back(std::move(cc));
        }
        for (const Json& s : list("staff")) {
            StaffConfig sc;
            sc.id = text(s, "id");
            sc.name = text(s, "name");
            sc.fields = texts(s, "fields");
            c.staff.push_back(std::move(sc));
        }
        for (const Json& p : list("priorities")) {
            c.priorities.push_back(PriorityClass{text(p, "id"), text(p, "name")});
        }
        for (const Json& p : list("pause_reasons")) {
            c.pauseReasons.push_back(PauseReason{text(p, "id"), text(p, "name")});
        }
        if (!problem_.empty()) {
            return makeError(ErrorCode::invalidArgument, "config snapshot: " + problem_);
        }
        return c;
    }

  private:
    const Json* member(const Json& obj, const char* key, Json::value_t type) {
        auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) {
            return nullptr;
        }
        if (it->type() != type && !(type == Json::value_t::number_float && it->is_number())) {
            note(std::string(key) + " has the wrong type");
            return nullptr;
        }
        return &*it;
    }
    const Json& list(const char* key) {
        const Json* l = j_.is_object() ? member(j_, key, Json::value_t::array) : nullptr;
        return l != nullptr ? *l : empty_;
    }
    std::string text(const Json& obj, const char* key, std::string fallback = "") {
        const Json* v = obj.is_object() ? member(obj, key, Json::value_t::string) : nullptr;
        return v != nullptr ? v->get<std::string>() : fallback;
    }
    double number(const Json& obj, const char* key, double fallback) {
        const Json* v = obj.is_object() ? member(obj, key, Json::value_t::number_float) : nullptr;
        return v != nullptr ? v->get<double>() : fallback;
    }
    std::vector<std::string> texts(const Json& obj, const char* key) {
        std::vector<std::string> out;
        const Json* v = obj.is_object() ? member(obj, key, Json::value_t::array) : nullptr;
        for (const Json& e : v != nullptr ? *v : empty_) {
            if (e.is_string()) {
                out.push_back(e.get<std::string>());
            } else {
                note(std::string(key) + " holds a non-text");
            }
        }
        return out;
    }
    void note(std::string what) {
        if (problem_.empty()) {
            problem_ = std::move(what);
        }
    }

    const Json& j_;
    const Json empty_ = Json::array();
    std::string problem_;
};

} // namespace

Json configSnapshot(const OfficeConfig& cfg) {
    Json fields = Json::array();
    for (const auto& f : cfg.fields) {
        fields.push_back(Json{{"id", f.id},
                              {"name", f.name},
                              {"name_ascii", f.nameAscii},
                              {"prefix", f.numbering.prefix},
                              {"target_wait_minutes", f.targetWaitMinutes},
                              {"service_level_target", f.serviceLevelTarget}});
    }
    Json counters = Json::array();
    for (const auto& c : cfg.counters) {
        counters.push_back(Json{{"number", c.number}, {"name", c.name}, {"fields", c.fields}});
    }
    Json staff = Json::array();
    for (const auto& s : cfg.staff) {
        staff.push_back(Json{{"id", s.id}, {"name", s.name}, {"fields", s.fields}});
    }
    return Json{{"office", {{"name", cfg.office.name}, {"time_zone", cfg.office.timeZone}}},
                {"fields", std::move(fields)},
                {"counters", std::move(counters)},
                {"staff", std::move(staff)},
                {"priorities", namedList(cfg.priorities)},
                {"pause_reasons", namedList(cfg.pauseReasons)}};
}

std::string snapshotHash(const Json& snapshot) {
    std::string text = snapshot.dump();
    unsigned char out[16];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                       nullptr, 0);
    char hex[2 * sizeof out + 1];
    sodium_bin2hex(hex, sizeof hex, out, sizeof out);
    return hex;
}

Result<OfficeConfig> configFromSnapshot(const Json& snapshot) {
    if (!snapshot.is_object()) {
        return makeError(ErrorCode::invalidArgument, "config snapshot: not a JSON object");
    }
    return SnapshotReader(snapshot).read();
}

std::vector<FieldDaySums> fieldDaySums(const reports::DayDigest& d, const OfficeConfig& cfg) {
    std::vector<FieldDaySums> sums(d.fields.size());
    std::vector<std::int64_t> targetMs(d.fields.size());
    auto targets = reports::targetsFromConfig(cfg);
    for (std::size_t i = 0; i < d.fields.size(); ++i) {
        sums[i].field = d.fields[i];
        auto t = targets.find(d.fields[i]);
        // A field the config no longer has: the reports' default target.
        targetMs[i] = static_cast<std::int64_t>(t != targets.end() ? t->second.targetMinutes
                                                                   : reports::ServiceTarget{}.targetMinutes) *
                      60'000;
    }
    auto fieldOf = [&d](int slot) { return d.slots[static_cast<std::size_t>(slot)].field; };
    for (std::size_t i = 0; i < d.slots.size(); ++i) {
        int f = d.slots[i].field;
        if (f < 0) {
            continue;
        }
        const reports::SlotCounts& c = d.counts[i];
        FieldDaySums& s = sums[static_cast<std::size_t>(f)];
        s.outcomes += c.outcomes;
        for (std::size_t k = 0; k < c.levels.size(); ++k) { // levels 1 (Không hài lòng) … 4 (Rất hài lòng)
            s.ratings += c.levels[k];
            s.ratingSum += c.levels[k] * static_cast<int>(k + 1);
        }
    }
    for (const auto& w : d.waits) {
        int f = fieldOf(w.slot);
        if (f < 0) {
            continue;
        }
        FieldDaySums& s = sums[static_cast<std::size_t>(f)];
        ++s.waits;
        s.waitMsSum += w.ms;
        s.waitMsMax = std::max<std::int64_t>(s.waitMsMax, w.ms);
        ++(w.ms <= targetMs[static_cast<std::size_t>(f)] ? s.withinTarget : s.missedTarget);
    }
    for (const auto& u : d.uncalled) {
        int f = fieldOf(u.slot);
        if (f >= 0 && u.ms > targetMs[static_cast<std::size_t>(f)]) {
            ++sums[static_cast<std::size_t>(f)].missedTarget;
        }
    }
    for (const auto& x : d.services) {
        int f = fieldOf(x.slot);
        if (f >= 0) {
            ++sums[static_cast<std::size_t>(f)].services;
            sums[static_cast<std::size_t>(f)].serviceMsSum += x.ms;
        }
    }
    return sums;
}

Json dayPayload(const reports::DayDigest& d, const OfficeConfig& cfg, bool withDigest) {
    Json fields = Json::array();
    for (const auto& s : fieldDaySums(d, cfg)) {
        fields.push_back(Json{{"field", s.field},
                              {"issued", s.outcomes.issued},
                              {"served", s.outcomes.served},
                              {"no_show", s.outcomes.noShow},
                              {"cancelled", s.outcomes.cancelled},
                              {"expired", s.outcomes.expired},
                              {"transferred", s.outcomes.transferred},
                              {"still_open", s.outcomes.stillOpen},
                              {"waits", s.waits},
                              {"wait_ms_sum", s.waitMsSum},
                              {"wait_ms_max", s.waitMsMax},
                              {"within_target", s.withinTarget},
                              {"missed_target", s.missedTarget},
                              {"services", s.services},
                              {"service_ms_sum", s.serviceMsSum},
                              {"ratings", s.ratings},
                              {"rating_sum", s.ratingSum}});
    }
    return Json{{"day", d.day},
                {"version", reports::kDigestVersion},
                {"config_hash", reports::configHash(cfg)},
                {"last_seq", d.lastSeq},
                {"digest", withDigest ? Json(base64(reports::encodeDigest(d))) : Json(nullptr)},
                {"fields", std::move(fields)}};
}

std::string base64(std::string_view bytes) {
    std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

} // namespace qmsd::upstream
