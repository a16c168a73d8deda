// Serving files below a web root: web_files.hpp says what and who uses it.
#include "http/web_files.hpp"
#include "http/reply.hpp"

#include <boost/beast/http/field.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace qmsd::http::web_files {

namespace bh = boost::beast::http;
namespace fs = std::filesystem;

fs::path findRoot(const char* envVar, const std::vector<fs::path>& fallbacks, std::string_view marker) {
    std::vector<fs::path> candidates;
    if (const char* v = std::getenv(envVar); v != nullptr && *v != '\0') {
        candidates.emplace_back(v);
    }
    candidates.insert(candidates.end(), fallbacks.begin(), fallbacks.end());
    for (const auto& c : candidates) {
        std::error_code ec;
        fs::path canon = fs::canonical(c, ec);
        if (!ec && fs::is_regular_file(canon / marker, ec)) {
            return canon;
        }
    }
    return {};
}

std::string contentType(std::string_view ext, TypeSet set) {
    struct Type {
        std::string_view ext;
        const char* type;
        TypeSet set;
    };
    // No .txt or .md: a web folder's CMakeLists.txt and README.md are not pages.
    static const Type types[] = {
        {".html", "text/html; charset=utf-8", TypeSet::pages},
        {".js", "text/javascript; charset=utf-8", TypeSet::pages},
        {".css", "text/css; charset=utf-8", TypeSet::pages},
        {".svg", "image/svg+xml", TypeSet::pages},
        {".png", "image/png", TypeSet::pages},
        {".ico", "image/x-icon", TypeSet::pages},
        {".mjs", "text/javascript; charset=utf-8", TypeSet::all},
        {".wav", "audio/wav", TypeSet::all},
        {".json", "application/json; charset=utf-8", TypeSet::all},
        {".woff2", "font/woff2", TypeSet::all},
    };
    for (const auto& t : types) {
        if (t.ext == ext && (set == TypeSet::all || t.set == TypeSet::pages)) {
            return t.type;
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

std::optional<WebPath> webPath(const std::vector<std::string>& parts, TypeSet set) {
    WebPath out;
    for (const auto& p : parts) {
        if (!safeSegment(p)) {
            return std::nullopt;
        }
        out.rel /= p;
    }
    out.type = contentType(out.rel.extension().string(), set);
    return out.type.empty() ? std::nullopt : std::optional<WebPath>(std::move(out));
}

std::string shownPath(const std::vector<std::string>& parts) {
    std::string shown;
    for (const auto& p : parts) {
        shown += "/" + p;
    }
    return shown;
}

std::optional<fs::path> fileUnder(const fs::path& root, const fs::path& rel) {
    // canonical() resolves symlinks: a link pointing out of the root is refused.
    std::error_code ec;
    fs::path file = fs::canonical(root / rel, ec);
    std::string prefix = root.string() + "/";
    if (ec || file.string().compare(0, prefix.size(), prefix) != 0 || !fs::is_regular_file(file, ec)) {
        return std::nullopt;
    }
    return file;
}

HttpResponse notFound(const std::string& shown) {
    return errorReply(makeError(ErrorCode::notFound, "no such page: " + shown));
}

HttpResponse fileReply(const Request& req, const fs::path& file, const std::string& type, const std::string& shown,
                       std::string_view csp) {
    std::error_code ec;
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
        res.set("Content-Security-Policy", std::string(csp));
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

} // namespace qmsd::http::web_files
