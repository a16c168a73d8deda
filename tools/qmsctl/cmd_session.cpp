// Staff sessions: log in with a PIN (read from stdin, never from the command
// line, where `ps` and shell history would keep it) and log out.
#include "commands.hpp"
#include "ctl.hpp"
#include "format.hpp"

#include <nlohmann/json.hpp>

#include <termios.h>
#include <unistd.h>

#include <iostream>

namespace qmsctl {

namespace {

// One line from stdin; on a terminal, prompted and not echoed.
std::string readPin() {
    bool tty = ::isatty(STDIN_FILENO) != 0;
    termios saved{};
    if (tty && ::tcgetattr(STDIN_FILENO, &saved) == 0) {
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        std::cerr << "PIN: " << std::flush;
    } else {
        tty = false;
    }
    std::string pin;
    std::getline(std::cin, pin);
    if (tty) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        std::cerr << "\n";
    }
    while (!pin.empty() && (pin.back() == '\r' || pin.back() == '\n' || pin.back() == ' ')) {
        pin.pop_back();
    }
    return pin;
}

int login(Ctl& ctl, const Args& args) {
    std::string pin = readPin();
    if (pin.empty()) {
        return usageError("no PIN on stdin", args.command);
    }
    Json body{{"staff", args.positionals[0]}, {"pin", pin}, {"counter", args.intPositional(1)}};
    Json out;
    if (int rc = ctl.postAnonymous("/sessions", body, out); rc != exitOk) {
        return rc;
    }
    if (ctl.json()) {
        return ctl.printJson(out);
    }
    std::cout << cell(out, "token") << "\n";
    std::cerr << cell(out, "staff") << " " << cell(out, "staff_name") << " is at "
              << cell(out, "counter_name") << "; the token is valid until "
              << cell(out, "expires_at") << "\n";
    return exitOk;
}

int logout(Ctl& ctl, const Args&) {
    Json out;
    if (int rc = ctl.del("/sessions/current", out); rc != exitOk) {
        return rc;
    }
    if (ctl.json()) {
        return ctl.printJson(out);
    }
    std::cout << "Logged out; the counter is closed.\n";
    return exitOk;
}

} // namespace

void addSessionCommands(CommandTable& table) {
    table.push_back(
        {"login",
         {{"STAFF", "staff id, e.g. nv01"}, {"COUNTER", "the counter number to work at"}},
         "Log a member of staff in at a counter; prints the session token",
         {},
         "The PIN is read from stdin (prompted, without echo, on a terminal).\n"
         "Logging in opens the counter. Only the token goes to stdout, so:\n"
         "  export QMSD_TOKEN=$(qmsctl login nv01 1)\n"
         "Wrong PIN: exit 4 (wrong_pin). Five wrong PINs in 5 minutes: exit 1\n"
         "(too_many_attempts) until the back-off passes.",
         login});
    table.push_back({"logout",
                     {},
                     "End the staff session of the token in use; closes its counter",
                     {},
                     "",
                     logout});
}

} // namespace qmsctl
