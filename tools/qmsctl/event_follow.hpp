#pragma once
// `events --follow`: the live WebSocket stream, one message at a time, until
// SIGINT or SIGTERM. A lost connection or a gap in the sequence numbers is
// healed by reconnecting with the last seq seen (the README's client rule).
#include "http_client.hpp"

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <optional>

namespace qmsctl {

struct FollowRequest {
    ServerUrl url;
    std::string token;
    std::optional<long long> since; // replay the events after this seq first
    std::chrono::milliseconds timeout{10000};
};

// Called once per message in seq order, never twice for one event; false
// stops following (stdout went away).
using OnStreamMessage = std::function<bool(const std::string& raw, const nlohmann::json& message)>;

// exitOk after SIGINT/SIGTERM or when `onMessage` stops; otherwise the exit
// code of why the stream could not be opened (3 unreachable, 4 bad token, …).
int followStream(const FollowRequest& request, OnStreamMessage onMessage);

} // namespace qmsctl
