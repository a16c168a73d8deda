#pragma once
// Where an installed qmsd finds its read-only data (web pages, voice clips):
// <dir of the running binary>/../share/qmsd, so the Debian package's
// /usr/sbin/qmsd uses /usr/share/qmsd, a `cmake --install` to /usr/local
// uses /usr/local/share/qmsd, and a package unpacked anywhere (the package
// test's temporary root) uses its own copy, whatever prefix it was built for.
#include <filesystem>

namespace qmsd {

// "" when the binary's location cannot be read (no /proc).
std::filesystem::path installedDataDir();

} // namespace qmsd
