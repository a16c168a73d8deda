#include "pg/libpq_library.hpp"

#include <dlfcn.h>

namespace qmsd::pg {

namespace {

constexpr const char* kLibPq = "libpq.so.5";

struct Loaded {
    LibPq api;
    std::string error; // empty: every function was found
};

Loaded load() {
    Loaded out;
    void* handle = ::dlopen(kLibPq, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        const char* why = ::dlerror();
        out.error = std::string("PostgreSQL's client library cannot be loaded (is libpq5 installed?): ") +
                    (why != nullptr ? why : kLibPq);
        return out;
    }
    // Never closed: libpq keeps its own state (SSL, Kerberos) for the life of the process.
#define QMSD_LIBPQ_FIND(name)                                                                            \
    out.api.name = reinterpret_cast<decltype(&::name)>(::dlsym(handle, #name));                          \
    if (out.api.name == nullptr && out.error.empty()) {                                                   \
        out.error = std::string(kLibPq) + " has no " #name ": too old a libpq";                         \
    }
    QMSD_LIBPQ_FUNCTIONS(QMSD_LIBPQ_FIND)
#undef QMSD_LIBPQ_FIND
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
