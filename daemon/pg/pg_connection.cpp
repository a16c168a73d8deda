#include "pg/pg_connection.hpp"

#include "pg/libpq_library.hpp"

#include <poll.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace qmsd::pg {

Status checkConninfo(const std::string& conninfo) {
    if (std::string why; loadLibPq(why) == nullptr) {
        return makeError(ErrorCode::configInvalid, why);
    }
    char* err = nullptr;
    PQconninfoOption* opts = pq().PQconninfoParse(conninfo.c_str(), &err);
    if (opts == nullptr) {
        std::string what = err != nullptr ? err : "cannot be parsed";
        pq().PQfreemem(err);
        while (!what.empty() && (what.back() == '\n' || what.back() == ' ')) {
            what.pop_back();
        }
        return makeError(ErrorCode::configInvalid, "not a libpq connection string: " + what);
    }
    bool hasPassword = false;
    for (PQconninfoOption* o = opts; o->keyword != nullptr; ++o) {
        if (std::string_view(o->keyword) == "password" && o->val != nullptr && *o->val != '\0') {
            hasPassword = true;
        }
    }
    pq().PQconninfoFree(opts);
    if (hasPassword) {
        return makeError(ErrorCode::configInvalid,
                         "holds a password: put it in password_file or password_env instead "
                         "(a config file's contents end up in logs and backups)");
    }
    return Ok{};
}

Result<std::string> readPassword(const std::string& file, const std::string& envVar) {
    if (!file.empty()) {
        std::ifstream in(file);
        if (!in) {
            return makeError(ErrorCode::configInvalid, "cannot read the password file " + file);
        }
        std::string line;
        std::getline(in, line);
        while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) {
            line.pop_back();
        }
        if (line.empty()) {
            return makeError(ErrorCode::configInvalid, "the password file " + file + " is empty");
        }
        return line;
    }
    if (!envVar.empty()) {
        const char* v = std::getenv(envVar.c_str());
        if (v == nullptr || *v == '\0') {
            return makeError(ErrorCode::configInvalid,
                             "the environment variable " + envVar + " (the password) is not set");
        }
        return std::string(v);
    }
    return std::string{};
}

PgResult::PgResult(pg_result* r) : r_(r) {}
PgResult::PgResult(PgResult&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
PgResult& PgResult::operator=(PgResult&& o) noexcept {
    if (this != &o) {
        if (r_ != nullptr) {
            pq().PQclear(r_);
        }
        r_ = o.r_;
        o.r_ = nullptr;
    }
    return *this;
}
PgResult::~PgResult() {
    if (r_ != nullptr) {
        pq().PQclear(r_);
    }
}

int PgResult::rows() const { return r_ == nullptr ? 0 : pq().PQntuples(r_); }
int PgResult::columns() const { return r_ == nullptr ? 0 : pq().PQnfields(r_); }
bool PgResult::isNull(int row, int col) const { return pq().PQgetisnull(r_, row, col) != 0; }

std::string_view PgResult::text(int row, int col) const {
    if (isNull(row, col)) {
        return {};
    }
    return {pq().PQgetvalue(r_, row, col), static_cast<std::size_t>(pq().PQgetlength(r_, row, col))};
}

std::int64_t PgResult::int64(int row, int col) const {
    std::string_view t = text(row, col);
    std::int64_t v = 0;
    std::from_chars(t.data(), t.data() + t.size(), v);
    return v;
}

std::string PgResult::bytes(int row, int col) const {
    if (isNull(row, col)) {
        return {};
    }
    std::size_t n = 0;
    unsigned char* raw =
        pq().PQunescapeBytea(reinterpret_cast<const unsigned char*>(pq().PQgetvalue(r_, row, col)), &n);
    if (raw == nullptr) {
        return {};
    }
    std::string out(reinterpret_cast<const char*>(raw), n);
    pq().PQfreemem(raw);
    return out;
}

long PgResult::affected() const {
    const char* t = r_ == nullptr ? "" : pq().PQcmdTuples(r_);
    return *t == '\0' ? 0 : std::strtol(t, nullptr, 10);
}

Connection::Connection(Connection&& o) noexcept
    : c_(o.c_), wakeFd_(o.wakeFd_), queryTimeoutSeconds_(o.queryTimeoutSeconds_) {
    o.c_ = nullptr;
}
Connection& Connection::operator=(Connection&& o) noexcept {
    if (this != &o) {
        if (c_ != nullptr) {
            pq().PQfinish(c_);
        }
        c_ = o.c_;
        wakeFd_ = o.wakeFd_;
        queryTimeoutSeconds_ = o.queryTimeoutSeconds_;
        o.c_ = nullptr;
    }
    return *this;
}
Connection::~Connection() {
    if (c_ != nullptr) {
        pq().PQfinish(c_);
    }
}

namespace {

std::string oneLine(std::string msg) {
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) {
        msg.pop_back();
    }
    for (auto& ch : msg) {
        if (ch == '\n') {
            ch = ' ';
        }
    }
    return msg;
}

} // namespace

