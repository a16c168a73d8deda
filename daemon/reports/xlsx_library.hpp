#pragma once
// libxlsxwriter, loaded when a report is first asked for as a spreadsheet
// (core/optional_library.hpp) instead of linked: linked, it mapped itself and
// libcrypto into every qmsd at start, 1.6 MB of its idle RSS.
#include "core/optional_library.hpp"

#include <xlsxwriter.h>

#include <string>

namespace qmsd::reports {

// Every libxlsxwriter function report_xlsx.cpp calls.
#define QMSD_XLSX_FUNCTIONS(X)                                                                           \
    X(format_set_align) X(format_set_bold) X(format_set_bottom) X(format_set_num_format)                 \
    X(format_set_text_wrap) X(lxw_strerror) X(workbook_add_format) X(workbook_add_worksheet)             \
    X(workbook_close) X(workbook_new_opt) X(workbook_set_properties) X(worksheet_autofilter)             \
    X(worksheet_freeze_panes) X(worksheet_set_column) X(worksheet_write_datetime)                        \
    X(worksheet_write_number) X(worksheet_write_string)

struct LibXlsx {
    QMSD_XLSX_FUNCTIONS(QMSD_OPTIONAL_POINTER)
};

// Loads libxlsxwriter.so.4 on the first call (thread-safe) and returns its
// functions, or nullptr with `error` saying what is missing.
const LibXlsx* loadLibXlsx(std::string& error);

} // namespace qmsd::reports
