// A WebSocket client's queue and read loop: ws_client.hpp says who uses it.
#include "http/ws_client.hpp"

#include <boost/beast/websocket.hpp>

namespace qmsd::http {

namespace beast = boost::beast;
namespace ws = boost::beast::websocket;

void WsClient::send(std::shared_ptr<const std::string> message, std::size_t maxQueued, bool replay) {
    if (closing) {
        return;
    }
    if (replay) {
        ++replayQueued;
    } else if (queue.size() - replayQueued >= maxQueued) {
        // Too far behind: it reconnects and catches up (a snapshot, or the events since its last seq).
        closing = true;
        // Keep the message an async_write may still be sending from.
        queue.erase(writing ? std::next(queue.begin()) : queue.begin(), queue.end());
        socket.async_close(ws::close_reason(ws::close_code::try_again_later, "too slow"),
                           [self = shared_from_this()](beast::error_code) {});
        return;
    }
    queue.push_back(std::move(message));
    writeNext();
}

void WsClient::writeNext() {
    if (writing || queue.empty() || closing) {
        return;
    }
    writing = true;
    socket.text(true);
    socket.async_write(boost::asio::buffer(*queue.front()), [self = shared_from_this()](beast::error_code ec,
                                                                                       std::size_t) {
        self->writing = false;
        if (ec) {
            self->closing = true;
            self->queue.clear();
            return;
        }
        self->queue.pop_front();
        if (self->replayQueued > 0) {
            --self->replayQueued;
        }
        self->writeNext();
    });
}

void WsClient::readUntilGone(std::function<void()> gone) {
    socket.async_read(readBuffer,
                      [self = shared_from_this(), gone = std::move(gone)](beast::error_code ec, std::size_t) mutable {
                          if (ec) {
                              gone();
                              return;
                          }
                          self->readBuffer.consume(self->readBuffer.size());
                          self->readUntilGone(std::move(gone));
                      });
}

void WsClient::closeNow() {
    closing = true;
    beast::get_lowest_layer(socket).close(); // basic_stream::close() reports nothing, throws nothing
}

} // namespace qmsd::http
