#pragma once
// libpq, loaded when first needed (core/optional_library.hpp) instead of
// linked. Only an office with an [upstream] (and qmsd-city) speaks to
// PostgreSQL, but a linked libpq mapped itself and twenty libraries of its
// own (gnutls, krb5, ldap, sasl…) into every qmsd.
#include "core/optional_library.hpp"

#include <libpq-fe.h>

#include <string>

namespace qmsd::pg {

// Every libpq function pg_connection.cpp calls.
#define QMSD_LIBPQ_FUNCTIONS(X)                                                                          \
    X(PQclear) X(PQcmdTuples) X(PQconnectPoll) X(PQconnectStartParams) X(PQconninfoFree)                \
    X(PQconninfoParse) X(PQconsumeInput) X(PQdb) X(PQerrorMessage) X(PQfinish) X(PQflush) X(PQfreemem) \
    X(PQgetisnull) X(PQgetlength) X(PQgetResult) X(PQgetvalue) X(PQhost) X(PQisBusy) X(PQnfields)      \
    X(PQnotifies) X(PQntuples) X(PQport) X(PQputCopyData) X(PQputCopyEnd) X(PQresultErrorField)         \
    X(PQresultStatus) X(PQsendQuery) X(PQsendQueryParams) X(PQsetnonblocking) X(PQsocket) X(PQstatus)   \
    X(PQunescapeBytea) X(PQuser)

struct LibPq {
    QMSD_LIBPQ_FUNCTIONS(QMSD_OPTIONAL_POINTER)
};

// Loads libpq.so.5 on the first call (thread-safe) and returns its functions,
// or nullptr with `error` saying what is missing.
const LibPq* loadLibPq(std::string& error);

// The loaded functions; only after loadLibPq succeeded (a connection or a
// result exists only then).
const LibPq& pq();

} // namespace qmsd::pg
