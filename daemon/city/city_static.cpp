// The city page and its scripts (daemon/city/web), and the office pages'
// stylesheet and shared modules (daemon/web: css/, js/api.js, js/dom.js…),
// served by the office daemon's own file code (http/web_files.hpp): only
// GET/HEAD, only known types, safe names, never outside a root.
#include "city/city_api.hpp"
#include "http/web_files.hpp"

#include <boost/beast/http/field.hpp>
#include <spdlog/spdlog.h>

#include <filesystem>

namespace qmsd::city {

namespace bh = boost::beast::http;
namespace fs = std::filesystem;
namespace web_files = http::web_files;
using http::Request;
using http::Respond;

namespace {

// The city serves pages, scripts, styles and images (TypeSet::pages): no voice
// clips or fonts, so its pages' policy has no media-src.
constexpr std::string_view kCityCsp =
    "default-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

class CityFiles {
  public:
    CityFiles()
        // Env first (tests), then the installed copy, then the source tree.
        : city_(web_files::findRoot("QMSD_CITY_WEB_ROOT", {QMSD_CITY_WEB_INSTALL_DIR, QMSD_CITY_WEB_SOURCE_DIR},
                                    "city.html")),
          office_(web_files::findRoot("QMSD_WEB_ROOT", {QMSD_WEB_INSTALL_DIR, QMSD_WEB_SOURCE_DIR}, "index.html")) {
        if (city_.empty()) {
            spdlog::warn("city web root not found; set QMSD_CITY_WEB_ROOT to serve the city page");
        }
    }

    http::HttpResponse serve(const Request& req, const std::vector<std::string>& parts) const {
        std::string shown = web_files::shownPath(parts);
        auto path = web_files::webPath(parts, web_files::TypeSet::pages);
        if (!path) {
            return web_files::notFound(shown);
        }
        // Pages only from the city's folder; assets from it first, then the office pages'.
        for (const fs::path& root : {city_, parts.size() > 1 ? office_ : fs::path{}}) {
            if (root.empty()) {
                continue;
            }
            if (auto file = web_files::fileUnder(root, path->rel)) {
                return web_files::fileReply(req, *file, path->type, shown, kCityCsp);
            }
        }
        return web_files::notFound(shown);
    }

  private:
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
