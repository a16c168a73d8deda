// What an office's IT staff read when a library qmsd loads on first use is
// missing or too old (core/optional_library.hpp): the file, the Debian package
// to install, the function it lacks, and, when the loader says, what it is for.
#include "core/optional_library.hpp"

#include <catch2/catch.hpp>

#include <cstddef>

using namespace qmsd;
using Catch::Matchers::StartsWith;

namespace {

struct LibcApi {
    std::size_t (*strlen)(const char*) = nullptr;
    int (*missing)(void) = nullptr;
};

} // namespace

TEST_CASE("a library that is not installed names its file and its Debian package") {
    OptionalLibrary library("libqmsd-not-here.so.9", "qmsd-not-here9");
    CHECK_THAT(library.error(), StartsWith("libqmsd-not-here.so.9 cannot be loaded (is qmsd-not-here9 installed?): "));
    std::size_t (*fn)(const char*) = nullptr;
    library.find(fn, "strlen");
    CHECK(fn == nullptr);
    CHECK_THAT(library.error(), StartsWith("libqmsd-not-here.so.9 cannot be loaded")); // the first error stays
}

TEST_CASE("a library without a function it needs names that function") {
    OptionalLibrary library("libc.so.6", "libc6");
    CHECK(library.error().empty());
    std::size_t (*fn)(const char*) = nullptr;
    library.find(fn, "strlen");
    REQUIRE(fn != nullptr);
    CHECK(fn("Phường") == 9); // the real strlen: UTF-8 bytes
    int (*missing)(void) = nullptr;
    library.find(missing, "qmsd_no_such_function");
    CHECK(missing == nullptr);
    CHECK(library.error() == "libc.so.6 has no qmsd_no_such_function: too old a version");
}

TEST_CASE("loadApi gives the functions, or nothing and the reason with what the library is for") {
    auto found = loadApi<LibcApi>("libc.so.6", "libc6", "The C library", [](OptionalLibrary& library, LibcApi& api) {
        library.find(api.strlen, "strlen");
    });
    std::string why = "stale";
    const LibcApi* functions = found.get(why);
    REQUIRE(functions != nullptr);
    CHECK(why.empty());
    CHECK(functions->strlen("A007") == 4);

    auto tooOld = loadApi<LibcApi>("libc.so.6", "libc6", "The C library", [](OptionalLibrary& library, LibcApi& api) {
        library.find(api.strlen, "strlen");
        library.find(api.missing, "qmsd_no_such_function");
    });
    CHECK(tooOld.get(why) == nullptr);
    CHECK(why == "The C library: libc.so.6 has no qmsd_no_such_function: too old a version");

    auto absent = loadApi<LibcApi>("libqmsd-not-here.so.9", "qmsd-not-here9", nullptr,
                                   [](OptionalLibrary& library, LibcApi& api) { library.find(api.strlen, "strlen"); });
    CHECK(absent.get(why) == nullptr);
    CHECK_THAT(why, StartsWith("libqmsd-not-here.so.9 cannot be loaded (is qmsd-not-here9 installed?)"));
}
