#pragma once
// The current notices and procedure sheets, kept by the engine beside the
// queue. Unlike the queue, content outlives the day: at start-up it is seeded
// from the content_items table (kept in the same transaction as the events),
// then today's events are applied on top. Each content event carries its whole
// item, so applying one twice, or over a table that already holds it, gives
// the same state.
#include "content/content.hpp"
#include "engine/event.hpp"

#include <map>
#include <string>
#include <vector>

namespace qmsd {

class ContentBook {
  public:
    // notice_saved, notice_deleted, procedure_saved, procedure_deleted; others are ignored.
    void apply(const Event& e);
    void put(Notice n) { notices_[n.id] = std::move(n); }
    void put(ProcedureSheet p) { procedures_[p.field] = std::move(p); }

    const Notice* notice(const std::string& id) const;
    const ProcedureSheet* procedure(const std::string& field) const;
    const std::map<std::string, Notice>& notices() const { return notices_; }
    const std::map<std::string, ProcedureSheet>& procedures() const { return procedures_; }

    // Notices shown on `screen` at `now`, by order, then by id.
    std::vector<const Notice*> shown(Screen screen, TimePoint now) const;
    // Every notice, by order then id (the editor's list).
    std::vector<const Notice*> ordered() const;
    // The first instant after `now` at which some notice starts or ends
    // (unset when none will), so a screen knows when to look again.
    TimePoint nextChange(TimePoint now) const;

    bool operator==(const ContentBook&) const = default;

  private:
    std::map<std::string, Notice> notices_;
    std::map<std::string, ProcedureSheet> procedures_;
};

bool isContentEvent(EventKind kind);

} // namespace qmsd
