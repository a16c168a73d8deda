// The city page and its scripts (daemon/city/web), and the office pages'
// stylesheet and shared modules (daemon/web: css/, js/api.js, js/dom.js…),
// served the way the office daemon serves its pages (handlers/static_files.cpp):
// only GET/HEAD, only known types, safe names, never outside a root.
#include "city/city_api.hpp"
#include "http/reply.hpp"

#include <boost/beast/http/field.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace qmsd::city {

namespace bh = boost::beast::http;
namespace fs = std::filesystem;
using http::Request;
using http::Respond;

namespace {

// Env first (tests), then the installed copy, then the source tree.
fs::path findRoot(const char* env, std::initializer_list<const char*> fallbacks, const char* marker) {
    std::vector<fs::path> candidates;
    if (const char* v = std::getenv(env); v != nullptr && *v != '\0') {
        candidates.emplace_back(v);
    }
    for (const char* f : fallbacks) {
        candidates.emplace_back(f);
    }
    for (const auto& c : candidates) {
        std::error_code ec;
        fs::path canon = fs::canonical(c, ec);
        if (!ec && fs::is_regular_file(canon / marker, ec)) {
            return canon;
        }
    }
    return {};
}

std::string contentType(const std::string& ext) {
    static const std::pair<std::string_view, const char*> types[] = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},   {".svg", "image/svg+xml"},
        {".png", "image/png"},                 {".ico", "image/x-icon"},
    };
    for (const auto& [e, type] : types) {
        if (e == ext) {
            return type;
        }
    }
    return {};
}

bool safeSegment(const std::string& s) {
    if (s.empty() || s.size() > 100 || s.front() == '.') {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
    });
}

class CityFiles {
  public:
    CityFiles()
        : city_(findRoot("QMSD_CITY_WEB_ROOT", {QMSD_CITY_WEB_INSTALL_DIR, QMSD_CITY_WEB_SOURCE_DIR}, "city.html")),
          office_(findRoot("QMSD_WEB_ROOT", {QMSD_WEB_INSTALL_DIR, QMSD_WEB_SOURCE_DIR}, "index.html")) {
        if (city_.empty()) {
            spdlog::warn("city web root not found; set QMSD_CITY_WEB_ROOT to serve the city page");
        }
    }

    http::HttpResponse serve(const Request& req, const std::vector<std::string>& parts) const {
        std::string shown;
        fs::path rel;
        for (const auto& p : parts) {
            shown += "/" + p;
            if (!safeSegment(p)) {
                return notFound(shown);
            }
            rel /= p;
        }
        std::string type = contentType(rel.extension().string());
        if (type.empty()) {
            return notFound(shown);
        }
        // Pages only from the city's folder; assets from it first, then the office pages'.
        for (const fs::path& root : {city_, parts.size() > 1 ? office_ : fs::path{}}) {
            if (root.empty()) {
                continue;
            }
            std::error_code ec;
            fs::path file = fs::canonical(root / rel, ec);
            std::string prefix = root.string() + "/";
            if (ec || file.string().compare(0, prefix.size(), prefix) != 0 || !fs::is_regular_file(file, ec)) {
                continue;
            }
            return fileReply(req, file, type, shown);
        }
        return notFound(shown);
    }

  private:
    static http::HttpResponse notFound(const std::string& what) {
        return http::errorReply(makeError(ErrorCode::notFound, "no such page: " + what));
    }

    static http::HttpResponse fileReply(const Request& req, const fs::path& file, const std::string& type,
                                        const std::string& shown) {
        std::error_code ec;
        auto size = fs::file_size(file, ec);
        auto mtime = fs::last_write_time(file, ec);
        if (ec || size > 4 * 1024 * 1024) {
            return notFound(shown);
        }
        std::ostringstream tag;
        tag << '"' << std::hex << size << '-' << mtime.time_since_epoch().count() << '"';
        http::HttpResponse res{bh::status::ok, 11};
        res.set(bh::field::content_type, type);
        res.set(bh::field::cache_control, "no-cache");
        res.set(bh::field::etag, tag.str());
        res.set("X-Content-Type-Options", "nosniff");
        res.set("Referrer-Policy", "no-referrer");
        if (type.substr(0, 9) == "text/html") {
            res.set("Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'");
        }
        if (req.http[bh::field::if_none_match] == tag.str()) {
            res.result(bh::status::not_modified);
            return res;
        }
        if (req.http.method() == bh::verb::head) {
            return res;
        }
        std::ifstream in(file, std::ios::binary);
        std::string body(size, '\0');
        if (!in.read(body.data(), static_cast<std::streamsize>(size))) {
            return notFound(shown);
        }
        res.body() = std::move(body);
        return res;
    }

    fs::path city_;
    fs::path office_;
};

} // namespace

void registerCityStaticRoutes(http::Router& router) {
    auto files = std::make_shared<CityFiles>();
    const std::initializer_list<http::Role> everyone = {http::Role::anonymous, http::Role::leader};
    for (auto verb : {bh::verb::get, bh::verb::head}) {
        router.add(verb, "/", everyone, [files](const Request& r, Respond done) { done(files->serve(r, {"city.html"})); });
        router.add(verb, "/{page}", everyone,
                   [files](const Request& r, Respond done) { done(files->serve(r, {r.param("page")})); });
        router.add(verb, "/{dir}/{file}", everyone, [files](const Request& r, Respond done) {
            done(files->serve(r, {r.param("dir"), r.param("file")}));
        });
    }
}

} // namespace qmsd::city
