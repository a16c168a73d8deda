#include "reports/zip_writer.hpp"

#include <zlib.h>

namespace qmsd::reports {
namespace {

void put16(std::string& s, std::uint32_t v) {
    s += static_cast<char>(v & 0xff);
    s += static_cast<char>((v >> 8) & 0xff);
}
void put32(std::string& s, std::uint32_t v) {
    put16(s, v & 0xffff);
    put16(s, v >> 16);
}

// Raw deflate (no zlib header), as zip stores it.
Result<std::string> deflateRaw(const std::string& in) {
    z_stream z{};
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        return makeError(ErrorCode::internal, "zlib deflateInit2 failed");
    }
    std::string out(deflateBound(&z, static_cast<uLong>(in.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        return makeError(ErrorCode::internal, "zlib deflate failed");
    }
    return out;
}

constexpr std::uint32_t kDosTime = 0;             // 00:00:00
constexpr std::uint32_t kDosDate = (1 << 5) | 1;  // 1980-01-01: fixed, so equal input gives equal bytes

} // namespace

Status ZipWriter::add(const std::string& name, const std::string& data) {
    if (data.size() > 0xfffffff0u || out_.size() > 0xfffffff0u) {
        return makeError(ErrorCode::internal, "zip entry too large (no zip64)");
    }
    auto packed = deflateRaw(data);
    if (!packed) {
        return packed.error();
    }
    Entry e;
    e.name = name;
    e.crc = static_cast<std::uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(data.data()),
                                             static_cast<uInt>(data.size())));
    e.compressed = static_cast<std::uint32_t>(packed->size());
    e.size = static_cast<std::uint32_t>(data.size());
    e.offset = static_cast<std::uint32_t>(out_.size());
    put32(out_, 0x04034b50);
    put16(out_, 20);        // version needed
    put16(out_, 1u << 11);  // UTF-8 names
    put16(out_, 8);         // deflate
    put16(out_, kDosTime);
    put16(out_, kDosDate);
    put32(out_, e.crc);
    put32(out_, e.compressed);
    put32(out_, e.size);
    put16(out_, static_cast<std::uint32_t>(name.size()));
    put16(out_, 0);
    out_ += name;
    out_ += *packed;
    entries_.push_back(std::move(e));
    return Ok{};
}

std::string ZipWriter::finish() {
    auto start = static_cast<std::uint32_t>(out_.size());
    for (const auto& e : entries_) {
        put32(out_, 0x02014b50);
        put16(out_, 20); // made by
        put16(out_, 20); // needed
        put16(out_, 1u << 11);
        put16(out_, 8);
        put16(out_, kDosTime);
        put16(out_, kDosDate);
        put32(out_, e.crc);
        put32(out_, e.compressed);
        put32(out_, e.size);
        put16(out_, static_cast<std::uint32_t>(e.name.size()));
        put16(out_, 0); // extra
        put16(out_, 0); // comment
        put16(out_, 0); // disk
        put16(out_, 0); // internal attributes
        put32(out_, 0); // external attributes
        put32(out_, e.offset);
        out_ += e.name;
    }
    auto size = static_cast<std::uint32_t>(out_.size()) - start;
    put32(out_, 0x06054b50);
    put16(out_, 0);
    put16(out_, 0);
    put16(out_, static_cast<std::uint32_t>(entries_.size()));
    put16(out_, static_cast<std::uint32_t>(entries_.size()));
    put32(out_, size);
    put32(out_, start);
    put16(out_, 0);
    return std::move(out_);
}

} // namespace qmsd::reports
