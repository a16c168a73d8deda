// Figures 1 and 2: shipped events/s against COPY, and the catch-up of a day
// of many offices after an outage.
#include "bench_city.hpp"
#include "bench_common.hpp"
#include "bench_office.hpp"

#include "upstream/shipper.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

namespace qmsd::bench {

using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

double median(std::vector<double> v) {
    if (v.empty()) {
        return 0;
    }
    std::sort(v.begin(), v.end());
    return v.size() % 2 == 1 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

bool pgControl(const PgTarget& t, const std::string& args) {
    if (t.pgCtl.empty()) {
        return false;
    }
    std::string cmd = t.pgCtl + " " + args + " > /dev/null 2>&1";
    return std::system(cmd.c_str()) == 0;
}

namespace {

void copyText(std::string& out, const SQLite::Column& c) {
    if (c.isNull()) {
        out += "\\N";
        return;
    }
    std::string v = c.getString();
    for (char ch : v) {
        switch (ch) {
        case '\\':
            out += "\\\\";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            out += ch;
        }
    }
}

upstream::ShipperOptions shipperOptions(const PgTarget& t, const std::string& dbPath, const std::string& officeId,
                                        int batch) {
    upstream::ShipperOptions o;
    o.settings.enabled = true;
    o.settings.conninfo = t.params.conninfo;
    o.settings.officeId = officeId;
    o.settings.batchSize = batch;
    o.settings.statusSeconds = 3600;
    o.password = t.params.password;
    o.dbPath = dbPath;
    o.installId = "bench-" + officeId;
    o.minInterval = Millis{0};
    return o;
}

std::int64_t lastSeqOf(const std::string& dbPath) {
    SQLite::Database db(dbPath, SQLite::OPEN_READONLY);
    return db.execAndGet("SELECT MAX(seq) FROM events").getInt64();
}

} // namespace

std::string copyRows(const std::string& dbPath, const std::string& officeId, std::vector<std::string>* days) {
    SQLite::Database db(dbPath, SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT day, seq, at_ms, kind, actor, ticket_id, field, to_field, counter, staff, number, "
                            "code, priority, reason, estimate_s, payload, until_ms, answers, comment FROM events "
                            "ORDER BY seq");
    std::string out;
    std::string lastDay;
    while (q.executeStep()) {
        out += officeId;
        for (int c = 0; c < 19; ++c) {
            out += '\t';
            copyText(out, q.getColumn(c));
        }
        out += '\n';
        if (days != nullptr && q.getColumn(0).getString() != lastDay) {
            lastDay = q.getColumn(0).getString();
            days->push_back(lastDay);
        }
    }
    return out;
}

double shipStore(const PgTarget& t, const std::string& dbPath, const std::string& officeId, const OfficeConfig& cfg,
                 int batch) {
    boost::asio::io_context io;
    std::int64_t last = lastSeqOf(dbPath);
    bool failed = false;
    upstream::Shipper shipper(io, shipperOptions(t, dbPath, officeId, batch),
                              [&](const upstream::ShipperReport& r) {
                                  if (r.state == upstream::UpstreamState::down ||
                                      r.state == upstream::UpstreamState::refused) {
                                      std::fprintf(stderr, "shipping %s failed: %s\n", officeId.c_str(), r.detail.c_str());
                                      failed = true;
                                      io.stop();
                                  } else if (r.state == upstream::UpstreamState::caughtUp && r.confirmedSeq &&
                                             *r.confirmedSeq >= last) {
                                      io.stop();
                                  }
                              });
    auto start = Clock::now();
    shipper.start(std::make_shared<const OfficeConfig>(cfg));
    io.run();
    double s = seconds(start);
    shipper.stop();
    return failed ? -1 : s;
}

void benchShippingRatio(const PgTarget& t, const std::string& work, int days, int rounds, int batch) {
    std::printf("\n== 1. shipped events/s against COPY of the same rows (%d days of a busy office, batch %d)\n", days,
                batch);
    OfficeConfig cfg = busyOffice();
    std::string db = work + "/ship-office.db";
    std::filesystem::remove(db);
    std::string from = "2026-03-02";
    std::string to = from;
    for (int i = 1; i < days; ++i) {
        to = nextDay(to);
    }
    auto g = generateHistory(db, cfg, from, to, 7);
    std::vector<std::string> dayList;
    std::string rows = copyRows(db, "x", &dayList); // the text once, to size it; each round makes its own
    std::printf("office: %lld tickets, %lld events (%.1f MB as COPY text)\n", static_cast<long long>(g.tickets),
                static_cast<long long>(g.events), static_cast<double>(rows.size()) / 1e6);
    auto c = pg::Connection::open(t.params);
    if (!c) {
        std::printf("cannot connect: %s\n", c.error().message.c_str());
        return;
    }
    for (const auto& d : dayList) {
        (void)c->run("SELECT qmsd_ensure_month($1::date)", {d});
    }
    std::vector<double> shipRates, copyRates, ratios;
    for (int r = 0; r < rounds; ++r) {
        double shipped = 0, copied = 0;
        // Alternate which goes first, so a drift of the disk favours neither.
        for (int k = 0; k < 2; ++k) {
            bool shipNow = (k == 0) == (r % 2 == 0);
            if (shipNow) {
                double s = shipStore(t, db, "ship-r" + std::to_string(r), cfg, batch);
                if (s < 0) {
                    return;
                }
                shipped = static_cast<double>(g.events) / s;
            } else {
                std::string text = copyRows(db, "copy-r" + std::to_string(r));
                auto start = Clock::now();
                auto st = c->copyIn("COPY events (office_id, day, seq, at_ms, kind, actor, ticket_id, field, to_field, "
                                    "counter, staff, number, code, priority, reason, estimate_s, payload, until_ms, answers, "
                                    "comment) FROM STDIN",
                                    text);
                double s = seconds(start);
                if (!st) {
                    std::printf("COPY failed: %s\n", st.error().message.c_str());
                    return;
                }
                copied = static_cast<double>(g.events) / s;
            }
        }
        shipRates.push_back(shipped);
        copyRates.push_back(copied);
        ratios.push_back(shipped / copied);
        std::printf("round %d: shipped %8.0f events/s   COPY %8.0f rows/s   ratio %.3f\n", r + 1, shipped, copied,
                    shipped / copied);
    }
    auto [lo, hi] = std::minmax_element(ratios.begin(), ratios.end());
    std::printf("median: shipped %.0f events/s, COPY %.0f rows/s; shipped/COPY %.3f (spread %.3f–%.3f over %d rounds)\n",
                median(shipRates), median(copyRates), median(ratios), *lo, *hi, rounds);
    printValue("city.ship_events_per_s", median(shipRates));
    printValue("city.copy_rows_per_s", median(copyRates));
    printValue("city.ship_over_copy", median(ratios));
}

void benchCatchUp(const PgTarget& t, const std::string& work, int offices, int threads, int outageSeconds, int batch) {
    std::printf("\n== 2. catch-up of a day of %d offices after a %d s outage (%d shipper threads, batch %d)\n", offices,
                outageSeconds, threads, batch);
    OfficeConfig cfg = busyOffice();
    std::string day = "2026-03-16"; // a Monday: the busiest day of the week
    std::vector<std::string> dbs;
    std::int64_t events = 0;
    auto genStart = Clock::now();
    for (int i = 0; i < offices; ++i) {
        std::string db = work + "/catchup-" + std::to_string(i) + ".db";
        std::filesystem::remove(db);
        events += generateHistory(db, cfg, day, day, 1000 + static_cast<unsigned>(i)).events;
        dbs.push_back(db);
    }
    std::printf("generated %lld events in %d stores (%.0f s)\n", static_cast<long long>(events), offices, seconds(genStart));
    if (!pgControl(t, "-m immediate stop")) {
        std::printf("(no --pg-ctl: no outage, the shippers start with the server up)\n");
        outageSeconds = 0;
    }
    std::vector<std::unique_ptr<boost::asio::io_context>> ios;
    std::vector<std::unique_ptr<upstream::Shipper>> shippers;
    std::atomic<int> done{0};
    std::atomic<std::int64_t> firstAcceptNs{0};
    auto start = Clock::now();
    auto cfgPtr = std::make_shared<const OfficeConfig>(cfg);
    for (int i = 0; i < threads; ++i) {
        ios.push_back(std::make_unique<boost::asio::io_context>());
    }
    for (int i = 0; i < offices; ++i) {
        auto& io = *ios[static_cast<std::size_t>(i % threads)];
        std::int64_t last = lastSeqOf(dbs[static_cast<std::size_t>(i)]);
        auto finished = std::make_shared<bool>(false);
        auto options = shipperOptions(t, dbs[static_cast<std::size_t>(i)], "catchup-" + std::to_string(i), batch);
        options.maxBackoff = Millis{60000};
        shippers.push_back(std::make_unique<upstream::Shipper>(
            io, options, [&, last, finished](const upstream::ShipperReport& r) {
                if (r.shippedThisRun > 0 && firstAcceptNs.load() == 0) {
                    firstAcceptNs = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
                }
                if (!*finished && r.state == upstream::UpstreamState::caughtUp && r.confirmedSeq && *r.confirmedSeq >= last) {
                    *finished = true;
                    if (++done == offices) {
                        for (auto& x : ios) {
                            x->stop();
                        }
                    }
                }
            }));
        shippers.back()->start(cfgPtr);
    }
    std::vector<std::thread> pool;
    for (auto& io : ios) {
        pool.emplace_back([p = io.get()] {
            auto guard = boost::asio::make_work_guard(*p);
            p->run();
        });
    }
    double backAt = 0;
    if (outageSeconds > 0) {
        std::this_thread::sleep_for(std::chrono::seconds{outageSeconds});
        backAt = seconds(start);
        if (!pgControl(t, "-w start")) {
            std::printf("could not start the server again\n");
        }
    }
    for (auto& th : pool) {
        th.join();
    }
    double total = seconds(start);
    double first = static_cast<double>(firstAcceptNs.load()) / 1e9;
    for (auto& s : shippers) {
        s->stop();
    }
    std::printf("server back at %.1f s; first batch taken at %.1f s; all %d offices caught up at %.1f s\n", backAt, first,
                offices, total);
    std::printf("catch-up after the server is back: %.1f s (%.0f events/s); from the first batch taken: %.1f s "
                "(%.0f events/s). The gap is the shippers' back-off (at most 60 s).\n",
                total - backAt, static_cast<double>(events) / (total - backAt), total - first,
                static_cast<double>(events) / (total - first));
    printValue("city.catchup_seconds_after_back", total - backAt);
    printValue("city.catchup_seconds_from_first_batch", total - first);
    printValue("city.catchup_events", static_cast<double>(events));
    for (const auto& db : dbs) {
        std::filesystem::remove(db);
        std::filesystem::remove(db + "-wal");
        std::filesystem::remove(db + "-shm");
    }
}

} // namespace qmsd::bench
