#include "app/cli_backup.hpp"

#include "app/data_lock.hpp"
#include "clock/office_clock.hpp"
#include "config/config_loader.hpp"
#include "store/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>

namespace qmsd {
namespace {

namespace fs = std::filesystem;

struct Target {
    std::string db;     // <data_dir>/qmsd.db
    std::optional<OfficeConfig> config; // absent: --data-dir without a readable config
    std::string configError;
};

Target targetOf(const CliArgs& args) {
    Target t;
    auto cfg = loadConfigFile(args.configPath);
    if (cfg) {
        t.config = std::move(*cfg);
    } else {
        t.configError = cfg.error().message;
    }
    std::string dir = !args.dataDir.empty() ? args.dataDir : t.config ? t.config->daemon.dataDir : "";
    t.db = dir.empty() ? "" : (fs::path(dir) / "qmsd.db").string();
    return t;
}

// SQLite's own check of every page, index and constraint: "ok" or what is wrong.
// A page too damaged to walk makes the check itself fail: that is its answer too.
std::string integrityOf(SQLite::Database& db) {
    try {
        SQLite::Statement q(db, "PRAGMA integrity_check");
        std::string out;
        while (q.executeStep()) {
            out += (out.empty() ? "" : "; ") + q.getColumn(0).getString();
        }
        return out;
    } catch (const SQLite::Exception& e) {
        return e.what();
    }
}

void syncPath(const fs::path& p) {
    int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        (void)::fsync(fd);
        ::close(fd);
    }
}

std::string stamp(const std::optional<OfficeConfig>& config) {
    TimePoint now = systemNow();
    std::string s;
    if (config) {
        if (auto clock = OfficeClock::forZone(config->office.timeZone)) {
            s = clock->formatDateTime(now); // "YYYY-MM-DD HH:MM:SS", office time
        }
    }
    if (s.empty()) {
        std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
        char buf[32];
        std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", std::localtime(&t));
        s = buf;
    }
    std::replace(s.begin(), s.end(), ' ', '-');
    s.erase(std::remove(s.begin(), s.end(), ':'), s.end());
    return s;
}

// Nightly retention: qmsd-*.db older than `days` in `dir`, never `keep`.
void pruneBackups(const fs::path& dir, int days, const fs::path& keep) {
    auto cutoff = fs::file_time_type::clock::now() - std::chrono::hours(24 * days);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const fs::path& p = entry.path();
        std::string name = p.filename().string();
        if (!entry.is_regular_file() || p == keep || name.rfind("qmsd-", 0) != 0 || p.extension() != ".db") {
            continue;
        }
        auto mtime = fs::last_write_time(p, ec);
        if (!ec && mtime < cutoff && fs::remove(p, ec)) {
            std::printf("removed %s (older than %d days)\n", p.c_str(), days);
        }
    }
}

} // namespace

int backupCommand(const CliArgs& args) {
    if (args.positional.size() != 1) {
        std::fprintf(stderr, "qmsd backup: give one destination (a file, or a directory for dated backups)\n");
        return 2;
    }
    Target t = targetOf(args);
    if (t.db.empty()) {
        std::fprintf(stderr, "%s\n", t.configError.c_str());
        return 2;
    }
    fs::path dest = args.positional[0];
    std::error_code ec;
    bool toDir = fs::is_directory(dest, ec) || args.positional[0].back() == '/';
    if (args.keepDays && !toDir) {
        std::fprintf(stderr, "qmsd backup: --keep-days needs a directory as the destination\n");
        return 2;
    }
    if (toDir) {
        fs::create_directories(dest, ec);
        dest /= "qmsd-" + stamp(t.config) + ".db";
    }
    StoreOptions ro;
    ro.readOnly = true;
    auto store = Store::open(t.db, ro);
    if (!store) {
        std::fprintf(stderr, "qmsd backup: %s\n", store.error().message.c_str());
        return 1;
    }
    if (auto st = (*store)->backupTo(dest.string()); !st) {
        std::fprintf(stderr, "qmsd backup: %s\n", st.error().message.c_str());
        return 1;
    }
    try {
        SQLite::Database copy(dest.string(), SQLite::OPEN_READONLY);
        std::string check = integrityOf(copy);
        if (check != "ok") {
            fs::remove(dest, ec);
            std::fprintf(stderr, "qmsd backup: the copy failed SQLite's integrity check (%s); removed it\n",
                         check.c_str());
            return 1;
        }
    } catch (const SQLite::Exception& e) {
        fs::remove(dest, ec);
        std::fprintf(stderr, "qmsd backup: cannot read the copy back: %s; removed it\n", e.what());
        return 1;
    }
    std::printf("backup of %s written to %s (%ju bytes, integrity ok)\n", t.db.c_str(), dest.c_str(),
                static_cast<std::uintmax_t>(fs::file_size(dest, ec)));
    if (args.keepDays) {
        pruneBackups(dest.parent_path(), *args.keepDays, dest);
    }
    return 0;
}

