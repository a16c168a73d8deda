#include "content/content_book.hpp"

#include "content/content_codec.hpp"
#include "core/name_table.hpp"

#include <algorithm>
#include <array>

namespace qmsd {

namespace {

constexpr NameTable<Screen, 3> kScreens{{
    {screenTv, "tv"},
    {screenBoard, "board"},
    {screenKiosk, "kiosk"},
}};

bool before(const Notice* a, const Notice* b) {
    if (a->order != b->order) {
        return a->order < b->order;
    }
    // "n9" before "n10": ids are the creating event's seq.
    return a->id.size() != b->id.size() ? a->id.size() < b->id.size() : a->id < b->id;
}

} // namespace

std::string_view screenName(Screen s) { return nameOf(kScreens, s); }

bool parseScreen(std::string_view name, Screen& out) { return parseName(kScreens, name, out); }

std::vector<std::string> screenNames(unsigned screens) {
    std::vector<std::string> out;
    for (const auto& [v, name] : kScreens) {
        if ((screens & v) != 0) {
            out.emplace_back(name);
        }
    }
    return out;
}

bool isContentEvent(EventKind kind) {
    return kind == EventKind::noticeSaved || kind == EventKind::noticeDeleted ||
           kind == EventKind::procedureSaved || kind == EventKind::procedureDeleted;
}

void ContentBook::apply(const Event& e) {
    switch (e.kind) {
    case EventKind::noticeSaved:
        if (auto n = decodeNotice(e.payload)) {
            put(std::move(*n));
        }
        break;
    case EventKind::noticeDeleted:
        notices_.erase(e.reason);
        break;
    case EventKind::procedureSaved:
        if (auto p = decodeProcedure(e.payload)) {
            put(std::move(*p));
        }
        break;
    case EventKind::procedureDeleted:
        procedures_.erase(e.field);
        break;
    default:
        break;
    }
}

const Notice* ContentBook::notice(const std::string& id) const {
    auto it = notices_.find(id);
    return it == notices_.end() ? nullptr : &it->second;
}

const ProcedureSheet* ContentBook::procedure(const std::string& field) const {
    auto it = procedures_.find(field);
    return it == procedures_.end() ? nullptr : &it->second;
}

std::vector<const Notice*> ContentBook::shown(Screen screen, TimePoint now) const {
    std::vector<const Notice*> out;
    for (const auto& [id, n] : notices_) {
        if ((n.screens & screen) != 0 && n.shownAt(now)) {
            out.push_back(&n);
        }
    }
    std::sort(out.begin(), out.end(), before);
    return out;
}

std::vector<const Notice*> ContentBook::ordered() const {
    std::vector<const Notice*> out;
    for (const auto& [id, n] : notices_) {
        out.push_back(&n);
    }
    std::sort(out.begin(), out.end(), before);
    return out;
}

TimePoint ContentBook::nextChange(TimePoint now) const {
    TimePoint next{};
    auto consider = [&next, now](TimePoint t) {
        if (t != TimePoint{} && t > now && (next == TimePoint{} || t < next)) {
            next = t;
        }
    };
    for (const auto& [id, n] : notices_) {
        consider(n.startsAt);
        consider(n.endsAt);
    }
    return next;
}

} // namespace qmsd
