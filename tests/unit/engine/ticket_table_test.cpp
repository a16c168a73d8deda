// The day's ticket table and its lookups: every ticket found by its id, code,
// public id and request, in id order, however the ids arrive.
#include "engine/ticket_index.hpp"
#include "engine/ticket_table.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace qmsd;

namespace {

Ticket ticket(TicketId id, std::string code = "") {
    Ticket t;
    t.id = id;
    t.code = code.empty() ? "A" + std::to_string(id) : code;
    return t;
}

std::vector<TicketId> idsOf(const TicketTable& table) {
    std::vector<TicketId> out;
    for (const Ticket& t : table) {
        out.push_back(t.id);
    }
    return out;
}

} // namespace

TEST_CASE("the ticket table keeps tickets in id order and finds each by its id") {
    TicketTable table;
    CHECK(table.find(1) == nullptr);
    // Ids of a day with gaps (other days' tickets), over several blocks.
    std::vector<TicketId> ids;
    for (TicketId id = 1000; ids.size() < 3 * TicketTable::kBlock + 7; id += (id % 7 == 0) ? 3 : 1) {
        ids.push_back(id);
    }
    std::vector<const Ticket*> kept;
    for (TicketId id : ids) {
        Ticket* t = table.insert(ticket(id));
        REQUIRE(t != nullptr);
        kept.push_back(t);
    }
    REQUIRE(table.size() == ids.size());
    CHECK(idsOf(table) == ids);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        // A ticket stays where it was put while later ones are added.
        CHECK(table.find(ids[i]) == kept[i]);
        CHECK(table.find(ids[i])->code == "A" + std::to_string(ids[i]));
        CHECK(table.positionOf(ids[i]) == i);
    }
    CHECK(table.find(999) == nullptr);
    CHECK(table.find(ids.back() + 1) == nullptr);
    for (std::size_t i = 1; i < ids.size(); ++i) {
        for (TicketId gap = ids[i - 1] + 1; gap < ids[i]; ++gap) {
            CHECK(table.find(gap) == nullptr);
        }
    }
}

TEST_CASE("the ticket table refuses a second ticket with the same id and places a late one in order") {
    TicketTable table;
    REQUIRE(table.insert(ticket(10, "A1")) != nullptr);
    REQUIRE(table.insert(ticket(20, "A2")) != nullptr);
    Ticket again = ticket(10, "B9");
    CHECK(table.insert(std::move(again)) == nullptr);
    CHECK(again.code == "B9"); // left as it was
    CHECK(table.find(10)->code == "A1");
    REQUIRE(table.insert(ticket(15, "A3")) != nullptr);
    REQUIRE(table.insert(ticket(5, "A0")) != nullptr);
    CHECK(idsOf(table) == std::vector<TicketId>{5, 10, 15, 20});
    CHECK(table.find(15)->code == "A3");
    CHECK(table.find(20)->code == "A2");
    CHECK(table.back().id == 20);
}

TEST_CASE("a text index finds the newest ticket carrying a text, through every growth of its table") {
    TicketTable table;
    TicketTextIndex byCode;
    auto codeOf = [&table](TicketId id) {
        const Ticket* t = table.find(id);
        return t == nullptr ? nullptr : &t->code;
    };
    // Numbering wraps at 1000, so each code is carried by three tickets.
    for (TicketId id = 1; id <= 3000; ++id) {
        const Ticket* t = table.insert(ticket(id, "A" + std::to_string(id % 1000)));
        byCode.add(t->code, t->id, codeOf);
    }
    for (int n = 0; n < 1000; ++n) {
        TicketId newest = 2000 + n + (n == 0 ? 1000 : 0);
        CHECK(byCode.find("A" + std::to_string(n), codeOf) == newest);
    }
    CHECK(byCode.find("A1000", codeOf) == 0);
    CHECK(byCode.find("", codeOf) == 0);
}

TEST_CASE("a request index tells apart actors and request ids, and a repeated request names its latest ticket") {
    RequestIndex index;
    for (TicketId id = 1; id <= 2000; ++id) {
        index.add("kiosk:k" + std::to_string(id % 2), "r" + std::to_string(id), id);
    }
    for (TicketId id = 1; id <= 2000; ++id) {
        CHECK(index.find("kiosk:k" + std::to_string(id % 2), "r" + std::to_string(id)) == id);
        CHECK(index.find("kiosk:k" + std::to_string(1 - id % 2), "r" + std::to_string(id)) == 0);
    }
    CHECK(index.find("kiosk:k1r", "1") == 0); // ("kiosk:k1", "r1") run together
    index.add("kiosk:k1", "r1", 4242);
    CHECK(index.find("kiosk:k1", "r1") == 4242);
    std::string longActor(300, 'x'); // past the hash's buffer on the stack
    index.add(longActor, "r1", 77);
    CHECK(index.find(longActor, "r1") == 77);
    CHECK(index.find(longActor + "x", "r1") == 0);
}

TEST_CASE("the indexes keep ids of any size, arriving in any order, in 32 bits above the day's lowest") {
    // A store's ids run past 2^32 over the years; a day's are close together.
    const TicketId first = TicketId{1} << 40;
    TicketTable table;
    TicketTextIndex byCode;
    RequestIndex byRequest;
    auto codeOf = [&table](TicketId id) {
        const Ticket* t = table.find(id);
        return t == nullptr ? nullptr : &t->code;
    };
    // Later ids first, then earlier ones: each moves the base down.
    std::vector<TicketId> order;
    for (TicketId id = first + 500; id < first + 1000; ++id) {
        order.push_back(id);
    }
    for (TicketId id = first + 499; id >= first; --id) {
        order.push_back(id);
    }
    for (TicketId id : order) {
        const Ticket* t = table.insert(ticket(id, "C" + std::to_string(id - first)));
        REQUIRE(t != nullptr);
        byCode.add(t->code, t->id, codeOf);
        byRequest.add("kiosk:k1", "r" + std::to_string(id - first), id);
    }
    for (TicketId id = first; id < first + 1000; ++id) {
        CHECK(byCode.find("C" + std::to_string(id - first), codeOf) == id);
        CHECK(byRequest.find("kiosk:k1", "r" + std::to_string(id - first)) == id);
    }
    // An id 2^32 or more above the lowest is not indexed; the rest still are.
    const TicketId far = first + (TicketId{1} << 32) + 5;
    const Ticket* t = table.insert(ticket(far, "FAR"));
    REQUIRE(t != nullptr);
    byCode.add(t->code, t->id, codeOf);
    byRequest.add("kiosk:k1", "far", far);
    CHECK(byCode.find("FAR", codeOf) == 0);
    CHECK(byRequest.find("kiosk:k1", "far") == 0);
    CHECK(byCode.find("C0", codeOf) == first);
    CHECK(byRequest.find("kiosk:k1", "r999") == first + 999);
}
