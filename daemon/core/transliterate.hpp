#pragma once
// Vietnamese → ASCII for hardware that cannot show it (LED boards, some
// printers): every accented letter to its base letter, đ/Đ to d/D
// ("Quầy 3 – Hộ tịch" → "Quay 3 - Ho tich"). A faithful fallback, used only
// where Unicode is impossible.
#include <string>
#include <string_view>

namespace qmsd {

std::string toAscii(std::string_view utf8);

} // namespace qmsd
