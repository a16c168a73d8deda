#include "reports/xlsx_library.hpp"

#include "core/optional_library.hpp"

namespace qmsd::reports {

const LibXlsx* loadLibXlsx(std::string& error) {
    static const auto once =
        loadApi<LibXlsx>("libxlsxwriter.so.4", "libxlsxwriter4", [](OptionalLibrary& lib, LibXlsx& api) {
#define QMSD_XLSX_FIND(name) lib.find(api.name, #name);
            QMSD_XLSX_FUNCTIONS(QMSD_XLSX_FIND)
#undef QMSD_XLSX_FIND
        });
    return once.get(error);
}

} // namespace qmsd::reports
