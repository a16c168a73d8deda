#pragma once
// The one-shot subcommands of the qmsd binary (everything but running the daemon).
#include "core/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qmsd {

struct CliArgs {
    std::string command = "run"; // run|check-config|hash-pin|status|backup|restore|help|version
    std::string configPath = "/etc/qmsd/qmsd.toml";
    std::string dataDir;
    std::string logLevel;
    bool simulate = false;
    bool force = false;              // restore: another office's or an unlabelled backup
    std::optional<int> keepDays;     // backup to a directory: delete older backups
    std::optional<int> port;
    std::string bind;                // --bind: overrides api.bind (tests: 127.0.0.1)
    std::vector<std::string> positional;
};

Result<CliArgs> parseCliArgs(const std::vector<std::string>& argv);
// Exit code: 0 fine, 1 failed, 2 bad input.
int runCliCommand(const CliArgs& args);

} // namespace qmsd
