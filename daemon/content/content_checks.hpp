#pragma once
// What an editor may save: valid UTF-8, no control characters (line breaks
// only where a paragraph makes sense), bounded lengths in characters, a
// notice for at least one screen that ends after it starts. Each refusal names
// the member. Carriage returns (a Windows browser's line breaks) are dropped
// and surrounding blanks trimmed before the checks.
#include "content/content.hpp"
#include "core/result.hpp"

namespace qmsd {

Status normalizeNotice(Notice& n);
Status normalizeProcedure(ProcedureSheet& p);

} // namespace qmsd
