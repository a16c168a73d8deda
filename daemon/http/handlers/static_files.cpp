// The web pages (daemon/web): kiosk, counter, TV, dashboard and ticket status,
// served from one directory so an office LAN needs nothing else. Only GET and
// HEAD, only files with a known type, and never anything outside the web root
// (http/web_files.hpp, shared with the city's pages).
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
#include "core/data_dir.hpp"
#include "http/web_files.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>

namespace qmsd::http {

namespace bh = boost::beast::http;
namespace fs = std::filesystem;

namespace {

// Env first (tests, a custom skin), then the copy installed beside this
// binary (core/data_dir.hpp), then the configured install prefix's, then the
// source tree so a developer's build serves what they are editing.
fs::path findWebRoot() {
    std::vector<fs::path> fallbacks;
    if (fs::path installed = installedDataDir(); !installed.empty()) {
        fallbacks.push_back(installed / "web");
    }
#ifdef QMSD_WEB_INSTALL_DIR
    fallbacks.emplace_back(QMSD_WEB_INSTALL_DIR);
#endif
#ifdef QMSD_WEB_SOURCE_DIR
    fallbacks.emplace_back(QMSD_WEB_SOURCE_DIR);
#endif
    return web_files::findRoot("QMSD_WEB_ROOT", fallbacks, "index.html");
}

// media-src: the TV plays the voice clips it fetches as blobs.
constexpr std::string_view kPageCsp = "default-src 'self'; img-src 'self' data:; media-src 'self' blob:; "
                                      "connect-src 'self'; frame-ancestors 'none'";

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
        std::string shown = web_files::shownPath(parts);
        auto path = web_files::webPath(parts, web_files::TypeSet::all);
        auto file = root_.empty() || !path ? std::nullopt : web_files::fileUnder(root_, path->rel);
        if (!file) {
            return web_files::notFound(shown);
        }
        return web_files::fileReply(req, *file, path->type, shown, kPageCsp);
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
