#pragma once
// A minimal zip archive writer (deflate via zlib, CRC-32, no zip64): enough
// for an .xlsx of a few megabytes.
#include "core/result.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace qmsd::reports {

class ZipWriter {
  public:
    Status add(const std::string& name, const std::string& data);
    // The whole archive; the writer is spent afterwards.
    std::string finish();

  private:
    struct Entry {
        std::string name;
        std::uint32_t crc = 0;
        std::uint32_t compressed = 0;
        std::uint32_t size = 0;
        std::uint32_t offset = 0;
    };
    std::string out_;
    std::vector<Entry> entries_;
};

} // namespace qmsd::reports
