#include "config/config_problems.hpp"

#include <algorithm>
#include <utility>

namespace qmsd::config_detail {

Problems::Problems(std::string sourceName) : source_(std::move(sourceName)) {}

void Problems::noteLine(const std::string& path, int line) {
    lines_[path] = line;
}

namespace {
std::string parentPath(std::string_view path) {
    auto cut = path.find_last_of(".[");
    return cut == std::string_view::npos ? std::string() : std::string(path.substr(0, cut));
}
} // namespace

int Problems::lineOf(std::string_view path) const {
    std::string current(path);
    for (;;) {
        if (auto it = lines_.find(current); it != lines_.end()) {
            return it->second;
        }
        if (current.empty()) {
            return 1;
        }
        current = parentPath(current);
    }
}

bool Problems::covered(const std::string& path) const {
    return std::any_of(items_.begin(), items_.end(), [&path](const Item& item) {
        const std::string& done = item.path;
        if (done.empty() || path.compare(0, done.size(), done) != 0) {
            return false;
        }
        return path.size() == done.size() || path[done.size()] == '.' || path[done.size()] == '[';
    });
}

void Problems::add(const std::string& path, std::string what) {
    addAt(lineOf(path), path, std::move(what));
}

void Problems::addAt(int line, const std::string& path, std::string what) {
    if (!covered(path)) {
        items_.push_back(Item{line, path, std::move(what)});
    }
}

namespace {
// Keys and values are echoed into messages; a newline or tab in them must not
// break the one-problem-per-line contract.
std::string escapeControls(const std::string& text) {
    static const char digits[] = "0123456789ABCDEF";
    std::string out;
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) {
            out += "\\x";
            out += digits[byte >> 4];
            out += digits[byte & 0xf];
        } else {
            out += c;
        }
    }
    return out;
}
} // namespace

std::vector<std::string> Problems::formatted() const {
    std::vector<Item> sorted = items_;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Item& a, const Item& b) { return a.line < b.line; });
    std::vector<std::string> out;
    out.reserve(sorted.size());
    for (const Item& item : sorted) {
        std::string text = source_ + ":" + std::to_string(item.line) + ": ";
        if (!item.path.empty()) {
            text += item.path + ": ";
        }
        out.push_back(escapeControls(text + item.what));
    }
    return out;
}

std::string childPath(const std::string& parent, std::string_view key) {
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string indexPath(const std::string& parent, std::size_t index) {
    return parent + "[" + std::to_string(index) + "]";
}

} // namespace qmsd::config_detail
