#include "engine/ticket_index.hpp"

#include <sodium.h>

#include <algorithm>
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

bool TicketIdBase::admit(TicketId id, std::vector<std::uint32_t>& slots) {
    constexpr TicketId kSpan = 0xFFFFFFFF;
    if (!set_) {
        base_ = id - 1;
        set_ = true;
    }
    if (id <= base_) {
        // Lower than any before (an out-of-order insert): the base moves down.
        const TicketId shift = base_ - (id - 1);
        if (static_cast<TicketId>(highest_) + shift > kSpan) {
            return false;
        }
        for (std::uint32_t& d : slots) {
            if (d != 0) {
                d += static_cast<std::uint32_t>(shift);
            }
        }
        base_ = id - 1;
        highest_ += static_cast<std::uint32_t>(shift);
    }
    if (id - base_ > kSpan) {
        return false;
    }
    highest_ = std::max(highest_, distanceOf(id));
    return true;
}

std::size_t RequestIndex::slotFor(std::uint64_t key) const {
    const std::size_t mask = keys_.size() - 1;
    std::size_t i = key & mask;
    while (ids_[i] != 0 && keys_[i] != key) {
        i = (i + 1) & mask;
    }
    return i;
}

void RequestIndex::add(std::string_view actor, std::string_view requestId, TicketId id) {
    if (!base_.admit(id, ids_)) {
        return;
    }
    if ((count_ + 1) * 2 > keys_.size()) {
        const std::size_t size = keys_.size() < 32 ? 64 : keys_.size() * 2;
        std::vector<std::uint64_t> oldKeys(size, 0);
        std::vector<std::uint32_t> oldIds(size, 0);
        oldKeys.swap(keys_);
        oldIds.swap(ids_);
        for (std::size_t i = 0; i < oldIds.size(); ++i) {
            if (oldIds[i] != 0) {
                std::size_t at = slotFor(oldKeys[i]);
                keys_[at] = oldKeys[i];
                ids_[at] = oldIds[i];
            }
        }
    }
    const std::uint64_t key = keyOf(actor, requestId);
    std::size_t at = slotFor(key);
    if (ids_[at] == 0) {
        ++count_;
    }
    keys_[at] = key;
    ids_[at] = base_.distanceOf(id);
}

TicketId RequestIndex::find(std::string_view actor, std::string_view requestId) const {
    if (keys_.empty()) {
        return 0;
    }
    const std::size_t at = slotFor(keyOf(actor, requestId));
    return base_.idOf(ids_[at]);
}

} // namespace qmsd
