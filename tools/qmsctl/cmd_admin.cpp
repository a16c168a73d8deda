// reload, backup, version: looking after the daemon itself.
#include "commands.hpp"
#include "ctl.hpp"
#include "format.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace qmsctl {

namespace {

int reload(Ctl& ctl, const Args&) {
    Json out;
    if (int rc = ctl.post("/admin/reload", Json::object(), out); rc != exitOk) {
        return rc;
    }
    if (ctl.json()) {
        return ctl.printJson(out);
    }
    std::cout << "Reloaded the config: " << cell(out, "fields") << " fields, "
              << cell(out, "counters") << " counters, " << cell(out, "staff") << " staff.\n";
    return exitOk;
}

int backup(Ctl& ctl, const Args&) {
    Json out;
    if (int rc = ctl.post("/admin/backup", Json::object(), out); rc != exitOk) {
        return rc;
    }
    if (ctl.json()) {
        return ctl.printJson(out);
    }
    std::cout << "Backup written on the server: " << cell(out, "path") << " (" << cell(out, "bytes")
              << " bytes)\n";
    return exitOk;
}

// Our version first, so it shows even when the server cannot be reached.
int version(Ctl& ctl, const Args&) {
    if (!ctl.json()) {
        std::cout << "qmsctl " << QMSD_VERSION << "\n" << std::flush;
    }
    Json health;
    if (int rc = ctl.get("/health", health); rc != exitOk) {
        return rc;
    }
    if (ctl.json()) {
        return ctl.printJson(Json{{"qmsctl", QMSD_VERSION}, {"health", health}});
    }
    std::cout << "qmsd " << cell(health, "version") << " at " << ctl.settings().url.text << " ("
              << cell(health, "office") << ", day " << cell(health, "day") << ")\n";
    return exitOk;
}

} // namespace

void addAdminCommands(CommandTable& table) {
    table.push_back({"reload",
                     {},
                     "Re-read the office config file (admin)",
                     {},
                     "A bad file is refused whole (exit 1, config_invalid, with its problems)\n"
                     "and the running config stays.",
                     reload});
    table.push_back({"backup",
                     {},
                     "Take an online backup of the database on the server (admin)",
                     {},
                     "The copy goes under <data_dir>/backup/ on the server's disk.",
                     backup});
    table.push_back({"version",
                     {},
                     "qmsctl's version and the server's",
                     {},
                     "Exits 3 when the server cannot be reached (after printing our own).",
                     version});
}

} // namespace qmsctl
