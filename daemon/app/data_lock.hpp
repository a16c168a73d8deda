#pragma once
// One qmsd per data directory: the daemon holds an exclusive flock on
// <data_dir>/qmsd.lock (with its pid inside) for as long as it runs, and
// `qmsd restore` takes the same lock, so a restore never replaces a store
// under a running daemon and a daemon cannot start in the middle of one.
// The kernel drops the lock when the process dies, kill -9 included: no
// stale lock to clean up after a crash.
#include "core/result.hpp"

#include <memory>
#include <string>

namespace qmsd {

class DataLock {
  public:
    // Fails with the holder's pid in the message when another process holds it.
    static Result<std::unique_ptr<DataLock>> acquire(const std::string& dataDir, const std::string& purpose);
    ~DataLock();
    DataLock(const DataLock&) = delete;
    DataLock& operator=(const DataLock&) = delete;

  private:
    explicit DataLock(int fd) : fd_(fd) {}
    int fd_;
};

} // namespace qmsd
