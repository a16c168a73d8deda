#include "engine/ticket_index.hpp"

#include <sodium.h>

#include <array>
#include <cstring>
#include <string>

namespace qmsd {

std::uint64_t RequestIndex::keyOf(std::string_view actor, std::string_view requestId) {
    static const auto key = [] {
        std::array<unsigned char, crypto_shorthash_KEYBYTES> k{};
        if (sodium_init() < 0) {
            // Without a random key the hash is still a good spread of the
            // requests; only its resistance to a chosen collision is lost.
            return k;
        }
        randombytes_buf(k.data(), k.size());
        return k;
    }();
    // The actor's length first, so ("ab", "c") and ("a", "bc") differ. A
    // request's texts fit the buffer on the stack; longer ones take the heap.
    const std::uint64_t actorSize = actor.size();
    const std::size_t size = sizeof actorSize + actor.size() + requestId.size();
    std::array<unsigned char, 256> small{};
    std::string large;
    unsigned char* text = small.data();
    if (size > small.size()) {
        large.resize(size);
        text = reinterpret_cast<unsigned char*>(large.data());
    }
    std::memcpy(text, &actorSize, sizeof actorSize);
    std::memcpy(text + sizeof actorSize, actor.data(), actor.size());
    std::memcpy(text + sizeof actorSize + actor.size(), requestId.data(), requestId.size());
    std::array<unsigned char, crypto_shorthash_BYTES> out{};
    crypto_shorthash(out.data(), text, size, key.data());
    std::uint64_t h = 0;
    std::memcpy(&h, out.data(), sizeof h);
    return h;
}

RequestIndex::Slot* RequestIndex::slotFor(std::uint64_t key) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = key & mask;
    while (slots_[i].id != 0 && slots_[i].key != key) {
        i = (i + 1) & mask;
    }
    return &slots_[i];
}

void RequestIndex::add(std::string_view actor, std::string_view requestId, TicketId id) {
    if ((count_ + 1) * 2 > slots_.size()) {
        std::vector<Slot> old(slots_.size() < 32 ? 64 : slots_.size() * 2);
        old.swap(slots_);
        for (const Slot& s : old) {
            if (s.id != 0) {
                *slotFor(s.key) = s;
            }
        }
    }
    const std::uint64_t key = keyOf(actor, requestId);
    Slot* s = slotFor(key);
    if (s->id == 0) {
        ++count_;
    }
    *s = Slot{key, id};
}

TicketId RequestIndex::find(std::string_view actor, std::string_view requestId) const {
    if (slots_.empty()) {
        return 0;
    }
    const std::uint64_t key = keyOf(actor, requestId);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = key & mask; slots_[i].id != 0; i = (i + 1) & mask) {
        if (slots_[i].key == key) {
            return slots_[i].id;
        }
    }
    return 0;
}

} // namespace qmsd
