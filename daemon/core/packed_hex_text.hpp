#pragma once
// Text kept in 17 bytes that packs the one shape every ticket carries, a
// public id of 32 lowercase hex digits (core/public_id.hpp), into
// the 16 bytes it encodes. Any other text of up to 16 bytes is kept as it is
// inside the object, and a longer one on the heap (a stored day or a test may
// carry such ids), so whatever is assigned reads back unchanged.
//
// Against InlineText<32> (33 bytes) it is half of the 32 bytes a ticket gives
// up to reach 144: 256 tickets in nine pages where they took eleven.
// Reading the packed form spells the digits out again, so there is no view();
// str() is a 32-byte std::string, one allocation, on the few paths that show
// a public id (the status URL, the index's confirmation of a lookup).
#include "core/inline_text.hpp"

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace qmsd {

class PackedHexText {
  public:
    static constexpr std::size_t kBytes = 16;

    PackedHexText() = default;
    PackedHexText(std::string_view text) { assign(text); }
    PackedHexText(const std::string& text) : PackedHexText(std::string_view(text)) {}
    PackedHexText(const char* text) : PackedHexText(std::string_view(text)) {}
    PackedHexText(const PackedHexText& other) { copyFrom(other); }
    PackedHexText& operator=(const PackedHexText& other) {
        if (this != &other) {
            release();
            copyFrom(other);
        }
        return *this;
    }
    PackedHexText(PackedHexText&& other) noexcept { take(other); }
    PackedHexText& operator=(PackedHexText&& other) noexcept {
        if (this != &other) {
            release();
            take(other);
        }
        return *this;
    }
    ~PackedHexText() { release(); }

    std::string str() const {
        if (mode_ == kPacked) {
            static constexpr char kDigits[] = "0123456789abcdef";
            std::string out(2 * kBytes, '\0');
            for (std::size_t i = 0; i < kBytes; ++i) {
                const auto b = static_cast<unsigned char>(bytes_[i]);
                out[2 * i] = kDigits[b >> 4];
                out[2 * i + 1] = kDigits[b & 0x0f];
            }
            return out;
        }
        if (mode_ == kLong) {
            return *longText();
        }
        return std::string(bytes_, mode_);
    }
    operator std::string() const { return str(); }
    bool empty() const { return mode_ == 0; }
    std::size_t size() const { return mode_ == kPacked ? 2 * kBytes : mode_ == kLong ? longText()->size() : mode_; }
    bool packed() const { return mode_ == kPacked; } // for the tests

    friend bool operator==(const PackedHexText& a, std::string_view b) {
        if (a.mode_ == kPacked) {
            unsigned char raw[kBytes];
            return unhex(b, raw) && std::memcmp(raw, a.bytes_, kBytes) == 0;
        }
        return a.mode_ == kLong ? *a.longText() == b : std::string_view(a.bytes_, a.mode_) == b;
    }
    friend std::string operator+(const std::string& a, const PackedHexText& b) { return a + b.str(); }

  private:
    // mode_: 0..16 the length of text kept as it is in bytes_; kPacked: bytes_
    // holds the 16 bytes 32 hex digits spell; kLong: bytes_ holds a std::string*.
    static constexpr std::uint8_t kPacked = 254;
    static constexpr std::uint8_t kLong = 255;

    // 32 lowercase hex digits → 16 bytes; anything else (upper case included,
    // which would not read back the same) → false.
    static bool unhex(std::string_view text, unsigned char* out) {
        if (text.size() != 2 * kBytes) {
            return false;
        }
        for (std::size_t i = 0; i < kBytes; ++i) {
            const int hi = digit(text[2 * i]);
            const int lo = digit(text[2 * i + 1]);
            if (hi < 0 || lo < 0) {
                return false;
            }
            out[i] = static_cast<unsigned char>(hi << 4 | lo);
        }
        return true;
    }
    static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    std::string* longText() const { return heap_text::in(bytes_); }
    void release() {
        if (mode_ == kLong) {
            delete longText();
        }
        mode_ = 0;
    }
    void take(PackedHexText& other) {
        std::memcpy(bytes_, other.bytes_, kBytes);
        mode_ = other.mode_;
        other.mode_ = 0;
    }
    void copyFrom(const PackedHexText& other) {
        if (other.mode_ == kLong) {
            heap_text::keep(bytes_, *other.longText());
        } else {
            std::memcpy(bytes_, other.bytes_, kBytes);
        }
        mode_ = other.mode_;
    }
    void assign(std::string_view text) {
        // `text` is never this object's own storage: str() returns a copy.
        release();
        unsigned char raw[kBytes];
        if (unhex(text, raw)) {
            std::memcpy(bytes_, raw, kBytes);
            mode_ = kPacked;
        } else if (text.size() <= kBytes) {
            if (!text.empty()) {
                std::memcpy(bytes_, text.data(), text.size());
            }
            mode_ = static_cast<std::uint8_t>(text.size());
        } else {
            heap_text::keep(bytes_, text);
            mode_ = kLong;
        }
    }

    char bytes_[kBytes]{};
    std::uint8_t mode_ = 0;
};
static_assert(sizeof(PackedHexText) == PackedHexText::kBytes + 1);

} // namespace qmsd
