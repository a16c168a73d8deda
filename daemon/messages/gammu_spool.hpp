#pragma once
// SMS through a USB GSM modem: qmsd drops each message into gammu-smsd's
// FILES backend spool (man gammu-smsd-files) and reads its fate back from
// which folder gammu-smsd moved the file to. gammu-smsd keeps the file name
// when it moves a file, so the id in the name is all we need to find it.
//
// gammu-smsd must run with `transmitformat = auto` (or `unicode`) in its
// [smsd] section: its default, `7bit`, sends Vietnamese diacritics through
// the GSM default alphabet and the citizen gets a mangled text.
#include "messages/transport.hpp"

#include <memory>
#include <string>

namespace qmsd {

struct GammuSpoolOptions {
    std::string outboxPath; // gammu-smsd's outboxpath
    std::string sentPath;   // its sentsmspath
    std::string errorPath;  // its errorsmspath
};

std::unique_ptr<MessageTransport> makeGammuSpool(GammuSpoolOptions o);

} // namespace qmsd
