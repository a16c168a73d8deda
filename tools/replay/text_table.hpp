#pragma once
// Plain-text tables whose columns line up with Vietnamese names: widths count
// characters as a terminal shows them, not UTF-8 bytes.
#include <string>
#include <vector>

namespace qmsd::replay {

// Columns a UTF-8 string takes on a terminal (combining marks take none).
std::size_t displayWidth(const std::string& s);

class TextTable {
  public:
    // A negative width aligns left; the cell is padded to |width| columns.
    explicit TextTable(std::vector<int> widths) : widths_(std::move(widths)) {}
    std::string row(const std::vector<std::string>& cells) const;

  private:
    std::vector<int> widths_;
};

} // namespace qmsd::replay
