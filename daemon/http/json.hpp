#pragma once
// nlohmann::json, included here only: it is heavy, and the http library's
// precompiled header carries it once.
#include <nlohmann/json.hpp>

#include <string>

namespace qmsd::http {
using Json = nlohmann::json;

// A reply's optional value: null when not set (empty, or 0 for a counter).
inline Json orNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }
inline Json orNull(int v) { return v == 0 ? Json(nullptr) : Json(v); }
} // namespace qmsd::http
