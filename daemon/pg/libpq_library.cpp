#include "pg/libpq_library.hpp"

namespace qmsd::pg {

namespace {

const LoadedApi<LibPq>& loaded() {
    static const auto once = loadApi<LibPq>("libpq.so.5", "libpq5", "PostgreSQL's client",
                                            [](OptionalLibrary& library, LibPq& api) {
                                                QMSD_LIBPQ_FUNCTIONS(QMSD_OPTIONAL_FIND)
                                            });
    return once;
}

} // namespace

const LibPq* loadLibPq(std::string& error) { return loaded().get(error); }

const LibPq& pq() { return loaded().api; }

} // namespace qmsd::pg
