#include "http/connection.hpp"

#include "http/reply.hpp"
#include "http/request_checks.hpp"
#include "http/server.hpp"

#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <algorithm>

namespace qmsd::http {

namespace beast = boost::beast;
namespace bh = boost::beast::http;
using Clock = std::chrono::steady_clock;

Connection::Connection(boost::asio::ip::tcp::socket socket, Server& server, std::shared_ptr<bool> serverAlive,
                       std::string remote)
    : stream_(std::move(socket)), requestTimer_(stream_.get_executor()), server_(server),
      serverAlive_(std::move(serverAlive)), remote_(std::move(remote)) {}

void Connection::start(std::shared_ptr<ConnectionSlot> slot) {
    slot_ = std::move(slot);
    // A new connection gets no idle grace: its first request starts at once or it goes.
    waitForRequest(std::min(server_.limits().headerTimeout, server_.limits().idleTimeout));
}

void Connection::refuse(HttpResponse res) { write(std::move(res), false); }

// Idle keep-alive connections wait here; only the first byte of a request
// switches to the (shorter) header and request deadlines.
void Connection::waitForRequest(Clock::duration wait) {
    if (buffer_.size() > 0) {
        readHeader();
        return;
    }
    stream_.expires_after(wait);
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                                if (ec) {
                                    self->close(); // idle timeout, or the client left
                                    return;
                                }
                                self->buffer_.commit(n);
                                self->readHeader();
                            });
}

void Connection::armDeadline(Clock::time_point at) {
    timedOut_ = false;
    requestTimer_.expires_at(at);
    requestTimer_.async_wait([self = shared_from_this()](beast::error_code ec) {
        if (ec || !self->reading_) {
            return; // the request arrived (or the connection ended) first
        }
        self->timedOut_ = true;
        beast::error_code ignored;
        self->stream_.socket().cancel(ignored); // the read ends with operation_aborted
    });
}

void Connection::readHeader() {
    parser_.emplace();
    parser_->body_limit(server_.limits().maxBodyBytes);
    parser_->header_limit(8 * 1024);
    stream_.expires_never();
    reading_ = true;
    requestStarted_ = Clock::now();
    armDeadline(requestStarted_ + std::min(server_.limits().headerTimeout, server_.limits().requestTimeout));
    bh::async_read_header(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        self->reading_ = false;
        self->requestTimer_.cancel();
        if (!self->failed(ec)) {
            self->onHeader();
        }
    });
}

void Connection::onHeader() {
    const HttpRequest& head = parser_->get();
    if (auto bad = framingError(head)) {
        // The body's length is unknown, so nothing after it can be read either.
        return write(errorReply(*bad), false);
    }
    if (!server_.admitRequest(*slot_, head)) {
        return write(retryLaterReply(makeError(ErrorCode::tooManyConnections,
                                               "the server is nearly full and keeps the rest for clients "
                                               "with a token; try again shortly"),
                                     5),
                     false);
    }
    if (parser_->is_done()) {
        return onRequest();
    }
    readBody();
}

void Connection::readBody() {
    reading_ = true;
    armDeadline(requestStarted_ + server_.limits().requestTimeout);
    bh::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        self->reading_ = false;
        self->requestTimer_.cancel();
        if (!self->failed(ec)) {
            self->onRequest();
        }
    });
}

bool Connection::failed(beast::error_code ec) {
    if (!ec) {
        return false;
    }
    if (timedOut_) {
        ec = beast::error::timeout;
    }
    if (ec == bh::error::end_of_stream || ec == boost::asio::error::connection_reset ||
        ec == boost::asio::error::operation_aborted) {
        close();
    } else if (ec == beast::error::timeout) {
        bool headersDone = parser_->is_header_done();
        auto limit = headersDone ? server_.limits().requestTimeout
                                 : std::min(server_.limits().headerTimeout, server_.limits().requestTimeout);
        write(errorReply(makeError(ErrorCode::requestTimeout,
                                   std::string(headersDone ? "the request" : "the request's headers") +
                                       " did not arrive whole in " + std::to_string(limit.count()) + " s")),
              false);
    } else if (ec == bh::error::body_limit) {
        write(errorReply(makeError(ErrorCode::bodyTooLarge,
                                   "the body is larger than " + std::to_string(server_.limits().maxBodyBytes) +
                                       " bytes")),
              false);
    } else if (ec == bh::error::header_limit) {
        write(errorReply(makeError(ErrorCode::headersTooLarge, "the headers are larger than 8 KiB")), false);
    } else {
        write(errorReply(makeError(ErrorCode::invalidArgument, "malformed HTTP request: " + ec.message())), false);
    }
    return true;
}

void Connection::onRequest() {
    HttpRequest req = parser_->release();
    if (beast::websocket::is_upgrade(req)) {
        stream_.expires_never();
        // The stream takes the slot with it: a WebSocket still counts as a connection.
        server_.upgrade(std::move(stream_), std::move(req), std::move(slot_));
        return;
    }
    bool keepAlive = req.keep_alive();
    // No timeout while the handler waits for its commit; the write sets its own.
    stream_.expires_never();
    server_.dispatch(std::move(req), remote_, [self = shared_from_this(), keepAlive](HttpResponse res) {
        self->write(std::move(res), keepAlive);
    });
}

void Connection::write(HttpResponse res, bool keepAlive) {
    res.keep_alive(keepAlive);
    res.set(bh::field::server, "qmsd");
    // Every reply is what its Content-Type says; a browser must not guess otherwise.
    res.set("X-Content-Type-Options", "nosniff");
    res.prepare_payload();
    auto message = std::make_shared<HttpResponse>(std::move(res));
    stream_.expires_after(server_.limits().requestTimeout);
    bh::async_write(stream_, *message, [self = shared_from_this(), message](beast::error_code ec, std::size_t) {
        if (ec || !message->keep_alive()) {
            self->close();
            return;
        }
        const auto& limits = self->server_.limits();
        bool known = self->slot_ != nullptr && self->slot_->authenticated();
        self->waitForRequest(known ? limits.idleTimeout : std::min(limits.idleTimeout, limits.anonymousIdleTimeout));
    });
}

void Connection::close() {
    beast::error_code ec;
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
    stream_.close();
}

} // namespace qmsd::http
