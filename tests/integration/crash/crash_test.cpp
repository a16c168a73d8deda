// SIGKILL at random points, many times, against one database. After every kill
// the store must hold every change the child reported (it reports only after
// the commit), with sequence numbers 1..max and no gap, no ticket number given
// twice in a day and field, a tickets projection that agrees with a replay of
// the event log, and an intact SQLite file.
//
// QMSD_CRASH_SEED=<n> repeats a run's child seeds and kill times (the kills
// still land wherever the child happens to be at that moment).
#include "crash_office.hpp"
#include "support/test_office.hpp"

#include "app/journal.hpp"
#include "store/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <iostream>
#include <map>
#include <optional>
#include <poll.h>
#include <random>
#include <signal.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace qmsd;
using namespace qmsd::test;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kCycles = 40;

// What an acknowledgement and the stored event must agree on.
struct EventFacts {
    std::string kind;
    TicketId ticket = 0;
    std::string day;
    std::string field;
    int number = 0;
    std::string code;
};

// One line the child printed: an event it saw committed.
struct Ack : EventFacts {
    std::int64_t seq = 0;
};

std::optional<Ack> parseAck(const std::string& line) {
    std::istringstream in(line);
    std::string tag;
    Ack a;
    if (!(in >> tag >> a.seq >> a.kind >> a.ticket >> a.day >> a.field >> a.number >> a.code) ||
        tag != "ACK") {
        return std::nullopt;
    }
    return a;
}

// Complete lines only: a line without its newline was cut by the kill, so the
// child never finished reporting it.
std::vector<std::string> completeLines(const std::string& out) {
    std::vector<std::string> lines;
    std::size_t from = 0;
    for (std::size_t nl = out.find('\n'); nl != std::string::npos; nl = out.find('\n', from)) {
        lines.push_back(out.substr(from, nl - from));
        from = nl + 1;
    }
    return lines;
}

bool readSome(int fd, std::string& out) {
    char buf[65536];
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) {
        return true;
    }
    if (n <= 0) {
        return false;
    }
    out.append(buf, static_cast<std::size_t>(n));
    return true;
}

struct ChildRun {
    std::string output;
    int status = 0;
};

// Runs the child for `runFor`, reading as it goes so it never blocks on a
// full pipe, then kills it and reads what is left.
ChildRun runChild(const std::string& db, std::uint64_t seed, std::chrono::milliseconds runFor) {
    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
    std::string seedText = std::to_string(seed);
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::dup2(fds[1], STDOUT_FILENO); // the duplicate does not inherit O_CLOEXEC
        ::execl(CRASH_CHILD, CRASH_CHILD, db.c_str(), seedText.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(fds[1]);
    ChildRun run;
    auto deadline = Clock::now() + runFor;
    bool open = true;
    while (open) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            break;
        }
        pollfd p{fds[0], POLLIN, 0};
        int ready = ::poll(&p, 1, static_cast<int>(left.count()));
        if (ready > 0) {
            open = readSome(fds[0], run.output);
        }
    }
    ::kill(pid, SIGKILL);
    while (open) {
        open = readSome(fds[0], run.output); // until EOF: the child is gone
    }
    ::close(fds[0]);
    ::waitpid(pid, &run.status, 0);
    return run;
}

// The first few problems in full, and how many there were.
struct Problems {
    int count = 0;
    std::string first;
    void add(const std::string& what) {
        if (++count <= 10) {
            first += what + "\n";
        }
    }
};

struct StoredEvent : EventFacts {
    bool present = false;
    std::int64_t atMs = 0;
};

// (b) Every seq from 1 to the newest, nothing missing: index i holds seq i+1.
std::vector<StoredEvent> loadEvents(SQLite::Database& db, Problems& problems) {
    std::vector<StoredEvent> out;
    SQLite::Statement q(db, "SELECT seq, kind, COALESCE(ticket_id, 0), day, COALESCE(field, '-'), "
                            "COALESCE(number, 0), COALESCE(code, '-'), at_ms FROM events ORDER BY seq");
    while (q.executeStep()) {
        std::int64_t seq = q.getColumn(0).getInt64();
        auto expected = static_cast<std::int64_t>(out.size()) + 1;
        if (seq != expected) {
            problems.add("the log has a gap: seq " + std::to_string(expected) + ".." +
                         std::to_string(seq - 1) + " missing");
            out.resize(static_cast<std::size_t>(seq - 1));
        }
        out.push_back(StoredEvent{{q.getColumn(1).getString(), q.getColumn(2).getInt64(),
                                   q.getColumn(3).getString(), q.getColumn(4).getString(),
                                   q.getColumn(5).getInt(), q.getColumn(6).getString()},
                                  true,
                                  q.getColumn(7).getInt64()});
    }
    return out;
}

