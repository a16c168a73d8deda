// qmsctl: the command line for admins and the leader, over qmsd's HTTP API.
// Parses everything before the first request, so a usage error (exit 2)
// never leaves half an action done.
#include "cli.hpp"
#include "commands.hpp"
#include "ctl.hpp"

#include <csignal>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>

using namespace qmsctl;

namespace {

CommandTable buildTable() {
    CommandTable table;
    addStatusCommands(table);
    addTicketCommands(table);
    addCounterCommands(table);
    addSessionCommands(table);
    addEventCommands(table);
    addReportCommands(table);
    addAdminCommands(table);
    return table;
}

GlobalOptions defaultsFromEnvironment() {
    GlobalOptions g;
    const char* url = std::getenv("QMSD_URL");
    g.url = url != nullptr && *url != '\0' ? url : "http://127.0.0.1:8080";
    const char* token = std::getenv("QMSD_TOKEN");
    g.token = token != nullptr ? token : "";
    return g;
}

// The token's first line, without surrounding blanks.
bool readTokenFile(const std::string& path, std::string& token) {
    std::ifstream in(path);
    if (!in || !std::getline(in, token)) {
        return false;
    }
    token.erase(0, token.find_first_not_of(" \t\r"));
    token.erase(token.find_last_not_of(" \t\r") + 1);
    return true;
}

int run(int argc, char** argv) {
    const CommandTable table = buildTable();
    CommandLine cl = parseCommandLine(std::vector<std::string>(argv + 1, argv + argc), table,
                                      defaultsFromEnvironment());
    std::string commandName = cl.command != nullptr ? cl.command->name : "";
    if (!cl.error.empty()) {
        return usageError(cl.error, commandName);
    }
    if (cl.global.help) {
        cl.command != nullptr ? printCommandHelp(*cl.command) : printMainHelp(table);
        return exitOk;
    }
    if (cl.command == nullptr) {
        return usageError("no command given", "");
    }
    Settings settings;
    std::string problem;
    auto url = parseServerUrl(cl.global.url, problem);
    if (!url) {
        return usageError(problem, commandName);
    }
    settings.url = *url;
    settings.token = cl.global.token;
    if (!cl.global.tokenFile.empty()) {
        if (cl.global.tokenGiven) {
            return usageError("give --token or --token-file, not both", commandName);
        }
        if (!readTokenFile(cl.global.tokenFile, settings.token)) {
            return usageError("cannot read a token from '" + cl.global.tokenFile + "'",
                              commandName);
        }
    }
    settings.json = cl.global.json;
    settings.timeout =
        std::chrono::milliseconds(static_cast<long long>(cl.global.timeoutSeconds * 1000));
    cl.args.command = commandName;
    Ctl ctl(settings);
    return cl.command->run(ctl, cl.args);
}

} // namespace

int main(int argc, char** argv) {
    // `qmsctl events --follow | head` must end quietly, not die of SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    try {
        int code = run(argc, argv);
        std::cout.flush();
        return code;
    } catch (const std::exception& e) {
        // Only an answer shaped unlike the API's gets here (a JSON type error).
        std::cerr << "qmsctl: unexpected answer from the server: " << e.what() << "\n";
        return exitUnreachable;
    }
}
