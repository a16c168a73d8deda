#pragma once
// The daemon http_bench measures: the real qmsd binary on a generated office
// (64 counters with staff, 64 kiosks, open all day), optionally under strace
// so the time it spends in fsync can be summed per row.
#include <boost/asio/ip/tcp.hpp>

#include <filesystem>
#include <string>
#include <sys/types.h>
#include <utility>

namespace qmsd::bench {

constexpr int kCounters = 64; // one per call-next client, so 64 clients can call at once
constexpr int kKiosks = 64;   // one per issuing client
inline constexpr const char* kFields[] = {"ho_tich", "chung_thuc", "dat_dai", "xay_dung",
                                          "kinh_doanh", "ldtbxh", "phan_anh"};

std::string kioskToken(int kiosk); // 1..kKiosks
std::string staffId(int counter);  // the staff member who works at `counter`
std::string pinOf(int counter);

// The folder being measured in; die() removes it on the way out.
std::filesystem::path& workDir();
[[noreturn]] void die(const std::string& what);

class DaemonProcess {
  public:
    // Writes the office into `dir` and starts `qmsd` on it (port 0), under
    // `strace` unless that is empty; returns once it listens.
    DaemonProcess(const std::string& qmsd, const std::string& logLevel, const std::filesystem::path& dir,
                  const std::string& strace);
    ~DaemonProcess();
    DaemonProcess(const DaemonProcess&) = delete;
    DaemonProcess& operator=(const DaemonProcess&) = delete;

    boost::asio::ip::tcp::endpoint endpoint() const;
    void stop(); // SIGTERM, then SIGKILL after 10 s
    // fsync/fdatasync calls that started in [from, to] (wall clock seconds):
    // how many, and the seconds they took.
    std::pair<long, double> syncsBetween(double from, double to) const;

  private:
    std::string straceLog_;
    pid_t spawned_ = -1; // strace, or qmsd itself
    pid_t daemon_ = 0;
    int port_ = 0;
};

} // namespace qmsd::bench
