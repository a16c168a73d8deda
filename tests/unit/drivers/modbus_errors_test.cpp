// What a failed libmodbus call means, and the words the health API and the
// log use for it (libmodbus 3.1.6's own errno values).
#include "modbus/modbus_errors.hpp"

#include <catch2/catch.hpp>
#include <modbus.h>

#include <cerrno>

using namespace qmsd::drivers::modbus;

TEST_CASE("a gateway's 0x0A and 0x0B mean the unit behind it is absent, in words") {
    CHECK(classify(EMBXGPATH) == Outcome::absent);
    CHECK(classify(EMBXGTAR) == Outcome::absent);
    CHECK(errorText(EMBXGPATH) == "gateway: no path to the target unit (exception 0x0A)");
    CHECK(errorText(EMBXGTAR) == "gateway: the target unit did not answer (exception 0x0B)");
}

TEST_CASE("the unit's own exceptions are refusals, named with their code") {
    CHECK(classify(EMBXILADD) == Outcome::refused);
    CHECK(classify(EMBXSBUSY) == Outcome::refused);
    CHECK(classify(EMBXMEMPAR) == Outcome::refused);
    CHECK(errorText(EMBXILADD) == "exception 0x02: illegal data address");
    CHECK(errorText(EMBXSBUSY) == "exception 0x06: slave device busy");
}

TEST_CASE("garbled replies, timeouts and lost links") {
    CHECK(classify(EMBBADCRC) == Outcome::badReply);
    CHECK(classify(EMBBADSLAVE) == Outcome::badReply);
    CHECK(classify(EMBUNKEXC) == Outcome::badReply);
    CHECK(classify(ETIMEDOUT) == Outcome::timeout);
    CHECK(classify(EIO) == Outcome::linkDown);
    CHECK(classify(ECONNRESET) == Outcome::linkDown);
    CHECK(errorText(EMBBADCRC) == "bad CRC");
    CHECK(errorText(ETIMEDOUT) == "no answer (timeout)");
}

TEST_CASE("no libmodbus code is left as an unknown error number") {
    for (int err = EMBXILFUN; err <= EMBBADSLAVE; ++err) {
        INFO(err);
        CHECK(errorText(err).find("Unknown error") == std::string::npos);
    }
}
