#include "app/data_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace qmsd {

Result<std::unique_ptr<DataLock>> DataLock::acquire(const std::string& dataDir, const std::string& purpose) {
    std::string path = (std::filesystem::path(dataDir) / "qmsd.lock").string();
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0) {
        return makeError(ErrorCode::storageFailed, "cannot open " + path + ": " + std::strerror(errno));
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int err = errno;
        char held[64] = {};
        ssize_t n = ::pread(fd, held, sizeof held - 1, 0);
        ::close(fd);
        std::string holder = n > 0 ? std::string(held, static_cast<std::size_t>(n)) : std::string("?");
        while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) {
            holder.pop_back();
        }
        if (err == EWOULDBLOCK) {
            return makeError(ErrorCode::storageFailed, "qmsd is running on " + dataDir + " (pid " + holder +
                                                           ", " + path + " is locked): cannot " + purpose);
        }
        return makeError(ErrorCode::storageFailed, "cannot lock " + path + ": " + std::strerror(err));
    }
    // Root (a restore run with sudo) creating the file must not leave it
    // unopenable for the qmsd user the daemon runs as: it belongs to whoever
    // owns the data directory.
    struct stat dir {};
    if (::geteuid() == 0 && ::stat(dataDir.c_str(), &dir) == 0) {
        (void)::fchown(fd, dir.st_uid, dir.st_gid);
    }
    std::string pid = std::to_string(::getpid()) + " " + purpose + "\n";
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
        // The lock holds without the pid; only the message is poorer.
    }
    return std::unique_ptr<DataLock>(new DataLock(fd));
}

DataLock::~DataLock() { ::close(fd_); }

} // namespace qmsd
