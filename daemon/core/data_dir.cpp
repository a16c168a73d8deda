#include "core/data_dir.hpp"

namespace qmsd {

std::filesystem::path installedDataDir() {
    std::error_code ec;
    std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec || exe.empty()) {
        return {};
    }
    return (exe.parent_path().parent_path() / "share" / "qmsd").lexically_normal();
}

} // namespace qmsd