// (a) Every acknowledged event is stored exactly as it was reported.
void checkAcks(const std::vector<Ack>& acks, const std::vector<StoredEvent>& events,
               Problems& problems) {
    for (const Ack& a : acks) {
        std::string what = "acked seq " + std::to_string(a.seq) + " (" + a.kind + " ticket " +
                           std::to_string(a.ticket) + ")";
        if (a.seq < 1 || a.seq > static_cast<std::int64_t>(events.size()) ||
            !events[static_cast<std::size_t>(a.seq - 1)].present) {
            problems.add(what + " is not in the store (newest is " +
                         std::to_string(events.size()) + ")");
            continue;
        }
        const StoredEvent& e = events[static_cast<std::size_t>(a.seq - 1)];
        bool issue = a.kind == "ticket_issued";
        if (e.kind != a.kind || e.ticket != a.ticket || e.day != a.day || e.field != a.field ||
            (issue && (e.number != a.number || e.code != a.code))) {
            problems.add(what + " is stored as " + e.kind + " ticket " + std::to_string(e.ticket) +
                         " " + e.day + " " + e.field + " " + std::to_string(e.number) + " " +
                         e.code);
        }
    }
}

std::int64_t count(SQLite::Database& db, const std::string& sql) {
    return db.execAndGet(sql).getInt64();
}

// (c) No (day, field, number) twice, in the log or in the projection.
void checkNumbering(SQLite::Database& db, Problems& problems) {
    auto twiceInLog = count(db, "SELECT COUNT(*) FROM (SELECT 1 FROM events WHERE kind = "
                                "'ticket_issued' GROUP BY day, field, number HAVING COUNT(*) > 1)");
    auto twiceInTickets = count(db, "SELECT COUNT(*) FROM (SELECT 1 FROM tickets GROUP BY day, "
                                    "issue_field, number HAVING COUNT(*) > 1)");
    auto issued = count(db, "SELECT COUNT(*) FROM events WHERE kind = 'ticket_issued'");
    auto tickets = count(db, "SELECT COUNT(*) FROM tickets");
    if (twiceInLog != 0 || twiceInTickets != 0) {
        problems.add("numbers issued twice: " + std::to_string(twiceInLog) + " in events, " +
                     std::to_string(twiceInTickets) + " in tickets");
    }
    if (issued != tickets) {
        problems.add(std::to_string(issued) + " issue events but " + std::to_string(tickets) +
                     " tickets");
    }
}

// (d) The state a restart rebuilds agrees with the tickets projection.
void checkReplay(Store& store, std::shared_ptr<const OfficeConfig> config, TimePoint newest,
                 Problems& problems) {
    auto journal = Journal::open(store, config, newest);
    if (!journal) {
        problems.add("Journal::open failed: " + journal.error().message);
        return;
    }
    const QueueEngine& engine = (*journal)->engine();
    auto head = store.head();
    REQUIRE(head.ok());
    if (engine.lastSeq() != head->lastSeq || engine.lastTicketId() != head->lastTicketId) {
        problems.add("rebuilt engine at seq " + std::to_string(engine.lastSeq()) + " ticket " +
                     std::to_string(engine.lastTicketId()) + ", store at " +
                     std::to_string(head->lastSeq) + " ticket " +
                     std::to_string(head->lastTicketId));
    }
    SQLite::Statement q(store.database(), "SELECT id, state, field, COALESCE(counter, 0) FROM "
                                          "tickets WHERE day = ?");
    q.bind(1, engine.day());
    std::size_t rows = 0;
    while (q.executeStep()) {
        ++rows;
        TicketId id = q.getColumn(0).getInt64();
        const Ticket* t = engine.ticket(id);
        std::string stored = q.getColumn(1).getString() + " " + q.getColumn(2).getString() +
                             " counter " + std::to_string(q.getColumn(3).getInt());
        if (t == nullptr) {
            problems.add("ticket " + std::to_string(id) + " (" + stored + ") missing after replay");
            continue;
        }
        std::string replayed = std::string(ticketStateName(t->state)) + " " + t->field +
                               " counter " + std::to_string(t->counter);
        if (stored != replayed) {
            problems.add("ticket " + std::to_string(id) + " " + t->code + ": table says " + stored +
                         ", replay says " + replayed);
        }
    }
    if (rows != engine.tickets().size()) {
        problems.add(std::to_string(rows) + " tickets of " + engine.day() + " in the table, " +
                     std::to_string(engine.tickets().size()) + " after replay");
    }
}

