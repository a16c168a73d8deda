#pragma once
// Serving files from a web root, shared by the office daemon's pages
// (handlers/static_files.cpp) and the city's (city/city_static.cpp): where the
// root is, which names are safe, which types are served, and the reply with
// its ETag and security headers. Each caller keeps its own routes, roots and
// content-security policy.
#include "http/router.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qmsd::http::web_files {

constexpr std::uintmax_t kMaxFileBytes = 4 * 1024 * 1024;

// The first of: the folder named by the environment variable `envVar` (tests,
// a custom skin), then `fallbacks` in order, that canonicalises to a folder
// holding the file `marker`. Empty when none does.
std::filesystem::path findRoot(const char* envVar, const std::vector<std::filesystem::path>& fallbacks,
                               std::string_view marker);

// Which file types a server answers. `pages`: pages, scripts, styles and
// images (the city). `all`: those plus modules, sounds, JSON and fonts (the
// office pages: voice clips, translations, the TV's font).
enum class TypeSet { pages, all };

// The Content-Type for a file extension (".js"), "" when the set does not serve it.
std::string contentType(std::string_view ext, TypeSet set);

// One path segment as a file or folder name: letters, digits, '-', '_', '.',
// not starting with a dot. This alone rules out "..", "%2e%2e" (decoded by the
// router), "/" and "\" inside a segment, and hidden files.
bool safeSegment(const std::string& s);

// A request's decoded path segments as a relative path with its
// Content-Type; nullopt when a segment is not safeSegment() or the set does
// not serve the type (either is a 404).
struct WebPath {
    std::filesystem::path rel;
    std::string type;
};
std::optional<WebPath> webPath(const std::vector<std::string>& parts, TypeSet set);
// The segments as a 404 names them: "/js/api.js".
std::string shownPath(const std::vector<std::string>& parts);

// The regular file `rel` names below `root`, after resolving symlinks, or
// nullopt when it is missing or lies outside the root (a link pointing out).
std::optional<std::filesystem::path> fileUnder(const std::filesystem::path& root, const std::filesystem::path& rel);

// 404 "no such page: <shown>".
HttpResponse notFound(const std::string& shown);

// The file's reply: 200 with its body (none for HEAD), or 304 when the
// client's If-None-Match is its ETag (size and mtime), revalidated on every use
// so an upgrade reaches every page; `csp` is sent with HTML only. A file over
// kMaxFileBytes or unreadable is a 404 naming `shown`.
HttpResponse fileReply(const Request& req, const std::filesystem::path& file, const std::string& type,
                       const std::string& shown, std::string_view csp);

} // namespace qmsd::http::web_files
