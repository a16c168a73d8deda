#pragma once
// nlohmann::json, included here only: it is heavy, and the http library's
// precompiled header carries it once.
#include <nlohmann/json.hpp>

namespace qmsd::http {
using Json = nlohmann::json;
} // namespace qmsd::http
