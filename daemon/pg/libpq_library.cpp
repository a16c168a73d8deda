#include "pg/libpq_library.hpp"

#include "core/optional_library.hpp"

namespace qmsd::pg {

namespace {

const LoadedApi<LibPq>& loaded() {
    static const auto once = loadApi<LibPq>("libpq.so.5", "libpq5", [](OptionalLibrary& lib, LibPq& api) {
#define QMSD_LIBPQ_FIND(name) lib.find(api.name, #name);
        QMSD_LIBPQ_FUNCTIONS(QMSD_LIBPQ_FIND)
#undef QMSD_LIBPQ_FIND
    });
    return once;
}

} // namespace

const LibPq* loadLibPq(std::string& error) { return loaded().get(error); }

const LibPq& pq() { return loaded().api; }

} // namespace qmsd::pg
