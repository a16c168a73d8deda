#pragma once
// The daemon http_bench and memory_bench measure: the real qmsd binary on a
// generated office (7 fields, 64 counters with staff, 64 kiosks, a leader,
// open all day), started as it runs in an office: no tracer attached.
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
std::string leaderToken();
std::string staffId(int counter);  // the staff member who works at `counter`
std::string pinOf(int counter);

// The folder being measured in; die() removes it on the way out.
std::filesystem::path& workDir();
[[noreturn]] void die(const std::string& what);

class DaemonProcess {
  public:
    // Writes the office into `dir` and starts `qmsd` on it (port 0, data in
    // dir/data, which may already hold a store); returns once it listens.
    DaemonProcess(const std::string& qmsd, const std::string& logLevel, const std::filesystem::path& dir);
    ~DaemonProcess();
    DaemonProcess(const DaemonProcess&) = delete;
    DaemonProcess& operator=(const DaemonProcess&) = delete;

    boost::asio::ip::tcp::endpoint endpoint() const;
    pid_t pid() const { return pid_; }
    void stop(); // SIGTERM, then SIGKILL after 10 s

  private:
    pid_t pid_ = -1;
    int port_ = 0;
};

} // namespace qmsd::bench
