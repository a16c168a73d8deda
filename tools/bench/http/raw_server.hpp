#pragma once
// The floor http_bench holds qmsd against: the least a durable HTTP server
// can do on this machine. Same clients, same keep-alive HTTP/1.1 requests on
// loopback, parsed by the same Beast parser qmsd uses; each request writes
// the rows qmsd's store writes for it (an events row, and the tickets row
// inserted or updated) with the same schema and pragmas; every request that
// arrived while the last commit ran is committed in one transaction (the same
// group commit qmsd does), and each reply is sent after its commit. Nothing
// else: no engine, no JSON, no log. It runs on a thread of its own.
#include <boost/asio/ip/tcp.hpp>

#include <filesystem>
#include <memory>

namespace qmsd::bench {

class RawDurableServer {
  public:
    // A fresh database at `dbPath` (removed first), `pretickets` waiting
    // tickets already in it (for call-next/finish rows), listening on
    // 127.0.0.1 on a free port.
    RawDurableServer(const std::filesystem::path& dbPath, long pretickets);
    ~RawDurableServer();
    RawDurableServer(const RawDurableServer&) = delete;
    RawDurableServer& operator=(const RawDurableServer&) = delete;

    boost::asio::ip::tcp::endpoint endpoint() const;
    // Requests committed and transactions used so far (for the batching shown).
    long requests() const;
    long commits() const;

    struct Impl; // public so its connections can name it; defined in the .cpp

  private:
    std::unique_ptr<Impl> impl_;
};

} // namespace qmsd::bench
