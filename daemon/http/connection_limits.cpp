#include "http/connection_limits.hpp"

namespace qmsd::http {

Tally::Hold Tally::hold(const std::string& key) {
    ++counts_->byKey[key];
    ++counts_->total;
    return std::make_shared<Place>(counts_, key);
}

int Tally::count(const std::string& key) const {
    auto it = counts_->byKey.find(key);
    return it == counts_->byKey.end() ? 0 : it->second;
}

Tally::Place::~Place() {
    --counts->total;
    auto it = counts->byKey.find(key);
    if (it != counts->byKey.end() && --it->second <= 0) {
        counts->byKey.erase(it); // a table of every address ever seen would only grow
    }
}

} // namespace qmsd::http
