#pragma once
// Text of up to N bytes kept inside the object, for a text every ticket of
// the day carries at its full length (the public id: 32 hex digits). A
// std::string keeps 15 inline and puts anything longer on the heap: 32 bytes
// plus a 48-byte block per ticket, against 48 here. Longer text (qmsd never
// makes it, but a stored day may carry it) goes to the heap unchanged.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace qmsd {

template <std::size_t N>
class InlineText {
    static_assert(N < 255, "the length is kept in a byte");

  public:
    InlineText() = default;
    InlineText(std::string_view text) { assign(text); }
    InlineText(const std::string& text) : InlineText(std::string_view(text)) {}
    InlineText(const char* text) : InlineText(std::string_view(text)) {}
    InlineText(const InlineText& other) { assign(other.view()); }
    InlineText& operator=(const InlineText& other) {
        if (this != &other) {
            assign(other.view());
        }
        return *this;
    }
    InlineText(InlineText&&) noexcept = default;
    InlineText& operator=(InlineText&&) noexcept = default;

    std::string_view view() const { return long_ ? std::string_view(*long_) : std::string_view(chars_, size_); }
    std::string str() const { return std::string(view()); }
    operator std::string_view() const { return view(); }
    bool empty() const { return view().empty(); }
    std::size_t size() const { return view().size(); }

    friend bool operator==(const InlineText& a, std::string_view b) { return a.view() == b; }
    friend std::string operator+(const std::string& a, const InlineText& b) { return a + std::string(b.view()); }

  private:
    void assign(std::string_view text) {
        if (text.size() <= N) {
            long_.reset();
            std::copy(text.begin(), text.end(), chars_);
            size_ = static_cast<std::uint8_t>(text.size());
        } else {
            long_ = std::make_unique<std::string>(text);
            size_ = 0;
        }
    }

    char chars_[N]{};
    std::uint8_t size_ = 0;
    std::unique_ptr<std::string> long_;
};

} // namespace qmsd
