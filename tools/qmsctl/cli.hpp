#pragma once
// The command table and the command-line parser. Every command declares its
// arguments and options once; parsing, usage errors and --help come from that.
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace qmsctl {

// What scripts may rely on; README.md and `qmsctl --help` list the same.
enum Exit : int {
    exitOk = 0,
    exitRefused = 1,     // the server refused the action (4xx other than 401/403)
    exitUsage = 2,       // bad arguments, caught before any request
    exitUnreachable = 3, // no connection, timeout, or a 5xx
    exitAuth = 4,        // 401 or 403
};

class Ctl;

// Names decide checking: "N" and "COUNTER" must be positive integers, "SEQ"
// a non-negative integer, "D" a YYYY-MM-DD day. All checked before any request.
struct ArgSpec {
    std::string name;
    std::string help;
};

struct OptionSpec {
    std::string name;      // without dashes: "priority"
    std::string valueName; // "P"; empty for a flag
    std::string help;
};

struct Args {
    std::string command; // for messages
    std::vector<std::string> positionals;
    std::map<std::string, std::string> options; // flags map to ""
    bool has(const std::string& name) const { return options.count(name) != 0; }
    std::string value(const std::string& name) const;
    int intPositional(std::size_t i) const; // already checked by the parser
};

struct CommandSpec {
    std::string name;
    std::vector<ArgSpec> positionals;
    std::string summary;
    std::vector<OptionSpec> options;
    std::string details; // further help paragraphs; may be empty
    std::function<int(Ctl&, const Args&)> run;
};

using CommandTable = std::vector<CommandSpec>;

struct GlobalOptions {
    std::string url;
    std::string token;
    std::string tokenFile;
    bool json = false;
    double timeoutSeconds = 10;
    bool help = false;
    bool tokenGiven = false;
};

struct CommandLine {
    GlobalOptions global;
    const CommandSpec* command = nullptr; // null: no command given
    Args args;
    std::string error; // non-empty: a usage error to print
};

CommandLine parseCommandLine(const std::vector<std::string>& argv, const CommandTable& table,
                             GlobalOptions defaults);

void printMainHelp(const CommandTable& table);
void printCommandHelp(const CommandSpec& spec);
// "qmsctl: <message>" and which --help to read; returns exitUsage.
int usageError(const std::string& message, const std::string& command);

} // namespace qmsctl
