#pragma once
// One WebSocket client's plumbing, shared by the office's live stream
// (event_stream.cpp) and the city's (city/city_live.cpp): messages queued and
// written one at a time, a client too far behind closed with 1013 "too slow"
// (it reconnects and catches up), and a read loop that drops what the client
// says and reports when it has gone. Each stream derives its Client from it
// with what that stream needs to know about whom it serves.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <string>

namespace qmsd::http {

struct WsClient : std::enable_shared_from_this<WsClient> {
    explicit WsClient(boost::beast::tcp_stream&& s) : socket(std::move(s)) {}

    boost::beast::websocket::stream<boost::beast::tcp_stream> socket;
    boost::beast::flat_buffer readBuffer;
    std::deque<std::shared_ptr<const std::string>> queue;
    bool writing = false;
    bool closing = false;
    std::size_t replayQueued = 0; // replayed messages still in the queue: not "falling behind"

    // Queues a message. A replay (`replay`) is queued at once; a client with
    // `maxQueued` live messages it has not taken is closed instead.
    void send(std::shared_ptr<const std::string> message, std::size_t maxQueued, bool replay = false);
    // Reads until the client goes, dropping what it says (the pages have
    // nothing to say), then calls `gone`.
    void readUntilGone(std::function<void()> gone);
    // The server stops: the socket closes without a goodbye.
    void closeNow();

  private:
    void writeNext();
};

} // namespace qmsd::http
