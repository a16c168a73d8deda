// The file serving shared by the office's pages and the city's
// (http/web_files.hpp): each side's set of types, safe names, the root search
// and the root's boundary, on files in a temporary folder. The pages
// themselves are fetched over HTTP by tests/web/static_checks.mjs (office) and
// tests/integration/city/test_city.py (city).
#include "http/web_files.hpp"

#include <boost/beast/http/field.hpp>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <random>

using namespace qmsd::http;
namespace fs = std::filesystem;
namespace bh = boost::beast::http;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("qmsd-web-files-" + std::to_string(std::random_device{}()));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
}

} // namespace

TEST_CASE("the city serves pages, scripts, styles and images; the office also sounds, JSON, fonts") {
    using web_files::TypeSet;
    for (const char* ext : {".html", ".js", ".css", ".svg", ".png", ".ico"}) {
        CHECK(!web_files::contentType(ext, TypeSet::pages).empty());
        CHECK(web_files::contentType(ext, TypeSet::pages) == web_files::contentType(ext, TypeSet::all));
    }
    for (const char* ext : {".mjs", ".wav", ".json", ".woff2"}) {
        CHECK(web_files::contentType(ext, TypeSet::pages).empty());
        CHECK(!web_files::contentType(ext, TypeSet::all).empty());
    }
    CHECK(web_files::contentType(".html", TypeSet::all) == "text/html; charset=utf-8");
    CHECK(web_files::contentType(".wav", TypeSet::all) == "audio/wav");
    for (const char* ext : {".txt", ".md", ".toml", "", ".HTML"}) {
        CHECK(web_files::contentType(ext, TypeSet::all).empty());
    }
}

TEST_CASE("a path segment is a plain file name or nothing") {
    CHECK(web_files::safeSegment("kiosk.html"));
    CHECK(web_files::safeSegment("qr_codes-2.js"));
    for (const char* bad : {"", "..", ".hidden.html", "a/b", "a\\b", "%2e%2e", "kiosk.html ", "tệp.html"}) {
        CHECK_FALSE(web_files::safeSegment(bad));
    }
    CHECK_FALSE(web_files::safeSegment(std::string(101, 'a')));
}

TEST_CASE("the root is the environment's folder first, then the first fallback holding the marker") {
    TempDir a, b;
    write(b.path / "index.html", "<p>b</p>");
    ::unsetenv("QMSD_TEST_WEB_ROOT");
    CHECK(web_files::findRoot("QMSD_TEST_WEB_ROOT", {a.path, b.path}, "index.html") == fs::canonical(b.path));
    CHECK(web_files::findRoot("QMSD_TEST_WEB_ROOT", {a.path}, "index.html").empty());
    write(a.path / "index.html", "<p>a</p>");
    ::setenv("QMSD_TEST_WEB_ROOT", b.path.c_str(), 1);
    CHECK(web_files::findRoot("QMSD_TEST_WEB_ROOT", {a.path}, "index.html") == fs::canonical(b.path));
    ::unsetenv("QMSD_TEST_WEB_ROOT");
}

TEST_CASE("a file is served only from inside its root, and revalidated by its ETag") {
    TempDir root, outside;
    write(root.path / "js" / "api.js", "export {};");
    write(outside.path / "secret.html", "SECRET");
    fs::create_symlink(outside.path / "secret.html", root.path / "link.html");
    fs::path canon = fs::canonical(root.path);

    CHECK(web_files::fileUnder(canon, "js/api.js"));
    CHECK_FALSE(web_files::fileUnder(canon, "link.html"));
    CHECK_FALSE(web_files::fileUnder(canon, "js"));
    CHECK_FALSE(web_files::fileUnder(canon, "nosuch.js"));

    HttpRequest get{bh::verb::get, "/js/api.js", 11};
    Request req{get, {}, {}, {}};
    HttpResponse res = web_files::fileReply(req, *web_files::fileUnder(canon, "js/api.js"),
                                            "text/javascript; charset=utf-8", "/js/api.js", "default-src 'self'");
    CHECK(res.result() == bh::status::ok);
    CHECK(res.body() == "export {};");
    CHECK(res[bh::field::cache_control] == "no-cache");
    CHECK(res["Content-Security-Policy"].empty()); // only pages carry the policy
    get.set(bh::field::if_none_match, res[bh::field::etag]);
    HttpResponse again = web_files::fileReply(req, *web_files::fileUnder(canon, "js/api.js"),
                                              "text/javascript; charset=utf-8", "/js/api.js", "default-src 'self'");
    CHECK(again.result() == bh::status::not_modified);
    CHECK(again.body().empty());
}

TEST_CASE("a request's segments become a path below the root only when every one is a plain name of a served type") {
    auto ok = web_files::webPath({"js", "api.js"}, web_files::TypeSet::pages);
    REQUIRE(ok);
    CHECK(ok->rel == fs::path("js") / "api.js");
    CHECK(ok->type.rfind("text/javascript", 0) == 0);
    CHECK_FALSE(web_files::webPath({"..", "etc", "passwd.html"}, web_files::TypeSet::all));
    CHECK_FALSE(web_files::webPath({"js", ".hidden.js"}, web_files::TypeSet::all));
    CHECK_FALSE(web_files::webPath({"a/b.html"}, web_files::TypeSet::all));
    CHECK_FALSE(web_files::webPath({"voice", "a.wav"}, web_files::TypeSet::pages)); // the city serves no sounds
    CHECK(web_files::webPath({"voice", "a.wav"}, web_files::TypeSet::all));
    CHECK(web_files::shownPath({"js", "api.js"}) == "/js/api.js");
}
