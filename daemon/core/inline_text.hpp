#pragma once
// Text of up to N bytes kept inside the object, for texts every ticket of the
// day carries (its public id: 32 hex digits; its code, phone and booking).
// A std::string keeps 15 inline in 32 bytes and puts anything longer on the
// heap: for the public id, 32 bytes plus a 48-byte block per ticket, against
// 33 here. Longer text (qmsd never makes it, but a stored day may carry it)
// goes to the heap whole; the object then keeps the pointer in its bytes.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace qmsd {

// The heap form of the compact texts here and in core/packed_hex_text.hpp:
// text too long for an object's bytes is kept whole in a std::string, and
// the object's bytes hold its pointer.
namespace heap_text {
inline std::string* in(const char* bytes) {
    std::string* p = nullptr;
    std::memcpy(&p, bytes, sizeof p);
    return p;
}
inline void keep(char* bytes, std::string_view text) {
    auto* kept = new std::string(text);
    std::memcpy(bytes, &kept, sizeof kept);
}
} // namespace heap_text

template <std::size_t N>
class InlineText {
    static_assert(N >= sizeof(std::string*) && N < 255, "a pointer must fit, and the length is kept in a byte");

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
    InlineText(InlineText&& other) noexcept { take(other); }
    InlineText& operator=(InlineText&& other) noexcept {
        if (this != &other) {
            release();
            take(other);
        }
        return *this;
    }
    ~InlineText() { release(); }

    std::string_view view() const { return size_ == kLong ? std::string_view(*longText()) : std::string_view(bytes_, size_); }
    std::string str() const { return std::string(view()); }
    operator std::string_view() const { return view(); }
    operator std::string() const { return str(); } // a copy, where a std::string is taken
    bool empty() const { return size_ == 0; }
    std::size_t size() const { return view().size(); }

    friend bool operator==(const InlineText& a, std::string_view b) { return a.view() == b; }
    friend std::string operator+(const std::string& a, const InlineText& b) { return a + std::string(b.view()); }
    friend std::string operator+(const InlineText& a, std::string_view b) { return std::string(a.view()) + std::string(b); }

  private:
    static constexpr std::uint8_t kLong = 255; // the bytes hold a std::string* instead

    std::string* longText() const { return heap_text::in(bytes_); }
    void release() {
        if (size_ == kLong) {
            delete longText();
        }
        size_ = 0;
    }
    void take(InlineText& other) {
        std::memcpy(bytes_, other.bytes_, N);
        size_ = other.size_;
        other.size_ = 0;
    }
    void assign(std::string_view text) {
        if (text.size() <= N) {
            char copy[N]; // `text` may be this object's own long text
            if (!text.empty()) {
                std::memcpy(copy, text.data(), text.size());
            }
            release();
            if (!text.empty()) {
                std::memcpy(bytes_, copy, text.size());
            }
            size_ = static_cast<std::uint8_t>(text.size());
        } else {
            auto* kept = new std::string(text);
            release();
            std::memcpy(bytes_, &kept, sizeof kept);
            size_ = kLong;
        }
    }

    char bytes_[N]{};
    std::uint8_t size_ = 0;
};

} // namespace qmsd
