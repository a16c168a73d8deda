#pragma once
// One HTTP/1.1 connection: wait (idle timeout) for a request to start, read
// its headers within the header deadline and the whole of it within the
// request timeout and the body limit, answer, and keep the connection alive if
// the client asked. A slow or broken client only ever costs its own
// connection, and a silent or trickling one (slowloris) only seconds of it.
#include "http/connection_limits.hpp"
#include "http/http_types.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>

#include <chrono>
#include <memory>
#include <optional>

namespace qmsd::http {

class Server;

class Connection : public std::enable_shared_from_this<Connection> {
  public:
    Connection(boost::asio::ip::tcp::socket socket, Server& server, std::shared_ptr<bool> serverAlive,
               std::string remote);
    // Serves requests, holding `slot` (its place in the limits) until closed
    // or handed on to the live stream.
    void start(std::shared_ptr<ConnectionSlot> slot);
    // For a connection over a limit: one 503 reply, then close.
    void refuse(HttpResponse res);

  private:
    void waitForRequest(std::chrono::steady_clock::duration wait);
    void readHeader();
    void readBody();
    void onHeader();
    void onRequest();
    // Maps a read error to its reply (or a quiet close); true when there was one.
    bool failed(boost::beast::error_code ec);
    void armDeadline(std::chrono::steady_clock::time_point at);
    void write(HttpResponse res, bool keepAlive);
    void close();

    boost::beast::tcp_stream stream_;
    // The headers' and the whole request's deadlines. Not the stream's own
    // timeout: on expiry Beast closes the socket, and the client would never
    // see its 408.
    boost::asio::steady_timer requestTimer_;
    bool reading_ = false;
    bool timedOut_ = false;
    std::chrono::steady_clock::time_point requestStarted_{};
    boost::beast::flat_buffer buffer_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    Server& server_;
    std::shared_ptr<bool> serverAlive_;
    std::string remote_;
    std::shared_ptr<ConnectionSlot> slot_;
};

} // namespace qmsd::http
