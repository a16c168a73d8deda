#include "ctl.hpp"

#include "cli.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace qmsctl {

Ctl::Ctl(Settings settings)
    : settings_(std::move(settings)), client_(settings_.url, settings_.timeout) {}

int Ctl::get(const std::string& path, Json& out, const Query& query) {
    std::string target = path;
    char sep = '?';
    for (const auto& [key, value] : query) {
        if (!value.empty()) {
            target += sep + key + "=" + urlEncode(value);
            sep = '&';
        }
    }
    return call(Method::get, target, {}, true, out);
}

int Ctl::post(const std::string& path, const Json& body, Json& out) {
    return call(Method::post, path, body.dump(), true, out);
}

int Ctl::del(const std::string& path, Json& out) {
    return call(Method::del, path, {}, true, out);
}

int Ctl::postAnonymous(const std::string& path, const Json& body, Json& out) {
    return call(Method::post, path, body.dump(), false, out);
}

int Ctl::call(Method method, const std::string& target, const std::string& body, bool withToken,
              Json& out) {
    HttpReply reply;
    TransportFailure failure;
    if (!client_.send(method, "/api/v1" + target, body, withToken ? settings_.token : std::string{},
                      reply, failure)) {
        return reportTransportFailure(settings_.url, failure);
    }
    if (reply.status < 200 || reply.status >= 300) {
        return reportHttpError(reply.status, reply.body);
    }
    if (reply.body.empty()) {
        out = Json::object();
        return exitOk;
    }
    out = Json::parse(reply.body, nullptr, false);
    if (out.is_discarded()) {
        std::cerr << "qmsctl: the server's answer (HTTP " << reply.status << ") is not JSON\n";
        return exitUnreachable;
    }
    return exitOk;
}

int Ctl::printJson(const Json& value) const {
    std::cout << value.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
    return exitOk;
}

int reportHttpError(unsigned status, const std::string& body) {
    int code = status == 401 || status == 403   ? exitAuth
               : status >= 500 || status == 408 ? exitUnreachable
               : status >= 400                  ? exitRefused
                               : exitUnreachable; // 1xx/3xx: not something qmsd sends
    Json parsed = Json::parse(body, nullptr, false);
    const Json* error =
        parsed.is_object() && parsed.contains("error") && parsed["error"].is_object()
            ? &parsed["error"]
            : nullptr;
    auto text = [error](const char* key) {
        return error != nullptr && error->contains(key) && (*error)[key].is_string()
                   ? (*error)[key].get<std::string>()
                   : std::string{};
    };
    if (error == nullptr) {
        std::cerr << "qmsctl: HTTP " << status << (body.empty() ? "" : ": " + body.substr(0, 300))
                  << "\n";
        return code;
    }
    std::cerr << "qmsctl: " << text("code") << " (HTTP " << status << ")\n";
    for (const char* key : {"vi", "en", "message"}) {
        if (!text(key).empty()) {
            std::cerr << "  " << text(key) << "\n";
        }
    }
    if (error->contains("retry_after_seconds") || parsed.contains("retry_after_seconds")) {
        const Json& r = parsed.contains("retry_after_seconds") ? parsed["retry_after_seconds"]
                                                               : (*error)["retry_after_seconds"];
        std::cerr << "  retry after " << r.dump() << " s\n";
    }
    return code;
}

int reportTransportFailure(const ServerUrl& url, const TransportFailure& failure) {
    std::cerr << "qmsctl: cannot reach qmsd at " << url.text << ": " << failure.message << "\n";
    return exitUnreachable;
}

std::string urlEncode(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

} // namespace qmsctl
