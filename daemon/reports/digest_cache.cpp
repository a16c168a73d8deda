#include "reports/digest_cache.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

namespace qmsd::reports {

DigestCache::DigestCache(SQLite::Database& db, std::int64_t configHash) : db_(db), configHash_(configHash) {
    try {
        available_ = db_.tableExists("report_days");
    } catch (const SQLite::Exception&) {
        available_ = false;
    }
}

DigestCache::~DigestCache() = default;

std::map<std::string, std::string> DigestCache::load(const DayRange& range) {
    std::map<std::string, std::string> out;
    if (!available_) {
        return out;
    }
    SQLite::Statement q(db_, "SELECT day, digest FROM report_days WHERE day BETWEEN ? AND ? AND version = ? "
                             "AND config_hash = ?");
    q.bind(1, range.from);
    q.bind(2, range.to);
    q.bind(3, kDigestVersion);
    q.bind(4, configHash_);
    while (q.executeStep()) {
        const SQLite::Column blob = q.getColumn(1);
        out.emplace(q.getColumn(0).getString(),
                    std::string(static_cast<const char*>(blob.getBlob()), static_cast<std::size_t>(blob.getBytes())));
    }
    return out;
}

std::int64_t DigestCache::lastSeqOf(const std::string& day) {
    if (!lastSeq_) {
        lastSeq_ = std::make_unique<SQLite::Statement>(
            db_, "SELECT seq FROM events WHERE day = ? ORDER BY seq DESC LIMIT 1");
    }
    SQLite::Statement& q = *lastSeq_;
    q.reset();
    q.bind(1, day);
    std::int64_t seq = q.executeStep() ? q.getColumn(0).getInt64() : 0;
    q.reset(); // no read transaction left open before a save()
    return seq;
}

bool DigestCache::save(const DayDigest& d) {
    if (!available_ || !writable_) {
        return false;
    }
    try {
        std::string blob = encodeDigest(d);
        SQLite::Statement ins(db_, "INSERT OR REPLACE INTO report_days(day, version, config_hash, last_seq, digest) "
                                   "VALUES (?, ?, ?, ?, ?)");
        ins.bind(1, d.day);
        ins.bind(2, kDigestVersion);
        ins.bind(3, configHash_);
        ins.bind(4, d.lastSeq);
        ins.bind(5, blob.data(), static_cast<int>(blob.size()));
        ins.exec(); // autocommit: one short write transaction
        ++saved_;
        busyInARow_ = 0;
        return true;
    } catch (const SQLite::Exception& e) {
        // Busy (the daemon is committing): skip this day, a later report caches
        // it; a few in a row, or read-only / full: stop trying for this report.
        bool busy = e.getErrorCode() == SQLITE_BUSY || e.getErrorCode() == SQLITE_LOCKED;
        if (!busy || ++busyInARow_ >= 3) {
            writable_ = false;
        }
        return false;
    }
}

} // namespace qmsd::reports
