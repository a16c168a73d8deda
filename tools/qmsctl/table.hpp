#pragma once
// Aligned text tables. Widths count what a terminal shows, not bytes:
// Vietnamese "Hộ tịch" is 7 columns but 10 bytes in UTF-8.
#include <initializer_list>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace qmsctl {

// Terminal columns of UTF-8 text: one per code point, none for combining
// marks (text typed on some keyboards arrives decomposed). Invalid bytes
// count one each, as a terminal shows a replacement for each.
std::size_t displayWidth(std::string_view utf8);

enum class Align { left, right };

struct Column {
    std::string title;
    Align align = Align::left;
};

// The usual shape: labels (left-aligned), then figures (right-aligned).
std::vector<Column> columns(std::initializer_list<const char*> labels, std::initializer_list<const char*> figures);

class Table {
  public:
    explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

    void add(std::vector<std::string> cells);
    bool empty() const { return rows_.empty(); }
    // Header and rows, two spaces between columns, no trailing blanks.
    void print(std::ostream& out) const;

  private:
    std::vector<Column> columns_;
    std::vector<std::vector<std::string>> rows_;
};

} // namespace qmsctl
