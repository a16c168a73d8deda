#pragma once
// Builds a store's event log by hand (through the real Store::append, so rows
// are exactly as the daemon writes them) at chosen local times.
#include "store/store.hpp"
#include "support/test_office.hpp"

#include <memory>
#include <string>
#include <vector>

namespace qmsd::test {

class ReportLog {
  public:
    ReportLog();
    // Queues an event at local time day hh:mm:ss; commit() sorts by time and appends.
    Event& at(const std::string& day, int hour, int minute, EventKind kind, int second = 0);
    Event& issue(const std::string& day, int hour, int minute, TicketId id, const std::string& field);
    Event& ticket(const std::string& day, int hour, int minute, EventKind kind, TicketId id, int counter = 0);
    Event& counter(const std::string& day, int hour, int minute, EventKind kind, int number,
                   const std::string& staff = "");
    void commit();
    std::string path() const { return dir.file("qmsd.db"); }

    TempDir dir;
    std::unique_ptr<Store> store;

  private:
    std::vector<Event> pending_;
    std::int64_t seq_ = 0;
};

} // namespace qmsd::test
