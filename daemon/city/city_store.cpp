#include "city/city_store.hpp"

#include "clock/office_clock.hpp"
#include "reports/event_replay.hpp"
#include "upstream/wire.hpp"

namespace qmsd::city {
namespace {

std::optional<std::int64_t> optionalInt(const pg::PgResult& r, int row, int col) {
    return r.isNull(row, col) ? std::nullopt : std::optional<std::int64_t>(r.int64(row, col));
}

struct StoredDigest {
    int version = 0;
    std::int64_t configHash = 0;
    std::int64_t lastSeq = 0;
    std::string blob;
};

Status saveDigest(pg::Connection& c, const std::string& office, const reports::DayDigest& d,
                  std::int64_t configHash) {
    std::string blob = upstream::base64(reports::encodeDigest(d));
    return c.run("INSERT INTO day_digests (office_id, day, version, config_hash, last_seq, source, digest) "
                 "VALUES ($1, $2, $3, $4, $5, 'centre', decode($6, 'base64')) "
                 "ON CONFLICT (office_id, day) DO UPDATE SET version = excluded.version, "
                 "config_hash = excluded.config_hash, last_seq = excluded.last_seq, source = 'centre', "
                 "digest = excluded.digest, updated_at = now()",
                 {office, d.day, std::to_string(reports::kDigestVersion), std::to_string(configHash),
                  std::to_string(d.lastSeq), blob});
}

} // namespace

Result<std::vector<OfficeRow>> loadOffices(pg::Connection& c, const std::vector<std::string>& only) {
    // Office ids are [a-z0-9_-] (qmsd_hello checks): safe inside an array literal.
    std::string ids = "{";
    for (const auto& id : only) {
        ids += (ids.size() > 1 ? ",\"" : "\"") + id + "\"";
    }
    ids += "}";
    auto r = c.exec("SELECT office_id, name, time_zone, qmsd_version, "
                    "(extract(epoch FROM registered_at) * 1000)::bigint, "
                    "(extract(epoch FROM last_contact) * 1000)::bigint, "
                    "(extract(epoch FROM status_at) * 1000)::bigint, shipped_seq, local_seq, "
                    "backlog_oldest_ms, status::text, (extract(epoch FROM conflict_at) * 1000)::bigint, "
                    "conflict_detail FROM offices WHERE cardinality($1::text[]) = 0 OR office_id = ANY($1::text[]) "
                    "ORDER BY office_id",
                    {ids});
    if (!r) {
        return r.error();
    }
    std::vector<OfficeRow> out;
    for (int i = 0; i < r->rows(); ++i) {
        OfficeRow o;
        o.id = r->text(i, 0);
        o.name = r->text(i, 1);
        o.timeZone = r->text(i, 2);
        o.version = r->text(i, 3);
        o.registeredMs = r->int64(i, 4);
        o.lastContactMs = optionalInt(*r, i, 5);
        o.statusAtMs = optionalInt(*r, i, 6);
        o.shippedSeq = r->int64(i, 7);
        o.localSeq = r->int64(i, 8);
        o.backlogOldestMs = optionalInt(*r, i, 9);
        o.status = r->text(i, 10);
        o.conflictAtMs = optionalInt(*r, i, 11);
        o.conflictDetail = r->text(i, 12);
        out.push_back(std::move(o));
    }
    return out;
}

Result<OfficeConfig> latestConfig(pg::Connection& c, const std::string& office) {
    auto r = c.exec("SELECT config::text FROM office_configs WHERE office_id = $1 ORDER BY id DESC LIMIT 1",
                    {office});
    if (!r) {
        return r.error();
    }
    if (r->rows() == 0) {
        return makeError(ErrorCode::notFound, "office \"" + office + "\" has sent no configuration yet");
    }
    auto parsed = upstream::Json::parse(r->text(0, 0), nullptr, false);
    if (parsed.is_discarded()) {
        return makeError(ErrorCode::storageFailed, "office \"" + office + "\": its config snapshot is not JSON");
    }
    return upstream::configFromSnapshot(parsed);
}

Result<std::string> configOnDay(pg::Connection& c, const std::string& office, const std::string& day) {
    auto r = c.exec("SELECT c.config::text FROM office_configs c JOIN offices o USING (office_id) "
                    "WHERE c.office_id = $1 AND to_timestamp(c.taken_at_ms / 1000.0) < "
                    "(($2::date + 1)::timestamp AT TIME ZONE o.time_zone) ORDER BY c.id DESC LIMIT 1",
                    {office, day});
    if (!r) {
        return r.error();
    }
    return r->rows() == 0 ? std::string{} : std::string(r->text(0, 0));
}

Result<reports::DayDigest> replayDay(pg::Connection& c, const std::string& office, const OfficeConfig& cfg,
                                     const std::string& day, std::optional<TimePoint> now) {
    auto clock = OfficeClock::forZone(cfg.office.timeZone);
    if (!clock) {
        return clock.error();
    }
    auto r = c.exec("SELECT at_ms, kind, ticket_id, field, to_field, counter, staff, number, reason, seq, "
                    "estimate_s FROM events WHERE office_id = $1 AND day = $2 ORDER BY seq",
                    {office, day});
    if (!r) {
        return r.error();
    }
    // The same replay as the office's own reports (report_query.cpp's
    // DayReader), fed from PostgreSQL's rows instead of SQLite's.
    reports::DayReplay replay(cfg, *clock, now);
    replay.begin(day);
    for (int i = 0; i < r->rows(); ++i) {
        replay.onRow(r->int64(i, 9));
        reports::ReplayEvent e;
        if (!parseEventKind(r->text(i, 1), e.kind)) {
            continue; // a kind from a newer qmsd: not ours to count
        }
        e.atMs = r->int64(i, 0);
        e.ticket = r->int64(i, 2);
        if (auto f = r->text(i, 3); !f.empty()) {
            e.field = replay.fieldIndex(f);
        }
        if (auto f = r->text(i, 4); !f.empty()) {
            e.toField = replay.fieldIndex(f);
        }
        e.counter = static_cast<int>(r->int64(i, 5));
        if (auto s = r->text(i, 6); !s.empty()) {
            e.staff = replay.staffIndex(s);
        }
        e.number = static_cast<int>(r->int64(i, 7));
        e.reason = r->text(i, 8);
        e.estimateSeconds = r->isNull(i, 10) ? -1 : static_cast<int>(r->int64(i, 10));
        replay.onEvent(e);
    }
    // The rated tickets' answers and comments, after every row of the day
    // as the office's RatingDetailReader hands them (seq order there too).
    auto details = c.exec("SELECT ticket_id, code, answers, comment FROM events WHERE office_id = $1 AND day = $2 "
                          "AND kind = 'ticket_rated' AND (answers IS NOT NULL OR comment IS NOT NULL) ORDER BY seq",
                          {office, day});
    if (!details) {
        return details.error();
    }
    for (int i = 0; i < details->rows(); ++i) {
        replay.onRatingDetail(details->int64(i, 0), details->text(i, 1), details->text(i, 2), details->text(i, 3));
    }
    return replay.finish();
}

Result<std::vector<reports::DayDigest>> officeDigests(pg::Connection& c, const std::string& office,
                                                      const OfficeConfig& cfg, const reports::DayRange& range,
                                                      TimePoint now, int* computed) {
    auto clock = OfficeClock::forZone(cfg.office.timeZone);
    if (!clock) {
        return clock.error();
    }
    std::int64_t hash = reports::configHash(cfg);
    auto r = c.exec("SELECT d.day::text, d.last_seq, g.version, g.config_hash, g.last_seq, g.digest "
                    "FROM office_days d LEFT JOIN day_digests g USING (office_id, day) "
                    "WHERE d.office_id = $1 AND d.day BETWEEN $2 AND $3 ORDER BY d.day",
                    {office, range.from, range.to});
    if (!r) {
        return r.error();
    }
    std::vector<reports::DayDigest> out;
    out.reserve(static_cast<std::size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) {
        std::string day(r->text(i, 0));
        bool closed = clock->instantOf(nextDay(day), 0) <= now;
        if (closed && !r->isNull(i, 2) && r->int64(i, 2) == reports::kDigestVersion && r->int64(i, 3) == hash &&
            r->int64(i, 4) == r->int64(i, 1)) {
            auto d = reports::decodeDigest(r->bytes(i, 5));
            if (d && d->day == day) {
                out.push_back(std::move(*d));
                continue;
            }
        }
        auto d = replayDay(c, office, cfg, day, now);
        if (!d) {
            return d.error();
        }
        if (computed != nullptr) {
            ++*computed;
        }
        if (closed) {
            (void)saveDigest(c, office, *d, hash); // best effort: recomputed next time otherwise
        }
        out.push_back(std::move(*d));
    }
    return out;
}

} // namespace qmsd::city
