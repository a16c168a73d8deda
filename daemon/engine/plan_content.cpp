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
    Event e = makeEvent(EventKind::noticeSaved, m);
    e.seq = lastSeq_ + 1;
    if (n.id.empty()) {
        n.id = "n" + std::to_string(e.seq);
    }
    n.version = old != nullptr ? old->version + 1 : 1;
    n.updatedAt = m.at;
    n.updatedBy = m.actor;
    e.reason = n.id;
    e.number = n.version;
    e.payload = encodeNotice(n);
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
    Event e = makeEvent(EventKind::noticeDeleted, m);
    e.seq = lastSeq_ + 1;
    e.reason = old->id;
    e.number = old->version;
    e.payload = encodeNotice(*old); // what was removed, for the log
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
    Event e = makeEvent(EventKind::procedureSaved, m);
    e.seq = lastSeq_ + 1;
    p.version = old != nullptr ? old->version + 1 : 1;
    p.updatedAt = m.at;
    p.updatedBy = m.actor;
    e.field = p.field;
    e.number = p.version;
    e.payload = encodeProcedure(p);
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
    Event e = makeEvent(EventKind::procedureDeleted, m);
    e.seq = lastSeq_ + 1;
    e.field = old->field;
    e.number = old->version;
    e.payload = encodeProcedure(*old);
    return std::vector<Event>{std::move(e)};
}

} // namespace qmsd
