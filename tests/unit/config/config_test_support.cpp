#include "config_test_support.hpp"

#include <catch2/catch.hpp>

#include <sstream>

namespace qmsd::test {

std::string withValidTail(const std::string& snippet) {
    std::string text = snippet + "\n";
    if (snippet.find("[office]") == std::string::npos) {
        text += "[office]\nname = \"UBND Phường Thử\"\n";
    }
    text += "[[field]]\nid = \"tail\"\nname = \"Lĩnh vực cuối\"\nname_ascii = \"TAIL\"\n"
            "prefix = \"Z\"\n"
            "[[counter]]\nnumber = 999\nname = \"Quầy cuối\"\nfields = [\"tail\"]\n";
    return text;
}

Result<OfficeConfig> loadSnippet(const std::string& snippet) {
    return loadConfigText(withValidTail(snippet), snippetFile);
}

std::vector<std::string> problemLines(const Result<OfficeConfig>& result) {
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == ErrorCode::configInvalid);
    std::vector<std::string> lines;
    std::istringstream in(result.error().message);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

void requireOneProblem(const std::string& snippet, int line, const std::string& key,
                       const std::string& what) {
    INFO("expected " << key << " at line " << line << " in snippet:\n" << snippet);
    std::vector<std::string> lines = problemLines(loadSnippet(snippet));
    REQUIRE(lines.size() == 1);
    std::string head = snippetFile + ":" + std::to_string(line) + ": " + key + ": ";
    CHECK(lines[0].substr(0, head.size()) == head);
    CHECK_THAT(lines[0], Catch::Contains(what));
}

OfficeConfig requireValid(const std::string& snippet) {
    Result<OfficeConfig> result = loadSnippet(snippet);
    INFO((result.ok() ? std::string() : result.error().message));
    REQUIRE(result.ok());
    return result.value();
}

} // namespace qmsd::test
