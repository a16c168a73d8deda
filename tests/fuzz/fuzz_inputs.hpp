#pragma once
// Structured fuzz inputs: requests built from tables of the real API.
#include "fuzz_office.hpp"

#include <fuzzer/FuzzedDataProvider.h>

#include <string>

namespace qmsd::fuzz {

// One request as the bytes a client would send: a route of the API (or a
// near miss), a token (the demo clients', a live staff session's, none or
// junk), a target with counters, ticket refs and query members, and a body
// whose members are mostly of the kind the handler expects. `last` is set
// when the request asks to close the connection.
std::string buildRequest(Office& o, FuzzedDataProvider& in, bool& last);

} // namespace qmsd::fuzz