int restoreCommand(const CliArgs& args) {
    if (args.positional.size() != 1) {
        std::fprintf(stderr, "qmsd restore: give one backup file\n");
        return 2;
    }
    const std::string backup = args.positional[0];
    Target t = targetOf(args);
    if (t.db.empty() || (!t.config && !args.force)) {
        std::fprintf(stderr, "qmsd restore: %s\n", t.configError.c_str());
        return 2;
    }
    std::error_code ec;
    if (!fs::is_regular_file(backup, ec)) {
        std::fprintf(stderr, "qmsd restore: %s: no such file\n", backup.c_str());
        return 2;
    }
    fs::path db = t.db;
    fs::create_directories(db.parent_path(), ec);
    auto lock = DataLock::acquire(db.parent_path().string(), "restore");
    if (!lock) {
        std::fprintf(stderr, "qmsd restore: %s; stop it first (systemctl stop qmsd)\n",
                     lock.error().message.c_str());
        return 1;
    }

    // Check the backup before anything is touched.
    std::string office;
    int version = 0;
    std::int64_t lastSeq = 0;
    std::string lastDay;
    fs::path staging = db.string() + ".restoring";
    try {
        SQLite::Database src(backup, SQLite::OPEN_READONLY);
        std::string check = integrityOf(src);
        if (check != "ok") {
            std::fprintf(stderr, "qmsd restore: %s fails SQLite's integrity check: %s\n", backup.c_str(),
                         check.c_str());
            return 1;
        }
        version = src.execAndGet("PRAGMA user_version").getInt();
        if (version < 1 || !src.tableExists("events")) {
            std::fprintf(stderr, "qmsd restore: %s is not a qmsd store (no event log)\n", backup.c_str());
            return 2;
        }
        if (version > Store::kSchemaVersion) {
            std::fprintf(stderr,
                         "qmsd restore: %s has schema version %d, newer than this qmsd understands (%d): "
                         "restore it with the qmsd that made it\n",
                         backup.c_str(), version, Store::kSchemaVersion);
            return 2;
        }
        if (src.tableExists("store_meta")) {
            SQLite::Statement q(src, "SELECT value FROM store_meta WHERE key = 'office_name'");
            if (q.executeStep()) {
                office = q.getColumn(0).getString();
            }
        }
        SQLite::Statement head(src, "SELECT seq, day FROM events ORDER BY seq DESC LIMIT 1");
        if (head.executeStep()) {
            lastSeq = head.getColumn(0).getInt64();
            lastDay = head.getColumn(1).getString();
        }
        if (!args.force) {
            if (office.empty()) {
                std::fprintf(stderr,
                             "qmsd restore: %s does not say which office it belongs to (made before qmsd "
                             "recorded it); if it is this office's, restore it with --force\n",
                             backup.c_str());
                return 2;
            }
            if (office != t.config->office.name) {
                std::fprintf(stderr,
                             "qmsd restore: %s is the store of \"%s\", not of this office (\"%s\" in %s); "
                             "--force restores it all the same\n",
                             backup.c_str(), office.c_str(), t.config->office.name.c_str(),
                             args.configPath.c_str());
                return 2;
            }
        }
        // Through SQLite's backup API rather than a file copy: it reads the
        // backup consistently even with a -wal file beside it.
        fs::remove(staging, ec);
        src.backup(staging.c_str(), SQLite::Database::Save);
    } catch (const SQLite::Exception& e) {
        fs::remove(staging, ec);
        std::fprintf(stderr, "qmsd restore: cannot read %s: %s\n", backup.c_str(), e.what());
        return 1;
    }
    syncPath(staging);

    // The store it replaces (with its WAL, which holds its latest commits) is
    // kept: a restore never destroys data.
    fs::path aside;
    if (fs::exists(db, ec)) {
        aside = db.string() + ".before-restore-" + stamp(t.config);
        for (const char* suffix : {"", "-wal", "-shm"}) {
            fs::path from = db.string() + suffix;
            if (fs::exists(from, ec)) {
                fs::rename(from, aside.string() + suffix, ec);
                if (ec) {
                    std::fprintf(stderr, "qmsd restore: cannot move %s aside: %s\n", from.c_str(),
                                 ec.message().c_str());
                    return 1;
                }
            }
        }
    }
    fs::rename(staging, db, ec);
    if (ec) {
        std::fprintf(stderr, "qmsd restore: cannot put %s in place: %s\n", db.c_str(), ec.message().c_str());
        return 1;
    }
    // Run as root for the qmsd user's store: give it back to the directory's owner.
    struct stat dirStat {};
    if (::geteuid() == 0 && ::stat(db.parent_path().c_str(), &dirStat) == 0) {
        (void)::chown(db.c_str(), dirStat.st_uid, dirStat.st_gid);
    }
    ::chmod(db.c_str(), 0640);
    syncPath(db.parent_path());
    std::printf("restored %s to %s: office \"%s\", schema %d, last event %jd (%s)\n", backup.c_str(),
                db.c_str(), office.empty() ? "?" : office.c_str(), version, static_cast<std::intmax_t>(lastSeq),
                lastDay.empty() ? "no events" : lastDay.c_str());
    if (!aside.empty()) {
        std::printf("the store it replaced is kept as %s\n", aside.c_str());
    }
    std::printf("start qmsd again: systemctl start qmsd\n");
    return 0;
}

} // namespace qmsd