std::string Connection::wait(bool forWrite, int timeoutMs) const {
    pollfd fds[2] = {{pq().PQsocket(c_), static_cast<short>(POLLIN | (forWrite ? POLLOUT : 0)), 0},
                     {wakeFd_, POLLIN, 0}};
    int n = wakeFd_ >= 0 ? 2 : 1;
    for (;;) {
        int rc = ::poll(fds, static_cast<nfds_t>(n), timeoutMs);
        if (rc < 0 && errno == EINTR) {
            continue;
        }
        if (rc < 0) {
            return std::string("poll failed: ") + std::strerror(errno);
        }
        if (rc == 0) {
            return "no answer within " + std::to_string(timeoutMs / 1000) + " s";
        }
        if (n == 2 && (fds[1].revents & POLLIN) != 0) {
            return "stopped";
        }
        return {};
    }
}

Result<Connection> Connection::open(const ConnectParams& p) {
    if (auto st = checkConninfo(p.conninfo); !st) {
        return st.error();
    }
    std::string userTimeout = std::to_string(p.tcpUserTimeoutMs);
    // Earlier keywords are defaults: the expanded conninfo overrides them.
    const char* keys[] = {"tcp_user_timeout", "keepalives_idle", "application_name", "dbname",
                          p.password.empty() ? nullptr : "password", nullptr};
    const char* values[] = {userTimeout.c_str(), "15", p.applicationName.c_str(), p.conninfo.c_str(),
                            p.password.c_str(), nullptr};
    Connection c(pq().PQconnectStartParams(keys, values, 1), p.wakeFd, p.queryTimeoutSeconds);
    if (c.c_ == nullptr) {
        return makeError(ErrorCode::storageFailed, "PostgreSQL: out of memory");
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{p.connectTimeoutSeconds};
    PostgresPollingStatusType poll = PGRES_POLLING_WRITING;
    while (pq().PQstatus(c.c_) != CONNECTION_BAD && poll != PGRES_POLLING_OK && poll != PGRES_POLLING_FAILED) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return makeError(ErrorCode::storageFailed, "cannot connect to PostgreSQL: no answer within " +
                                                           std::to_string(p.connectTimeoutSeconds) + " s");
        }
        if (std::string why = c.wait(poll == PGRES_POLLING_WRITING, static_cast<int>(left.count()));
            !why.empty()) {
            return makeError(ErrorCode::storageFailed, "cannot connect to PostgreSQL: " + why);
        }
        poll = pq().PQconnectPoll(c.c_);
    }
    if (pq().PQstatus(c.c_) != CONNECTION_OK) {
        return makeError(ErrorCode::storageFailed, "cannot connect to PostgreSQL: " + oneLine(pq().PQerrorMessage(c.c_)));
    }
    if (pq().PQsetnonblocking(c.c_, 1) != 0) {
        return makeError(ErrorCode::storageFailed, "PostgreSQL: cannot switch to non-blocking mode");
    }
    return c;
}

bool Connection::ok() const { return c_ != nullptr && pq().PQstatus(c_) == CONNECTION_OK; }

std::string Connection::describe() const {
    if (c_ == nullptr) {
        return "(not connected)";
    }
    std::string host = pq().PQhost(c_) != nullptr ? pq().PQhost(c_) : "";
    return std::string(pq().PQuser(c_)) + "@" + host + ":" + pq().PQport(c_) + "/" + pq().PQdb(c_);
}

Error Connection::failure(const std::string& what, pg_result* r) const {
    std::string state;
    std::string msg;
    if (r != nullptr) {
        const char* s = pq().PQresultErrorField(r, PG_DIAG_SQLSTATE);
        const char* m = pq().PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
        state = s != nullptr ? s : "";
        msg = m != nullptr ? m : "";
    }
    if (msg.empty()) {
        msg = c_ != nullptr ? pq().PQerrorMessage(c_) : "not connected";
    }
    std::string text = "PostgreSQL " + describe() + ": " + what + ": ";
    if (!state.empty()) {
        text += "[" + state + "] ";
    }
    return makeError(state == "53100" ? ErrorCode::storageFull : ErrorCode::storageFailed, text + oneLine(msg));
}

Status Connection::awaitReply(const std::string& what, int timeoutMs) {
    for (int f = pq().PQflush(c_); f != 0; f = pq().PQflush(c_)) {
        if (f < 0) {
            return failure(what, nullptr);
        }
        if (std::string why = wait(true, timeoutMs); !why.empty()) {
            return makeError(ErrorCode::storageFailed, "PostgreSQL " + describe() + ": " + what + ": " + why);
        }
        if (pq().PQconsumeInput(c_) == 0) {
            return failure(what, nullptr);
        }
    }
    while (pq().PQisBusy(c_) != 0) {
        if (std::string why = wait(false, timeoutMs); !why.empty()) {
            pq().PQfinish(c_); // mid-statement: this connection cannot be used again
            c_ = nullptr;
            return makeError(ErrorCode::storageFailed, "PostgreSQL: " + what + ": " + why);
        }
        if (pq().PQconsumeInput(c_) == 0) {
            return failure(what, nullptr);
        }
    }
    return Ok{};
}

