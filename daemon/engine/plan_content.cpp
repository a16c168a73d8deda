// QueueEngine: the editors' commands (notices and procedure sheets). Checked
// here against the content as the batch has changed it so far, so two saves
// of the same item in one group commit cannot both win.
#include "content/content_checks.hpp"
#include "content/content_codec.hpp"
#include "engine/queue_engine.hpp"

namespace qmsd {
namespace {

Status checkVersion(int expected, int current, const std::string& what) {
    if (expected >= 0 && expected != current) {
        return makeError(ErrorCode::contentConflict,
                         what + " is at version " + std::to_string(current) +
                             ", the change was made from version " + std::to_string(expected) +
                             ": reload it and apply the change again");
    }
    return Ok{};
}

// A saved item is one version past the one it replaces (1 when new), stamped
// with who saved it and when.
template <class Item>
void stampSaved(Item& item, const Item* old, const CommandMeta& m) {
    item.version = old != nullptr ? old->version + 1 : 1;
    item.updatedAt = m.at;
    item.updatedBy = m.actor;
}

// What every content event carries besides its key: the sequence number it
// will commit at, the item's version, and the item itself (a deletion logs
// what it removed).
Event withItem(Event e, std::int64_t seq, int version, std::string payload) {
    e.seq = seq;
    e.number = version;
    e.payload = std::move(payload);
    return e;
}

} // namespace

Result<std::vector<Event>> QueueEngine::planSaveNotice(const SaveNotice& c,
                                                       const CommandMeta& m) const {
    Notice n = c.notice;
    if (auto st = normalizeNotice(n); !st) {
        return st.error();
    }
    const Notice* old = n.id.empty() ? nullptr : content_.notice(n.id);
    if (!n.id.empty() && old == nullptr) {
        return makeError(ErrorCode::unknownNotice, "no notice '" + n.id + "'");
    }
    if (old == nullptr && content_.notices().size() >= ContentLimits::maxNotices) {
        return makeError(ErrorCode::invalidArgument,
                         "at most " + std::to_string(ContentLimits::maxNotices) +
                             " notices are kept: delete ended ones first");
    }
    if (auto st = checkVersion(c.expectVersion, old != nullptr ? old->version : 0,
                               "notice '" + n.id + "'");
        !st) {
        return st.error();
    }
    std::int64_t seq = lastSeq_ + 1;
    if (n.id.empty()) {
        n.id = "n" + std::to_string(seq);
    }
    stampSaved(n, old, m);
    Event e = withItem(makeEvent(EventKind::noticeSaved, m), seq, n.version, encodeNotice(n));
    e.reason = n.id;
    return std::vector<Event>{std::move(e)};
}

Result<std::vector<Event>> QueueEngine::planDeleteNotice(const DeleteNotice& c,
                                                         const CommandMeta& m) const {
    const Notice* old = content_.notice(c.id);
    if (old == nullptr) {
        return makeError(ErrorCode::unknownNotice, "no notice '" + c.id + "'");
    }
    if (auto st = checkVersion(c.expectVersion, old->version, "notice '" + c.id + "'"); !st) {
        return st.error();
    }
    Event e = withItem(makeEvent(EventKind::noticeDeleted, m), lastSeq_ + 1, old->version, encodeNotice(*old));
    e.reason = old->id;
    return std::vector<Event>{std::move(e)};
}

Result<std::vector<Event>> QueueEngine::planSaveProcedure(const SaveProcedure& c,
                                                          const CommandMeta& m) const {
    ProcedureSheet p = c.sheet;
    if (config_->field(p.field) == nullptr) {
        return makeError(ErrorCode::unknownField, "no field '" + p.field + "'");
    }
    if (auto st = normalizeProcedure(p); !st) {
        return st.error();
    }
    const ProcedureSheet* old = content_.procedure(p.field);
    if (auto st = checkVersion(c.expectVersion, old != nullptr ? old->version : 0,
                               "the procedure sheet of '" + p.field + "'");
        !st) {
        return st.error();
    }
    stampSaved(p, old, m);
    Event e = withItem(makeEvent(EventKind::procedureSaved, m), lastSeq_ + 1, p.version, encodeProcedure(p));
    e.field = p.field;
    return std::vector<Event>{std::move(e)};
}

Result<std::vector<Event>> QueueEngine::planDeleteProcedure(const DeleteProcedure& c,
                                                            const CommandMeta& m) const {
    const ProcedureSheet* old = content_.procedure(c.field);
    if (old == nullptr) {
        return makeError(ErrorCode::notFound, "the field '" + c.field + "' has no procedure sheet");
    }
    if (auto st =
            checkVersion(c.expectVersion, old->version, "the procedure sheet of '" + c.field + "'");
        !st) {
        return st.error();
    }
    Event e =
        withItem(makeEvent(EventKind::procedureDeleted, m), lastSeq_ + 1, old->version, encodeProcedure(*old));
    e.field = old->field;
    return std::vector<Event>{std::move(e)};
}

} // namespace qmsd