std::uint64_t masterSeed() {
    if (const char* s = std::getenv("QMSD_CRASH_SEED")) {
        return std::strtoull(s, nullptr, 10);
    }
    return std::random_device{}();
}

} // namespace

TEST_CASE("acknowledged changes survive SIGKILL at any point", "[integration][crash]") {
    TempDir dir;
    std::string db = dir.file("crash.db");
    auto config = std::make_shared<const OfficeConfig>(crash::makeCrashOffice());
    std::uint64_t seed = masterSeed();
    std::cout << "crash test: QMSD_CRASH_SEED=" << seed << std::endl;
    std::mt19937_64 rng(seed);

    std::vector<Ack> acks; // every cycle's, re-checked after every later kill
    std::map<std::string, TicketId> numberOwner; // "day field number" → ticket
    int killedMidWork = 0;
    auto started = Clock::now();

    for (int cycle = 1; cycle <= kCycles; ++cycle) {
        std::uint64_t childSeed = rng();
        auto runFor = std::chrono::milliseconds{std::uniform_int_distribution<int>(30, 400)(rng)};
        ChildRun run = runChild(db, childSeed, runFor);
        INFO("cycle " << cycle << " child seed " << childSeed << " killed after "
                      << runFor.count() << " ms");
        // Anything but our SIGKILL means the child stopped by itself: a failure.
        REQUIRE(WIFSIGNALED(run.status));
        REQUIRE(WTERMSIG(run.status) == SIGKILL);

        Problems problems;
        int ackedNow = 0;
        for (const auto& line : completeLines(run.output)) {
            auto a = parseAck(line);
            if (!a) {
                problems.add("unreadable line from the child: " + line);
                continue;
            }
            ++ackedNow;
            if (a->kind == "ticket_issued") {
                std::string key = a->day + " " + a->field + " " + std::to_string(a->number);
                auto [it, fresh] = numberOwner.emplace(key, a->ticket);
                if (!fresh && it->second != a->ticket) {
                    problems.add(key + " acknowledged for tickets " + std::to_string(it->second) +
                                 " and " + std::to_string(a->ticket));
                }
            }
            acks.push_back(std::move(*a));
        }
        if (ackedNow > 0) {
            ++killedMidWork;
        }

        auto store = Store::open(db);
        REQUIRE(store.ok());
        SQLite::Database& sql = (*store)->database();
        auto events = loadEvents(sql, problems);
        checkAcks(acks, events, problems);
        checkNumbering(sql, problems);
        if (!events.empty()) {
            checkReplay(**store, config, fromMillis(events.back().atMs), problems);
        }
        auto integrity = sql.execAndGet("PRAGMA integrity_check").getString();
        if (integrity != "ok") {
            problems.add("integrity_check: " + integrity);
        }
        INFO(problems.count << " problems, the first:\n" << problems.first);
        REQUIRE(problems.count == 0);
    }

    auto store = Store::open(db);
    REQUIRE(store.ok());
    SQLite::Database& sql = (*store)->database();
    auto seconds = std::chrono::duration<double>(Clock::now() - started).count();
    std::cout << "crash test: cycles=" << kCycles << " killed_mid_work=" << killedMidWork
              << " acked_events=" << acks.size()
              << " stored_events=" << count(sql, "SELECT COUNT(*) FROM events")
              << " tickets=" << count(sql, "SELECT COUNT(*) FROM tickets")
              << " days=" << count(sql, "SELECT COUNT(DISTINCT day) FROM events")
              << " seconds=" << seconds << std::endl;
    CHECK(acks.size() >= 500);
    CHECK(killedMidWork >= kCycles / 2);
}