Result<PgResult> Connection::exec(const std::string& sql, const std::vector<std::optional<std::string>>& params) {
    std::string head = sql.substr(0, sql.find_first_of("(\n"));
    if (head.size() > 60) {
        head = head.substr(0, 60);
    }
    if (!ok()) {
        return makeError(ErrorCode::storageFailed, "PostgreSQL: not connected");
    }
    int sent = 0;
    if (params.empty()) {
        sent = pq().PQsendQuery(c_, sql.c_str()); // may hold several statements
    } else {
        std::vector<const char*> values;
        values.reserve(params.size());
        for (const auto& v : params) {
            values.push_back(v ? v->c_str() : nullptr);
        }
        sent = pq().PQsendQueryParams(c_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                                 nullptr, nullptr, 0);
    }
    if (sent == 0) {
        return failure(head, nullptr);
    }
    if (auto st = awaitReply(head, queryTimeoutSeconds_ > 0 ? queryTimeoutSeconds_ * 1000 : -1); !st) {
        return st.error();
    }
    // Every result of the call; the first error wins, else the last result.
    PgResult last;
    std::optional<Error> error;
    while (pg_result* r = pq().PQgetResult(c_)) {
        auto status = pq().PQresultStatus(r);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && !error) {
            error = failure(head, r);
        }
        last = PgResult(r);
    }
    if (error) {
        return *error;
    }
    return last;
}

Status Connection::copyIn(const std::string& copySql, std::string_view data) {
    if (!ok()) {
        return makeError(ErrorCode::storageFailed, "PostgreSQL: not connected");
    }
    int timeoutMs = queryTimeoutSeconds_ > 0 ? queryTimeoutSeconds_ * 1000 : -1;
    auto fail = [this](const std::string& why) {
        return makeError(ErrorCode::storageFailed, "PostgreSQL " + describe() + ": COPY: " + why);
    };
    if (pq().PQsendQuery(c_, copySql.c_str()) == 0) {
        return failure("COPY", nullptr);
    }
    if (auto st = awaitReply("COPY", timeoutMs); !st) {
        return st;
    }
    PgResult start(pq().PQgetResult(c_));
    (void)start;
    constexpr std::size_t kChunk = 1 << 16;
    for (std::size_t at = 0; at < data.size();) {
        std::size_t n = std::min(kChunk, data.size() - at);
        int put = pq().PQputCopyData(c_, data.data() + at, static_cast<int>(n));
        if (put < 0) {
            return failure("COPY", nullptr);
        }
        if (put == 0) {
            if (std::string why = wait(true, timeoutMs); !why.empty()) {
                return fail(why);
            }
            continue;
        }
        at += n;
    }
    int end = 0;
    while ((end = pq().PQputCopyEnd(c_, nullptr)) == 0) {
        if (std::string why = wait(true, timeoutMs); !why.empty()) {
            return fail(why);
        }
    }
    if (end < 0) {
        return failure("COPY", nullptr);
    }
    if (auto st = awaitReply("COPY", timeoutMs); !st) {
        return st;
    }
    std::optional<Error> error;
    while (pg_result* r = pq().PQgetResult(c_)) {
        if (pq().PQresultStatus(r) != PGRES_COMMAND_OK && !error) {
            error = failure("COPY", r);
        }
        pq().PQclear(r);
    }
    if (error) {
        return *error;
    }
    return Ok{};
}

Status Connection::run(const std::string& sql, const std::vector<std::optional<std::string>>& params) {
    auto r = exec(sql, params);
    if (!r) {
        return r.error();
    }
    return Ok{};
}

int Connection::socket() const { return c_ == nullptr ? -1 : pq().PQsocket(c_); }

bool Connection::consume() { return c_ != nullptr && pq().PQconsumeInput(c_) == 1 && pq().PQstatus(c_) == CONNECTION_OK; }

std::optional<Connection::Notification> Connection::nextNotification() {
    if (c_ == nullptr) {
        return std::nullopt;
    }
    PGnotify* n = pq().PQnotifies(c_);
    if (n == nullptr) {
        return std::nullopt;
    }
    Notification out{n->relname != nullptr ? n->relname : "", n->extra != nullptr ? n->extra : ""};
    pq().PQfreemem(n);
    return out;
}

std::string sqlstateOf(const Error& e) {
    auto open = e.message.find(": [");
    if (open == std::string::npos || open + 8 >= e.message.size() || e.message[open + 8] != ']') {
        return {};
    }
    return e.message.substr(open + 3, 5);
}

std::string quoteLiteral(std::string_view s) {
    std::string out = "'";
    for (char c : s) {
        out += c;
        if (c == '\'') {
            out += '\'';
        }
    }
    return out + "'";
}

} // namespace qmsd::pg
