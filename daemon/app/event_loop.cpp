#include "app/event_loop.hpp"

#include "app/commit_writer.hpp"
#include "app/daemon.hpp"

namespace qmsd {

void runLoop(boost::asio::io_context& io, const Daemon& daemon) {
    for (;;) {
        if (daemon.commitOnDisk()) {
            auto until = std::chrono::steady_clock::now() + kSpinWhileCommitting;
            while (daemon.commitOnDisk() && !io.stopped() && std::chrono::steady_clock::now() < until) {
                if (io.poll() == 0) {
                    spinPause();
                }
            }
        }
        if (io.run_one() == 0) {
            return;
        }
    }
}

} // namespace qmsd
