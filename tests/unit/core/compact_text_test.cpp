// The compact texts every ticket of the day carries (core/shared_name.hpp,
// core/inline_text.hpp, core/packed_hex_text.hpp): they must read back
// exactly what was stored.
#include "core/inline_text.hpp"
#include "core/packed_hex_text.hpp"
#include "core/shared_name.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <thread>
#include <vector>

using namespace qmsd;

TEST_CASE("a shared name is one copy per text and compares like the text") {
    std::string field = "ho_tich";
    SharedName a(field);
    SharedName b(std::string("ho_") + "tich");
    SharedName c("dat_dai");
    CHECK(&a.str() == &b.str()); // one pooled copy
    CHECK(a == b);
    CHECK(a == field);
    CHECK(a == std::string_view("ho_tich"));
    CHECK_FALSE(a == c);
    CHECK(c < a); // by text, as std::string orders them
    CHECK(SharedName().empty());
    CHECK(SharedName() == "");
    std::map<std::string, int> counts{{"ho_tich", 3}};
    CHECK(counts.at(a) == 3); // usable where a const std::string& is taken
    CHECK(a + "/1" == "ho_tich/1");
    CHECK(SharedName("Hộ tịch").str() == "Hộ tịch");
}

TEST_CASE("inline text keeps up to its size inside and anything longer whole") {
    const std::string hex = "0123456789abcdef0123456789abcdef"; // 32
    InlineText<32> id(hex);
    CHECK(id.view() == hex);
    CHECK(id.size() == 32);
    InlineText<32> longer(hex + "!");
    CHECK(longer.view() == hex + "!");
    InlineText<32> copy = longer;
    CHECK(copy.view() == hex + "!");
    copy = id;
    CHECK(copy.view() == hex);
    CHECK(longer.view() == hex + "!"); // the copy did not share the long text
    InlineText<32> shortText("pub1");
    CHECK(shortText == "pub1");
    CHECK_FALSE(shortText == "pub");
    CHECK(InlineText<32>().empty());
    CHECK(std::string("/t/") + shortText == "/t/pub1");
    InlineText<32> moved = std::move(longer);
    CHECK(moved.view() == hex + "!");
}

TEST_CASE("inline text goes from short to long and back, and a moved-from text is empty") {
    InlineText<15> code("A007");
    code = std::string(40, 'x'); // past its bytes: kept whole on the heap
    CHECK(code.view() == std::string(40, 'x'));
    code = "B012";
    CHECK(code.view() == "B012");
    code = std::string(16, 'y');
    InlineText<15> moved = std::move(code);
    CHECK(moved.view() == std::string(16, 'y'));
    CHECK(code.empty()); // NOLINT(bugprone-use-after-move): what a move leaves is the type's promise
    moved = std::string_view{};
    CHECK(moved.empty());
    // What a ticket pays for its texts: the bytes and one for the length.
    CHECK(sizeof(InlineText<15>) == 16);
    CHECK(sizeof(InlineText<32>) == 33);
}

TEST_CASE("a packed public id reads back the digits it was given, and any other text as it was") {
    const std::string hex = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    PackedHexText id(hex);
    CHECK(id.packed());
    CHECK(id.str() == hex);
    CHECK(id.size() == 32);
    CHECK(id == hex);
    CHECK_FALSE(id == "0f1e2d3c4b5a69788796a5b4c3d2e1f1"); // last digit differs
    CHECK_FALSE(id == "0F1E2D3C4B5A69788796A5B4C3D2E1F0"); // the same bytes, but not the same text
    CHECK(std::string("/t/") + id == "/t/" + hex);

    // Not 32 lowercase hex digits: kept as written, inside or on the heap.
    for (const std::string& other : {std::string("p1"), std::string("p3-12"), std::string(16, 'z'),
                                     std::string("0F1E2D3C4B5A69788796A5B4C3D2E1F0"), hex + "0", hex.substr(1),
                                     std::string("0f1e2d3c4b5a69788796a5b4c3d2e1fg"), std::string(40, 'x')}) {
        PackedHexText t(other);
        CHECK_FALSE(t.packed());
        CHECK(t.str() == other);
        CHECK(t.size() == other.size());
        CHECK(t == other);
        CHECK_FALSE(t == hex);
    }
    CHECK(PackedHexText().empty());
    CHECK(PackedHexText().str().empty());
    CHECK(PackedHexText("") == "");
}

TEST_CASE("a packed public id copies, moves and is reassigned between its three forms") {
    const std::string hex = "00000000000000000000000000000000"; // zero bytes are digits too
    const std::string longer(20, 'q');
    PackedHexText a(hex);
    PackedHexText b(longer);
    PackedHexText c = b; // a copy of the heap text, not a second owner of it
    b = a;
    CHECK(b.str() == hex);
    CHECK(c.str() == longer);
    c = std::string("short");
    CHECK(c.str() == "short");
    c = longer;
    PackedHexText moved = std::move(c);
    CHECK(moved.str() == longer);
    CHECK(c.empty()); // NOLINT(bugprone-use-after-move): what a move leaves is the type's promise
    moved = a;
    CHECK(moved.str() == hex);
    moved = moved; // NOLINT: self-assignment keeps the text
    CHECK(moved.str() == hex);
    // What a ticket pays for its public id: 16 bytes and one for the form.
    CHECK(sizeof(PackedHexText) == 17);
}

TEST_CASE("shared names made at once on several threads are one copy each, whatever thread reads them") {
    constexpr int kThreads = 4;
    constexpr int kNames = 3000; // past one block of the pool
    constexpr int kStep[kThreads] = {1, 7, 11, 13}; // each prime to 3000: every name, in another order
    std::vector<std::vector<SharedName>> made(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([t, &made, &kStep] {
            for (int i = 0; i < kNames; ++i) {
                // Each thread goes through the same names in its own order.
                int n = (i * kStep[t]) % kNames;
                made[t].emplace_back("người " + std::to_string(n));
            }
        });
    }
    for (auto& th : threads) {
        th.join();
    }
    std::map<std::string, SharedName> first;
    for (int t = 0; t < kThreads; ++t) {
        for (int i = 0; i < kNames; ++i) {
            int n = (i * kStep[t]) % kNames;
            const SharedName& name = made[t][i];
            REQUIRE(name.str() == "người " + std::to_string(n));
            auto [it, inserted] = first.emplace(name.str(), name);
            CHECK(&it->second.str() == &name.str());
            CHECK(it->second == name);
        }
    }
    CHECK(first.size() == kNames);
    CHECK(sizeof(SharedName) == 4);
}
