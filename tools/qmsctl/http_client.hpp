#pragma once
// A synchronous HTTP/1.1 client for qmsctl: one kept-alive connection to qmsd,
// a deadline on every step. Beast stays inside http_client.cpp.
#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace qmsctl {

// http://host[:port][/base]: where qmsd listens. No TLS: qmsd speaks plain
// HTTP on the office LAN (README.md says how to reach it from elsewhere).
struct ServerUrl {
    std::string host;
    std::string port;
    std::string basePath; // "" or "/prefix" (no trailing slash)
    std::string text;     // as given, for messages
};

// Nothing when the text is not an http:// URL; `problem` says why.
std::optional<ServerUrl> parseServerUrl(const std::string& text, std::string& problem);

enum class Method { get, post, del };

struct HttpReply {
    unsigned status = 0;
    std::string body;
};

// The request never got an HTTP answer.
struct TransportFailure {
    std::string message;
    bool timedOut = false;
};

class HttpClient {
  public:
    HttpClient(ServerUrl url, std::chrono::milliseconds timeout);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Sends one request. `target` is the path and query after the base path.
    // False with `failure` filled when no answer came.
    bool send(Method method, const std::string& target, const std::string& jsonBody,
              const std::string& token, HttpReply& reply, TransportFailure& failure);

    const ServerUrl& url() const { return url_; }

  private:
    struct Impl;
    ServerUrl url_;
    std::unique_ptr<Impl> impl_;
};

} // namespace qmsctl
