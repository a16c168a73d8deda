#include "cli.hpp"

#include <charconv>
#include <cstdio>
#include <iostream>
#include <optional>

namespace qmsctl {

namespace {

const std::vector<OptionSpec> kGlobalOptions = {
    {"url", "URL", "qmsd's address (default $QMSD_URL, else http://127.0.0.1:8080)"},
    {"token", "TOKEN", "API token (default $QMSD_TOKEN); visible to `ps`, so prefer:"},
    {"token-file", "FILE", "read the token from the first line of FILE"},
    {"json", "", "print the server's JSON (pretty) instead of tables"},
    {"timeout", "SECONDS", "give up on a request after this long (default 10)"},
    {"help", "", "this text; `qmsctl COMMAND --help` for one command"},
};

const char* const kExitCodes =
    "Exit codes:\n"
    "  0  done\n"
    "  1  the server refused the action (4xx: conflict, not found, bad input)\n"
    "  2  usage error: bad arguments, caught before any request\n"
    "  3  cannot reach the server, timeout, or a server error (5xx)\n"
    "  4  authentication or permission (401, 403)\n";

std::optional<long long> parseInteger(const std::string& text) {
    long long v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return v;
}

bool isDay(const std::string& d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') {
        return false;
    }
    auto year = parseInteger(d.substr(0, 4));
    auto month = parseInteger(d.substr(5, 2));
    auto day = parseInteger(d.substr(8, 2));
    return year && month && day && *year >= 2000 && *month >= 1 && *month <= 12 && *day >= 1 &&
           *day <= 31;
}

// Empty when `value` suits an argument called `name`.
std::string checkValue(const std::string& name, const std::string& value, const std::string& what) {
    if (name == "N" || name == "COUNTER") {
        auto n = parseInteger(value);
        return n && *n > 0 && *n <= 100000
                   ? ""
                   : what + " must be a counter number, got '" + value + "'";
    }
    if (name == "SEQ" || name == "COUNT") {
        auto n = parseInteger(value);
        return n && *n >= 0 ? "" : what + " must be a whole number, got '" + value + "'";
    }
    if (name == "D") {
        return isDay(value) ? "" : what + " must be a day as YYYY-MM-DD, got '" + value + "'";
    }
    if (value.empty()) {
        return what + " must not be empty";
    }
    return "";
}

const OptionSpec* findOption(const std::vector<OptionSpec>& list, const std::string& name) {
    for (const auto& o : list) {
        if (o.name == name) {
            return &o;
        }
    }
    return nullptr;
}

void applyGlobal(GlobalOptions& g, const std::string& name, const std::string& value,
                 std::string& error) {
    if (name == "url") {
        g.url = value;
    } else if (name == "token") {
        g.token = value;
        g.tokenGiven = true;
    } else if (name == "token-file") {
        g.tokenFile = value;
    } else if (name == "json") {
        g.json = true;
    } else if (name == "help") {
        g.help = true;
    } else if (name == "timeout") {
        char* end = nullptr;
        double s = std::strtod(value.c_str(), &end);
        if (value.empty() || end != value.c_str() + value.size() || !(s > 0 && s <= 3600)) {
            error = "--timeout must be a number of seconds (0 < s <= 3600), got '" + value + "'";
        }
        g.timeoutSeconds = s;
    }
}

std::string signature(const CommandSpec& spec) {
    std::string s = spec.name;
    for (const auto& p : spec.positionals) {
        s += " " + p.name;
    }
    return s;
}

void printOptions(const std::vector<OptionSpec>& options) {
    std::size_t width = 0;
    for (const auto& o : options) {
        width = std::max(width, o.name.size() + (o.valueName.empty() ? 0 : o.valueName.size() + 1));
    }
    for (const auto& o : options) {
        std::string left = "--" + o.name + (o.valueName.empty() ? "" : " " + o.valueName);
        std::printf("  %-*s  %s\n", static_cast<int>(width + 2), left.c_str(), o.help.c_str());
    }
}

} // namespace

std::string Args::value(const std::string& name) const {
    auto it = options.find(name);
    return it == options.end() ? std::string{} : it->second;
}

int Args::intPositional(std::size_t i) const {
    return i < positionals.size() ? static_cast<int>(parseInteger(positionals[i]).value_or(0)) : 0;
}

