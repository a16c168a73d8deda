#include "reports/xlsx_library.hpp"

namespace qmsd::reports {

const LibXlsx* loadLibXlsx(std::string& error) {
    static const auto once =
        loadApi<LibXlsx>("libxlsxwriter.so.4", "libxlsxwriter4", nullptr, [](OptionalLibrary& library, LibXlsx& api) {
            QMSD_XLSX_FUNCTIONS(QMSD_OPTIONAL_FIND)
        });
    return once.get(error);
}

} // namespace qmsd::reports
