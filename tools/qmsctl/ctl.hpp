#pragma once
// What every command works with: the settings, the connection to qmsd, and
// the one place that turns an answer into output and an exit code.
#include "http_client.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <utility>
#include <vector>

namespace qmsctl {

using Json = nlohmann::json;
using Query = std::vector<std::pair<std::string, std::string>>;

struct Settings {
    ServerUrl url;
    std::string token;
    bool json = false;
    std::chrono::milliseconds timeout{10000};
};

class Ctl {
  public:
    explicit Ctl(Settings settings);

    const Settings& settings() const { return settings_; }
    bool json() const { return settings_.json; }

    // One API call (path under /api/v1). On success fills `out` (an empty
    // object for 204) and returns exitOk; otherwise prints the error on
    // stderr and returns its exit code.
    int get(const std::string& path, Json& out, const Query& query = {});
    int post(const std::string& path, const Json& body, Json& out);
    int del(const std::string& path, Json& out);
    // Without the token: for calls anyone may make (PIN login).
    int postAnonymous(const std::string& path, const Json& body, Json& out);

    // Pretty JSON on stdout, as the server sent it.
    int printJson(const Json& value) const;

  private:
    int call(Method method, const std::string& target, const std::string& body, bool withToken,
             Json& out);

    Settings settings_;
    HttpClient client_;
};

// Turns a non-2xx answer into stderr lines (code, Vietnamese, English,
// detail) and the exit code; shared with the live stream's handshake.
int reportHttpError(unsigned status, const std::string& body);
int reportTransportFailure(const ServerUrl& url, const TransportFailure& failure);

// Percent-encodes one path segment or query value.
std::string urlEncode(const std::string& text);

} // namespace qmsctl