CommandLine parseCommandLine(const std::vector<std::string>& argv, const CommandTable& table,
                             GlobalOptions defaults) {
    CommandLine cl;
    cl.global = std::move(defaults);
    bool helpWord = false; // `qmsctl help COMMAND`
    bool optionsDone = false;
    for (std::size_t i = 0; i < argv.size() && cl.error.empty(); ++i) {
        const std::string& a = argv[i];
        if (!optionsDone && a == "--") {
            optionsDone = true;
            continue;
        }
        if (!optionsDone && a == "-h") {
            cl.global.help = true;
            continue;
        }
        if (!optionsDone && a.size() > 2 && a.compare(0, 2, "--") == 0) {
            std::size_t eq = a.find('=');
            std::string name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
            const OptionSpec* spec = findOption(kGlobalOptions, name);
            bool global = spec != nullptr;
            if (spec == nullptr && cl.command != nullptr) {
                spec = findOption(cl.command->options, name);
            }
            if (spec == nullptr) {
                cl.error = "unknown option --" + name +
                           (cl.command ? " for '" + cl.command->name + "'" : "");
                break;
            }
            std::string value;
            if (spec->valueName.empty()) {
                if (eq != std::string::npos) {
                    cl.error = "--" + name + " takes no value";
                    break;
                }
            } else if (eq != std::string::npos) {
                value = a.substr(eq + 1);
            } else if (i + 1 < argv.size()) {
                value = argv[++i];
            } else {
                cl.error = "--" + name + " needs a value (" + spec->valueName + ")";
                break;
            }
            if (global) {
                applyGlobal(cl.global, name, value, cl.error);
            } else {
                if (!spec->valueName.empty()) {
                    cl.error = checkValue(spec->valueName, value, "--" + name);
                }
                cl.args.options[name] = value;
            }
            continue;
        }
        if (cl.command == nullptr) {
            if (a == "help" && !helpWord) {
                helpWord = true;
                cl.global.help = true;
                continue;
            }
            for (const auto& spec : table) {
                if (spec.name == a) {
                    cl.command = &spec;
                }
            }
            if (cl.command == nullptr) {
                cl.error = "unknown command '" + a + "'";
            }
            continue;
        }
        cl.args.positionals.push_back(a);
    }
    if (!cl.error.empty() || cl.global.help || cl.command == nullptr) {
        return cl;
    }
    const auto& want = cl.command->positionals;
    const auto& got = cl.args.positionals;
    if (got.size() < want.size()) {
        cl.error = "'" + cl.command->name + "' needs " + want[got.size()].name;
    } else if (got.size() > want.size()) {
        cl.error = "unexpected argument '" + got[want.size()] + "'";
    }
    for (std::size_t i = 0; i < want.size() && i < got.size() && cl.error.empty(); ++i) {
        cl.error = checkValue(want[i].name, got[i], want[i].name);
    }
    return cl;
}

void printMainHelp(const CommandTable& table) {
    std::printf("qmsctl: the command line of qmsd, the queue-management daemon\n\n"
                "Usage: qmsctl [GLOBAL OPTIONS] COMMAND [ARGUMENTS] [OPTIONS]\n"
                "       qmsctl COMMAND --help\n\nCommands:\n");
    std::size_t width = 0;
    for (const auto& spec : table) {
        width = std::max(width, signature(spec).size());
    }
    for (const auto& spec : table) {
        std::printf("  %-*s  %s\n", static_cast<int>(width), signature(spec).c_str(),
                    spec.summary.c_str());
    }
    std::printf("\nGlobal options (anywhere on the line):\n");
    printOptions(kGlobalOptions);
    std::printf("\nTables show times as the office's local HH:MM. --json prints what the\n"
                "server sent, unchanged, for scripts.\n\n%s",
                kExitCodes);
}

void printCommandHelp(const CommandSpec& spec) {
    std::printf("Usage: qmsctl %s%s\n\n%s\n", signature(spec).c_str(),
                spec.options.empty() ? "" : " [OPTIONS]", spec.summary.c_str());
    if (!spec.positionals.empty()) {
        std::printf("\nArguments:\n");
        std::size_t width = 0;
        for (const auto& p : spec.positionals) {
            width = std::max(width, p.name.size());
        }
        for (const auto& p : spec.positionals) {
            std::printf("  %-*s  %s\n", static_cast<int>(width), p.name.c_str(), p.help.c_str());
        }
    }
    if (!spec.options.empty()) {
        std::printf("\nOptions:\n");
        printOptions(spec.options);
    }
    if (!spec.details.empty()) {
        std::printf("\n%s\n", spec.details.c_str());
    }
    std::printf("\nGlobal options: --url URL, --token TOKEN, --token-file FILE, --json,\n"
                "--timeout SECONDS (see `qmsctl --help`).\n\n%s",
                kExitCodes);
}

int usageError(const std::string& message, const std::string& command) {
    std::cerr << "qmsctl: " << message << "\nTry `qmsctl " << (command.empty() ? "" : command + " ")
              << "--help`.\n";
    return exitUsage;
}

} // namespace qmsctl
