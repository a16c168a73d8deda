#pragma once
// Who holds how many connections. A Tally counts live things per key (an
// address, a ticket); each hold gives its place back when its last owner lets
// go — even after the tally's owner is gone, as a WebSocket outlives the
// Connection that accepted it and may outlive a stopped server.
#include <memory>
#include <string>
#include <unordered_map>

namespace qmsd::http {

class Tally {
  public:
    struct Place;
    using Hold = std::shared_ptr<Place>;

    // One more under `key` until the hold (and every copy of it) is gone.
    Hold hold(const std::string& key);
    int count(const std::string& key) const;
    int total() const { return counts_->total; }

    struct Counts {
        std::unordered_map<std::string, int> byKey;
        int total = 0;
    };

  private:
    std::shared_ptr<Counts> counts_ = std::make_shared<Counts>();
};

struct Tally::Place {
    Place(std::shared_ptr<Counts> of, std::string under) : counts(std::move(of)), key(std::move(under)) {}
    ~Place();
    Place(const Place&) = delete;
    Place& operator=(const Place&) = delete;
    std::shared_ptr<Counts> counts;
    std::string key;
};

// One accepted connection's place in the limits (daemon/http/README.md,
// "Connections"). It counts as anonymous — against its address's share and
// the anonymous share of the whole — until a request on it shows a valid
// token. One accepted while the anonymous share was full is on probation:
// its first request must show a token, or it gets 503.
struct ConnectionSlot {
    std::string address;
    bool probation = false;
    Tally::Hold connection; // in the total
    Tally::Hold anonymous;  // in the anonymous counts, until authenticated

    bool authenticated() const { return anonymous == nullptr; }
    void authenticate() { anonymous.reset(); }
};

} // namespace qmsd::http
