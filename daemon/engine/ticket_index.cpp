#include "engine/ticket_index.hpp"

#include <sodium.h>

#include <array>
#include <cstring>

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
    // The actor's length first, so ("ab", "c") and ("a", "bc") differ.
    std::string text(sizeof(std::uint64_t), '\0');
    std::uint64_t actorSize = actor.size();
    std::memcpy(text.data(), &actorSize, sizeof actorSize);
    text.append(actor).append(requestId);
    std::array<unsigned char, crypto_shorthash_BYTES> out{};
    crypto_shorthash(out.data(), reinterpret_cast<const unsigned char*>(text.data()), text.size(), key.data());
    std::uint64_t h = 0;
    std::memcpy(&h, out.data(), sizeof h);
    return h;
}

} // namespace qmsd
