#include "http/connection.hpp"

#include "http/reply.hpp"
#include "http/server.hpp"

#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

namespace qmsd::http {

namespace beast = boost::beast;
namespace bh = boost::beast::http;

Connection::Connection(boost::asio::ip::tcp::socket socket, Server& server,
                       std::shared_ptr<bool> serverAlive)
    : stream_(std::move(socket)), requestTimer_(stream_.get_executor()), server_(server),
      serverAlive_(std::move(serverAlive)) {
    boost::system::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    remote_ = ec ? "unknown" : ep.address().to_string();
}

Connection::~Connection() {
    if (counted_ && *serverAlive_) {
        server_.connectionClosed();
    }
}

void Connection::start() {
    counted_ = true;
    server_.connectionOpened();
    waitForRequest();
}

void Connection::refuse(HttpResponse res) { write(std::move(res), false); }

// Idle keep-alive connections wait here; only the first byte of a request
// switches to the (shorter) whole-request timeout.
void Connection::waitForRequest() {
    if (buffer_.size() > 0) {
        readRequest();
        return;
    }
    stream_.expires_after(server_.limits().idleTimeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                                if (ec) {
                                    self->close(); // idle timeout, or the client left
                                    return;
                                }
                                self->buffer_.commit(n);
                                self->readRequest();
                            });
}

void Connection::readRequest() {
    parser_.emplace();
    parser_->body_limit(server_.limits().maxBodyBytes);
    parser_->header_limit(8 * 1024);
    stream_.expires_never();
    reading_ = true;
    timedOut_ = false;
    requestTimer_.expires_after(server_.limits().requestTimeout);
    requestTimer_.async_wait([self = shared_from_this()](beast::error_code ec) {
        if (ec || !self->reading_) {
            return; // the request arrived (or the connection ended) first
        }
        self->timedOut_ = true;
        beast::error_code ignored;
        self->stream_.socket().cancel(ignored); // the read ends with operation_aborted
    });
    bh::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        self->reading_ = false;
        self->requestTimer_.cancel();
        self->onRead(ec);
    });
}

void Connection::onRead(beast::error_code ec) {
    if (timedOut_ && ec) {
        ec = beast::error::timeout;
    }
    if (ec == bh::error::end_of_stream || ec == boost::asio::error::connection_reset ||
        ec == boost::asio::error::operation_aborted) {
        close();
        return;
    }
    if (ec == beast::error::timeout) {
        write(errorReply(makeError(ErrorCode::requestTimeout, "the request did not arrive whole in " +
                                                                  std::to_string(server_.limits().requestTimeout.count()) +
                                                                  " s")),
              false);
        return;
    }
    if (ec == bh::error::body_limit) {
        write(errorReply(makeError(ErrorCode::bodyTooLarge,
                                   "the body is larger than " +
                                       std::to_string(server_.limits().maxBodyBytes) + " bytes")),
              false);
        return;
    }
    if (ec == bh::error::header_limit) {
        write(errorReply(makeError(ErrorCode::headersTooLarge, "the headers are larger than 8 KiB")),
              false);
        return;
    }
    if (ec) {
        write(errorReply(makeError(ErrorCode::invalidArgument, "malformed HTTP request: " + ec.message())),
              false);
        return;
    }
    HttpRequest req = parser_->release();
    if (beast::websocket::is_upgrade(req)) {
        stream_.expires_never();
        server_.upgrade(std::move(stream_), std::move(req), remote_);
        return;
    }
    bool keepAlive = req.keep_alive();
    // No timeout while the handler waits for its commit; the write sets its own.
    stream_.expires_never();
    server_.dispatch(std::move(req), remote_,
                     [self = shared_from_this(), keepAlive](HttpResponse res) {
                         self->write(std::move(res), keepAlive);
                     });
}

void Connection::write(HttpResponse res, bool keepAlive) {
    res.keep_alive(keepAlive);
    res.set(bh::field::server, "qmsd");
    res.prepare_payload();
    auto message = std::make_shared<HttpResponse>(std::move(res));
    stream_.expires_after(server_.limits().requestTimeout);
    bh::async_write(stream_, *message,
                    [self = shared_from_this(), message](beast::error_code ec, std::size_t) {
                        if (ec || !message->keep_alive()) {
                            self->close();
                            return;
                        }
                        self->waitForRequest();
                    });
}

void Connection::close() {
    beast::error_code ec;
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
    stream_.close();
}

} // namespace qmsd::http
