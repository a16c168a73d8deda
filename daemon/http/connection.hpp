#pragma once
// One HTTP/1.1 connection: wait (idle timeout) for a request to start, read it
// whole within the request timeout and the body limit, answer, and keep the
// connection alive if the client asked. A slow or broken client only ever
// costs its own connection.
#include "http/http_types.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>

#include <memory>
#include <optional>

namespace qmsd::http {

class Server;

class Connection : public std::enable_shared_from_this<Connection> {
  public:
    Connection(boost::asio::ip::tcp::socket socket, Server& server, std::shared_ptr<bool> serverAlive);
    ~Connection();
    void start();
    // For a connection over the limit: one 503 reply, then close.
    void refuse(HttpResponse res);

  private:
    void waitForRequest();
    void readRequest();
    void onRead(boost::beast::error_code ec);
    void write(HttpResponse res, bool keepAlive);
    void close();

    boost::beast::tcp_stream stream_;
    // The whole-request deadline. Not the stream's own timeout: on expiry
    // Beast closes the socket, and the client would never see its 408.
    boost::asio::steady_timer requestTimer_;
    bool reading_ = false;
    bool timedOut_ = false;
    boost::beast::flat_buffer buffer_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    Server& server_;
    std::shared_ptr<bool> serverAlive_;
    std::string remote_;
    bool counted_ = false;
};

} // namespace qmsd::http
