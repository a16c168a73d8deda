#pragma once
// A name that many records of a day repeat (a field, a priority, a staff id,
// the day itself): one copy of its text for the whole process, eight bytes
// where it is used. A ticket held six such names as std::string, 192 bytes
// of its ~450; an office keeps every ticket of the day in memory.
//
// The names come from the office's config and its stored days, so the pool
// only grows by a handful a day; it is never freed.
#include <compare>
#include <iosfwd>
#include <string>
#include <string_view>

namespace qmsd {

// The pooled copy of `text` (the same pointer for equal text; thread-safe).
const std::string* sharedText(std::string_view text);

class SharedName {
  public:
    SharedName() = default;
    SharedName(std::string_view text) : text_(sharedText(text)) {}
    SharedName(const std::string& text) : SharedName(std::string_view(text)) {}
    SharedName(const char* text) : SharedName(std::string_view(text)) {}

    const std::string& str() const { return *text_; }
    operator const std::string&() const { return *text_; }
    bool empty() const { return text_->empty(); }

    friend bool operator==(const SharedName& a, const SharedName& b) { return a.text_ == b.text_; }
    friend bool operator==(const SharedName& a, const std::string& b) { return *a.text_ == b; }
    friend bool operator==(const SharedName& a, std::string_view b) { return *a.text_ == b; }
    friend bool operator==(const SharedName& a, const char* b) { return *a.text_ == b; }
    friend std::strong_ordering operator<=>(const SharedName& a, const SharedName& b) {
        return *a.text_ <=> *b.text_;
    }
    friend std::string operator+(const SharedName& a, std::string_view b) { return *a.text_ + std::string(b); }
    friend std::string operator+(std::string_view a, const SharedName& b) { return std::string(a) + *b.text_; }

  private:
    const std::string* text_ = sharedText({});
};

std::ostream& operator<<(std::ostream& out, const SharedName& name);

} // namespace qmsd
