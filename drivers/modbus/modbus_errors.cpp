#include "modbus/modbus_errors.hpp"

#include <modbus.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace qmsd::drivers::modbus {
namespace {

// "exception 0x06: slave device busy": the code as the unit's manual prints it,
// and what the Modbus application protocol (v1.1b3 §7) calls it.
std::string exceptionText(int err) {
    const char* what = "unknown exception";
    switch (err) {
    case EMBXILFUN:
        what = "illegal function";
        break;
    case EMBXILADD:
        what = "illegal data address";
        break;
    case EMBXILVAL:
        what = "illegal data value";
        break;
    case EMBXSFAIL:
        what = "slave device failure";
        break;
    case EMBXACK:
        what = "acknowledge (still working on it)";
        break;
    case EMBXSBUSY:
        what = "slave device busy";
        break;
    case EMBXNACK:
        what = "negative acknowledge";
        break;
    case EMBXMEMPAR:
        what = "memory parity error";
        break;
    default:
        break;
    }
    char code[8];
    std::snprintf(code, sizeof code, "0x%02X", err - MODBUS_ENOBASE);
    return std::string("exception ") + code + ": " + what;
}

bool isLinkError(int err) {
    return err == EIO || err == ENXIO || err == ENODEV || err == EBADF || err == EPIPE ||
           err == ECONNRESET || err == ECONNREFUSED || err == ENOTCONN;
}

} // namespace

Outcome classify(int err) {
    if (err == EMBXGPATH || err == EMBXGTAR) {
        return Outcome::absent;
    }
    if (err > MODBUS_ENOBASE && err < EMBXGPATH) {
        return Outcome::refused;
    }
    if (err == ETIMEDOUT) {
        return Outcome::timeout;
    }
    if (isLinkError(err)) {
        return Outcome::linkDown;
    }
    return Outcome::badReply; // bad CRC, wrong unit, bad length, unknown exception, noise
}

bool isPermanentRefusal(int err) {
    return err == EMBXILFUN || err == EMBXILADD || err == EMBXILVAL;
}

std::string errorText(int err) {
    switch (err) {
    case EMBXGPATH:
        return "gateway: no path to the target unit (exception 0x0A)";
    case EMBXGTAR:
        return "gateway: the target unit did not answer (exception 0x0B)";
    case EMBBADCRC:
        return "bad CRC";
    case EMBBADDATA:
        return "reply does not match the request";
    case EMBBADEXC:
    case EMBUNKEXC:
        return "reply with an invalid exception code";
    case EMBMDATA:
        return "reply too long";
    case EMBBADSLAVE:
        return "reply from the wrong unit";
    case ETIMEDOUT:
        return "no answer (timeout)";
    default:
        break;
    }
    if (err > MODBUS_ENOBASE && err < EMBXGPATH) {
        return exceptionText(err);
    }
    char buf[128];
    return strerror_r(err, buf, sizeof buf); // GNU strerror_r: thread-safe, returns the text
}

} // namespace qmsd::drivers::modbus
