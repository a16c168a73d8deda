#pragma once
// Notices and procedure sheets as the JSON text stored in their events'
// `payload` (and in the content_items table): self-contained, so the event
// log says exactly what each change set, and the current content can be
// rebuilt from the log alone. Decoding never throws.
#include "content/content.hpp"
#include "core/result.hpp"

#include <string>

namespace qmsd {

std::string encodeNotice(const Notice& n);
std::string encodeProcedure(const ProcedureSheet& p);
Result<Notice> decodeNotice(const std::string& payload);
Result<ProcedureSheet> decodeProcedure(const std::string& payload);

} // namespace qmsd
