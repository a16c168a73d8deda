#pragma once
// A name that many records of a day repeat (a field, a priority, a staff id,
// the day itself): one copy of its text for the whole process, four bytes
// where it is used. A ticket held six such names as std::string, 192 bytes
// of its ~450; an office keeps every ticket of the day in memory.
//
// The names come from the office's config and its stored days, so the pool
// only grows by a handful a day; it is never freed.
#include <compare>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

namespace qmsd {

// The number of the pooled copy of `text` (the same number for equal text;
// thread-safe), and the text a number stands for (no lock: a number is only
// known once its text is in place). 0 is the empty text.
std::uint32_t sharedTextNumber(std::string_view text);
const std::string& sharedTextOf(std::uint32_t number);

class SharedName {
  public:
    SharedName() = default;
    SharedName(std::string_view text) : number_(sharedTextNumber(text)) {}
    SharedName(const std::string& text) : SharedName(std::string_view(text)) {}
    SharedName(const char* text) : SharedName(std::string_view(text)) {}

    const std::string& str() const { return sharedTextOf(number_); }
    operator const std::string&() const { return str(); }
    bool empty() const { return number_ == 0; }

    friend bool operator==(const SharedName& a, const SharedName& b) { return a.number_ == b.number_; }
    friend bool operator==(const SharedName& a, const std::string& b) { return a.str() == b; }
    friend bool operator==(const SharedName& a, std::string_view b) { return a.str() == b; }
    friend bool operator==(const SharedName& a, const char* b) { return a.str() == b; }
    friend std::strong_ordering operator<=>(const SharedName& a, const SharedName& b) {
        return a.str() <=> b.str();
    }
    friend std::string operator+(const SharedName& a, std::string_view b) { return a.str() + std::string(b); }
    friend std::string operator+(std::string_view a, const SharedName& b) { return std::string(a) + b.str(); }

  private:
    std::uint32_t number_ = 0;
};

std::ostream& operator<<(std::ostream& out, const SharedName& name);

} // namespace qmsd
