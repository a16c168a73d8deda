// The web pages (daemon/web): kiosk, counter, TV, dashboard and ticket status,
// served from one directory so an office LAN needs nothing else. Only GET and
// HEAD, only files with a known type, and never anything outside the web root.
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
#include "core/data_dir.hpp"
#include "http/reply.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace qmsd::http {

namespace bh = boost::beast::http;
namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxFileBytes = 4 * 1024 * 1024;

// Env first (tests, a custom skin), then the copy installed beside this
// binary (core/data_dir.hpp), then the configured install prefix's, then the
// source tree so a developer's build serves what they are editing.
fs::path findWebRoot() {
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv("QMSD_WEB_ROOT"); env != nullptr && *env != '\0') {
        candidates.emplace_back(env);
    }
    if (fs::path installed = installedDataDir(); !installed.empty()) {
        candidates.push_back(installed / "web");
    }
#ifdef QMSD_WEB_INSTALL_DIR
    candidates.emplace_back(QMSD_WEB_INSTALL_DIR);
#endif
#ifdef QMSD_WEB_SOURCE_DIR
    candidates.emplace_back(QMSD_WEB_SOURCE_DIR);
#endif
    for (const auto& c : candidates) {
        std::error_code ec;
        fs::path canon = fs::canonical(c, ec);
        if (!ec && fs::is_regular_file(canon / "index.html", ec)) {
            return canon;
        }
    }
    return {};
}

std::string contentType(const std::string& ext) {
    static const std::pair<std::string_view, const char*> types[] = {
        {".html", "text/html; charset=utf-8"},  {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"},             {".png", "image/png"},
        {".ico", "image/x-icon"},              {".wav", "audio/wav"},
        {".json", "application/json; charset=utf-8"}, {".woff2", "font/woff2"},
        // No .txt or .md: the folder's CMakeLists.txt and README.md are not pages.
    };
    for (const auto& [e, type] : types) {
        if (e == ext) {
            return type;
        }
    }
    return {};
}

// One path segment as a file or folder name: letters, digits, '-', '_', '.',
// not starting with a dot. This alone rules out "..", "%2e%2e" (decoded by the
// router), "/" and "\" inside a segment, and hidden files.
bool safeSegment(const std::string& s) {
    if (s.empty() || s.size() > 100 || s.front() == '.') {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
    });
}

HttpResponse notFound(const std::string& what) {
    return errorReply(makeError(ErrorCode::notFound, "no such page: " + what));
}

class StaticFiles {
  public:
    StaticFiles() : root_(findWebRoot()) {
        if (root_.empty()) {
            spdlog::warn("web root not found; set QMSD_WEB_ROOT to serve the web pages");
        } else {
            spdlog::info("web pages root={}", root_.string());
        }
    }

    // `parts` are already-decoded path segments below the web root.
    HttpResponse serve(const Request& req, const std::vector<std::string>& parts) const {
        std::string shown;
        for (const auto& p : parts) {
            shown += "/" + p;
        }
        if (root_.empty()) {
            return notFound(shown);
        }
        fs::path rel;
        for (const auto& p : parts) {
            if (!safeSegment(p)) {
                return notFound(shown);
            }
            rel /= p;
        }
        std::string type = contentType(rel.extension().string());
        if (type.empty()) {
            return notFound(shown);
        }
        // canonical() resolves symlinks: a link pointing out of the root is refused.
        std::error_code ec;
        fs::path file = fs::canonical(root_ / rel, ec);
        std::string rootPrefix = root_.string() + "/";
        if (ec || file.string().compare(0, rootPrefix.size(), rootPrefix) != 0 ||
            !fs::is_regular_file(file, ec)) {
            return notFound(shown);
        }
        auto size = fs::file_size(file, ec);
        auto mtime = fs::last_write_time(file, ec);
        if (ec || size > kMaxFileBytes) {
            return notFound(shown);
        }
        std::ostringstream tag;
        tag << '"' << std::hex << size << '-' << mtime.time_since_epoch().count() << '"';
        HttpResponse res{bh::status::ok, 11};
        res.set(bh::field::content_type, type);
        // Revalidate every time: after an upgrade every page picks up the new files.
        res.set(bh::field::cache_control, "no-cache");
        res.set(bh::field::etag, tag.str());
        res.set("X-Content-Type-Options", "nosniff");
        res.set("Referrer-Policy", "no-referrer"); // the status page's URL is the ticket's secret
        if (type.substr(0, 9) == "text/html") {
            res.set("Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data:; media-src 'self' blob:; connect-src 'self'; "
                    "frame-ancestors 'none'");
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

  private:
    fs::path root_;
};

} // namespace

// Pages at the root ("/kiosk.html"), their assets one folder down
// ("/js/api.js"), and "/t/{public_id}" — the ticket's QR — opens the status page.
void registerStaticRoutes(Router& router, ApiContext&) {
    auto files = std::make_shared<StaticFiles>();
    const std::initializer_list<Role> everyone = {Role::anonymous, Role::kiosk, Role::display, Role::staff,
                                                  Role::leader};
    for (auto verb : {bh::verb::get, bh::verb::head}) {
        router.add(verb, "/", everyone, [files](const Request& r, Respond done) {
            done(files->serve(r, {"index.html"}));
        });
        router.add(verb, "/t/{public_id}", everyone, [files](const Request& r, Respond done) {
            done(files->serve(r, {"status.html"}));
        });
        router.add(verb, "/{page}", everyone, [files](const Request& r, Respond done) {
            done(files->serve(r, {r.param("page")}));
        });
        router.add(verb, "/{dir}/{file}", everyone, [files](const Request& r, Respond done) {
            done(files->serve(r, {r.param("dir"), r.param("file")}));
        });
    }
}

} // namespace qmsd::http
