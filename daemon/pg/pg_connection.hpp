#pragma once
// A thin RAII layer over libpq's C API for the two PostgreSQL users in qmsd:
// the office's shipper (daemon/upstream) and the city service (daemon/city).
// Both call it from a thread of their own (blocking calls are fine there);
// qmsd-city's LISTEN connection also hands socket() to its io_context.
//
// Errors never throw: a failed call returns an Error whose message names the
// server ("user@host:port/db") and carries PostgreSQL's SQLSTATE in brackets,
// e.g. "[53100] could not extend file…" (disk full). The password is never
// part of any message or log line.
#include "core/result.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;
struct pg_result;

namespace qmsd::pg {

// Where and how to connect. `conninfo` is libpq's "key=value …" or a
// postgresql:// URI without a password; the password comes separately.
struct ConnectParams {
    std::string conninfo;
    std::string password; // empty: libpq's own sources (PGPASSWORD, ~/.pgpass)
    // Added to the conninfo unless it sets them: a dead network fails a call
    // in seconds instead of TCP's minutes.
    int connectTimeoutSeconds = 10;
    int tcpUserTimeoutMs = 30000;
    std::string applicationName = "qmsd";
    // A call (connect included) ends at once when this descriptor becomes
    // readable (an eventfd the owner writes to stop), so stopping never waits
    // for a slow server. -1: none.
    int wakeFd = -1;
    // A statement without an answer after this long fails (0: never); the
    // connection is then unusable.
    int queryTimeoutSeconds = 0;
};

// Checks the conninfo's syntax (PQconninfoParse) and that it holds no
// password; the message says what is wrong.
Status checkConninfo(const std::string& conninfo);

// The password from a file (first line, trailing newline dropped) or an
// environment variable; both empty = none. Errors name the file or variable.
Result<std::string> readPassword(const std::string& file, const std::string& envVar);

class PgResult {
  public:
    PgResult() = default;
    explicit PgResult(pg_result* r);
    PgResult(PgResult&&) noexcept;
    PgResult& operator=(PgResult&&) noexcept;
    ~PgResult();

    int rows() const;
    int columns() const;
    bool isNull(int row, int col) const;
    std::string_view text(int row, int col) const; // "" for NULL
    std::int64_t int64(int row, int col) const;    // 0 for NULL or garbage
    // bytea in text form ("\x…" hex) decoded to bytes.
    std::string bytes(int row, int col) const;
    long affected() const; // rows touched by INSERT/UPDATE/DELETE

  private:
    pg_result* r_ = nullptr;
};

class Connection {
  public:
    // Connects (bounded by connectTimeoutSeconds and the wake descriptor).
    // Calls block the calling thread; inside they are libpq's non-blocking
    // calls and poll(), so the wake descriptor and timeouts always apply.
    static Result<Connection> open(const ConnectParams& params);

    Connection() = default;
    Connection(Connection&&) noexcept;
    Connection& operator=(Connection&&) noexcept;
    ~Connection();

    bool ok() const; // connected and not known to be broken
    explicit operator bool() const { return ok(); }
    // "user@host:port/dbname", for logs.
    std::string describe() const;

    // One statement (or several without parameters), blocking. Parameters are
    // text; nullopt is SQL NULL.
    Result<PgResult> exec(const std::string& sql,
                          const std::vector<std::optional<std::string>>& params = {});
    // COPY … FROM STDIN with `data` in COPY's text format (the benchmark's
    // baseline: rows straight into PostgreSQL).
    Status copyIn(const std::string& copySql, std::string_view data);
    // Like exec for statements without a result (DDL, SET, LISTEN).
    Status run(const std::string& sql, const std::vector<std::optional<std::string>>& params = {});

    // Non-blocking notification intake for an event loop: after the socket
    // is readable, consume() reads what arrived (false: the connection is
    // broken) and nextNotification() hands out LISTEN payloads one by one.
    int socket() const;
    bool consume();
    struct Notification {
        std::string channel;
        std::string payload;
    };
    std::optional<Notification> nextNotification();

    pg_conn* raw() { return c_; }

  private:
    Connection(pg_conn* c, int wakeFd, int queryTimeoutSeconds)
        : c_(c), wakeFd_(wakeFd), queryTimeoutSeconds_(queryTimeoutSeconds) {}
    Error failure(const std::string& what, pg_result* r) const;
    // Waits for the socket (POLLIN and/or POLLOUT); "" or why it gave up.
    std::string wait(bool forWrite, int timeoutMs) const;
    // Sends what a PQsend*/PQputCopyEnd queued and waits until the reply is in
    // (PQgetResult will not block). A timeout while the server works closes the
    // connection: mid-statement it cannot be used again.
    Status awaitReply(const std::string& what, int timeoutMs);

    pg_conn* c_ = nullptr;
    int wakeFd_ = -1;
    int queryTimeoutSeconds_ = 0;
};

// SQLSTATE of an Error made here ("53100"), or "" when it has none.
std::string sqlstateOf(const Error& e);
// A literal for SQL text built here (identifiers of partitions): 'it''s'.
std::string quoteLiteral(std::string_view s);

} // namespace qmsd::pg
