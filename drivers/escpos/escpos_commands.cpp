#include "escpos/escpos_commands.hpp"

#include <algorithm>

namespace qmsd::escpos::cmd {
namespace {
constexpr std::uint8_t ESC = 0x1B, GS = 0x1D, DLE = 0x10, EOT = 0x04, LF = 0x0A;
constexpr std::size_t kQrMaxData = 7089; // model 2, version 40, numeric
constexpr int kBandRows = 255;

std::uint8_t u8(int v) {
    return static_cast<std::uint8_t>(v & 0xFF);
}
} // namespace

Bytes init() {
    return {ESC, '@'};
}
Bytes align(Align a) {
    return {ESC, 'a', static_cast<std::uint8_t>(a)};
}
Bytes bold(bool on) {
    return {ESC, 'E', static_cast<std::uint8_t>(on ? 1 : 0)};
}

Bytes charSize(int width, int height) {
    width = std::clamp(width, 1, 8);
    height = std::clamp(height, 1, 8);
    return {GS, '!', u8(((width - 1) << 4) | (height - 1))};
}

Bytes codePage(int n) {
    return {ESC, 't', u8(n)};
}

Bytes text(std::string_view bytes) {
    Bytes out(bytes.begin(), bytes.end());
    out.push_back(LF);
    return out;
}

Bytes feedLines(int n) {
    return {ESC, 'd', u8(std::clamp(n, 0, 255))};
}

Bytes qrModel2() {
    return {GS, '(', 'k', 4, 0, 0x31, 0x41, 0x32, 0x00};
}
Bytes qrModuleSize(int dots) {
    return {GS, '(', 'k', 3, 0, 0x31, 0x43, u8(std::clamp(dots, 1, 16))};
}
Bytes qrErrorLevel(QrErrorLevel level) {
    return {GS, '(', 'k', 3, 0, 0x31, 0x45, static_cast<std::uint8_t>(level)};
}

Result<Bytes> qrStore(std::string_view data) {
    if (data.empty() || data.size() > kQrMaxData)
        return makeError(ErrorCode::invalidArgument, "QR data must be 1..7089 bytes");
    const std::size_t len = data.size() + 3; // cn, fn, m
    Bytes out{GS,   '(',  'k', u8(static_cast<int>(len)), u8(static_cast<int>(len >> 8)),
              0x31, 0x50, 0x30};
    out.insert(out.end(), data.begin(), data.end());
    return out;
}

Bytes qrPrint() {
    return {GS, '(', 'k', 3, 0, 0x31, 0x51, 0x30};
}

Result<Bytes> qr(std::string_view data, int moduleDots, QrErrorLevel level) {
    auto store = qrStore(data);
    if (!store)
        return store.error();
    Bytes out = qrModel2();
    append(out, qrModuleSize(moduleDots));
    append(out, qrErrorLevel(level));
    append(out, *store);
    append(out, qrPrint());
    return out;
}

Bytes raster(const Bitmap& image) {
    Bytes out;
    const int stride = image.stride();
    for (int top = 0; top < image.height; top += kBandRows) {
        const int rows = std::min(kBandRows, image.height - top);
        const Bytes head{GS, 'v', '0', 0, u8(stride), u8(stride >> 8), u8(rows), u8(rows >> 8)};
        append(out, head);
        const auto from = image.data.begin() + static_cast<std::ptrdiff_t>(top) * stride;
        out.insert(out.end(), from, from + static_cast<std::ptrdiff_t>(rows) * stride);
    }
    return out;
}

Bytes cut(Cut kind) {
    return {GS, 'V', static_cast<std::uint8_t>(kind)};
}
Bytes statusRequest(int n) {
    return {DLE, EOT, u8(std::clamp(n, 1, 4))};
}

} // namespace qmsd::escpos::cmd
