#include "pg/libpq_library.hpp"

#include "core/optional_library.hpp"

namespace qmsd::pg {

namespace {

struct Loaded {
    LibPq api;
    std::string error; // empty: every function was found
};

Loaded load() {
    Loaded out;
    OptionalLibrary lib("libpq.so.5", "libpq5");
#define QMSD_LIBPQ_FIND(name) lib.find(out.api.name, #name);
    QMSD_LIBPQ_FUNCTIONS(QMSD_LIBPQ_FIND)
#undef QMSD_LIBPQ_FIND
    if (!lib.error().empty()) {
        out.error = "PostgreSQL's client: " + lib.error();
    }
    return out;
}

const Loaded& loaded() {
    static const Loaded once = load();
    return once;
}

} // namespace

const LibPq* loadLibPq(std::string& error) {
    const Loaded& l = loaded();
    error = l.error;
    return l.error.empty() ? &l.api : nullptr;
}

const LibPq& pq() { return loaded().api; }

} // namespace qmsd::pg
