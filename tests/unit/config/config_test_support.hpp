#pragma once
// Helpers shared by the config tests: load a TOML snippet under a fixed file
// name and assert on the exact "FILE:LINE: key: what" lines that come back.
#include "config/config_loader.hpp"

#include <string>
#include <vector>

namespace qmsd::test {

// The name every snippet is loaded under; each message must start with it.
inline const std::string snippetFile = "office.toml";

// Appends what a snippet leaves out to be a valid office: [office] with a name
// (unless the snippet has its own [office]), one [[field]] "tail" with prefix
// "Z" and one [[counter]] 999 serving it. Appending keeps the snippet's line
// numbers, so tests can assert them exactly.
std::string withValidTail(const std::string& snippet);

Result<OfficeConfig> loadSnippet(const std::string& snippet);

// The error message split into lines; fails the test if loading succeeded.
std::vector<std::string> problemLines(const Result<OfficeConfig>& result);

// Requires that the snippet yields exactly one problem, reported as
// "office.toml:LINE: KEY: ..." with `what` somewhere in its text.
void requireOneProblem(const std::string& snippet, int line, const std::string& key,
                       const std::string& what);

// Requires that the snippet (plus tail) loads without any problem.
OfficeConfig requireValid(const std::string& snippet);

} // namespace qmsd::test
