#include "reports/xlsx_library.hpp"

#include "core/optional_library.hpp"

namespace qmsd::reports {

namespace {

struct Loaded {
    LibXlsx api;
    std::string error; // empty: every function was found
};

Loaded load() {
    Loaded out;
    OptionalLibrary lib("libxlsxwriter.so.4", "libxlsxwriter4");
#define QMSD_XLSX_FIND(name) lib.find(out.api.name, #name);
    QMSD_XLSX_FUNCTIONS(QMSD_XLSX_FIND)
#undef QMSD_XLSX_FIND
    out.error = lib.error();
    return out;
}

} // namespace

const LibXlsx* loadLibXlsx(std::string& error) {
    static const Loaded once = load();
    error = once.error;
    return once.error.empty() ? &once.api : nullptr;
}

} // namespace qmsd::reports
