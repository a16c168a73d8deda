#include "app/cli_commands.hpp"
#include "app/cli_backup.hpp"

#include "clock/office_clock.hpp"
#include "config/config_loader.hpp"
#include "engine/queue_engine.hpp"
#include "http/auth.hpp"
#include "store/store.hpp"

#include <sodium.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

namespace qmsd {
namespace {

StoreOptions readOnlyStore() {
    StoreOptions o;
    o.readOnly = true;
    return o;
}

int checkConfig(const CliArgs& args) {
    const std::string& path = args.positional.empty() ? args.configPath : args.positional[0];
    auto cfg = loadConfigFile(path);
    if (!cfg) {
        std::fprintf(stderr, "%s\n", cfg.error().message.c_str());
        return 2;
    }
    std::printf("%s: OK (%zu fields, %zu counters, %zu staff)\n", path.c_str(), cfg->fields.size(),
                cfg->counters.size(), cfg->staff.size());
    return 0;
}

int hashPin() {
    std::string pin;
    std::getline(std::cin, pin);
    if (pin.size() < 4) {
        std::fprintf(stderr, "qmsd: a PIN needs at least 4 characters\n");
        return 2;
    }
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, pin.c_str(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        std::fprintf(stderr, "qmsd: out of memory while hashing\n");
        return 1;
    }
    std::puts(hash);
    return 0;
}

// new-token: a fresh random token and the hash line for [[client]];
// hash-token: the hash of a token read on stdin.
int tokenCommand(bool fresh) {
    std::string token;
    if (fresh) {
        token = http::newToken();
    } else {
        std::getline(std::cin, token);
        if (token.size() < 16) {
            std::fprintf(stderr, "qmsd: a token needs at least 16 characters\n");
            return 2;
        }
    }
    if (fresh) {
        std::printf("token:      %s\n", token.c_str());
    }
    std::printf("token_hash = \"%s\"\n", http::hashToken(token).c_str());
    return 0;
}

Result<std::string> databaseOf(const CliArgs& args) {
    if (!args.dataDir.empty()) {
        return (std::filesystem::path(args.dataDir) / "qmsd.db").string();
    }
    auto cfg = loadConfigFile(args.configPath);
    if (!cfg) {
        return cfg.error();
    }
    return (std::filesystem::path(cfg->daemon.dataDir) / "qmsd.db").string();
}

// Today's queue rebuilt read-only from the store: works while the daemon runs.
int status(const CliArgs& args) {
    auto cfg = loadConfigFile(args.configPath);
    if (!cfg) {
        std::fprintf(stderr, "%s\n", cfg.error().message.c_str());
        return 2;
    }
    auto db = databaseOf(args);
    auto store = db ? Store::open(*db, readOnlyStore())
                    : Result<std::unique_ptr<Store>>(db.error());
    if (!store) {
        std::fprintf(stderr, "qmsd status: %s\n", store.error().message.c_str());
        return 1;
    }
    auto clock = OfficeClock::forZone(cfg->office.timeZone);
    auto config = std::make_shared<const OfficeConfig>(std::move(*cfg));
    TimePoint now = systemNow();
    std::string today = clock->localDay(now);
    QueueEngine engine(config, *clock, EngineStart{today, 0, 0});
    auto events = (*store)->eventsOfDay(today);
    if (!events) {
        std::fprintf(stderr, "qmsd status: %s\n", events.error().message.c_str());
        return 1;
    }
    engine.apply(*events);
    std::printf("%s — %s (%s), %zu events today\n\n", config->office.name.c_str(), today.c_str(),
                clock->formatHourMinute(now).c_str(), events->size());
    std::printf("%-36s %8s %8s %8s\n", "field", "waiting", "issued", "last");
    for (const auto& f : config->fields) {
        int last = engine.lastNumber(f.id);
        std::printf("%-36s %8zu %8d %8s\n", f.id.c_str(), engine.waiting(f.id),
                    engine.issuedToday(f.id),
                    last == 0 ? "-" : formatTicketCode(f.numbering, last).c_str());
    }
    std::printf("\n%-8s %-10s %-10s %-8s\n", "counter", "state", "staff", "ticket");
    for (const auto& [number, c] : engine.counters()) {
        const Ticket* t = engine.ticket(c.activeTicket);
        std::printf("%-8d %-10s %-10s %-8s\n", number,
                    std::string(counterStateName(engine.counterState(number))).c_str(),
                    c.staff.empty() ? "-" : c.staff.c_str(), t != nullptr ? t->code.str().c_str() : "-");
    }
    return 0;
}

} // namespace

Result<CliArgs> parseCliArgs(const std::vector<std::string>& argv) {
    CliArgs out;
    std::size_t i = 0;
    if (!argv.empty() && argv[0].rfind("-", 0) != 0) {
        out.command = argv[0];
        i = 1;
    }
    for (; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        auto value = [&argv, &i, &a]() -> Result<std::string> {
            if (i + 1 >= argv.size()) {
                return makeError(ErrorCode::invalidArgument, a + " needs a value");
            }
            return argv[++i];
        };
        if (a == "--help" || a == "-h") {
            out.command = "help";
        } else if (a == "--port") {
            auto v = value();
            if (!v) {
                return v.error();
            }
            char* end = nullptr;
            long p = std::strtol(v->c_str(), &end, 10);
            if (end == v->c_str() || *end != '\0' || p < 0 || p > 65535) {
                return makeError(ErrorCode::invalidArgument, "--port needs a number 0-65535");
            }
            out.port = static_cast<int>(p);
        } else if (a == "--simulate") {
            out.simulate = true;
        } else if (a == "--sim-speed") {
            auto v = value();
            if (!v) {
                return v.error();
            }
            char* end = nullptr;
            double speed = std::strtod(v->c_str(), &end);
            if (end == v->c_str() || *end != '\0' || !(speed >= 0.1 && speed <= 120)) {
                return makeError(ErrorCode::invalidArgument, "--sim-speed needs a number from 0.1 to 120");
            }
            out.simSpeed = speed;
            out.simulate = true;
        } else if (a == "--bind") {
            auto v = value();
            if (!v) {
                return v.error();
            }
            out.bind = *v;
        } else if (a == "--force") {
            out.force = true;
        } else if (a == "--keep-days") {
            auto v = value();
            if (!v) {
                return v.error();
            }
            char* end = nullptr;
            long d = std::strtol(v->c_str(), &end, 10);
            if (end == v->c_str() || *end != '\0' || d < 1 || d > 3650) {
                return makeError(ErrorCode::invalidArgument, "--keep-days needs a number of days 1-3650");
            }
            out.keepDays = static_cast<int>(d);
        } else if (a == "--version") {
            out.command = "version";
        } else if (a == "--config" || a == "-c" || a == "--data-dir" || a == "--log-level") {
            auto v = value();
            if (!v) {
                return v.error();
            }
            (a == "--data-dir" ? out.dataDir : a == "--log-level" ? out.logLevel : out.configPath) = *v;
        } else if (a.rfind("-", 0) == 0) {
            return makeError(ErrorCode::invalidArgument, "unknown option " + a);
        } else {
            out.positional.push_back(a);
        }
    }
    static const char* const kCommands[] = {"run", "check-config", "hash-pin", "new-token", "hash-token", "status",
                                            "backup", "restore", "help", "version"};
    bool known = false;
    for (const char* c : kCommands) {
        known = known || out.command == c;
    }
    if (!known) {
        return makeError(ErrorCode::invalidArgument, "unknown command '" + out.command + "'");
    }
    return out;
}

int runCliCommand(const CliArgs& args) {
    if (args.command == "check-config") {
        return checkConfig(args);
    }
    if (args.command == "hash-pin") {
        return hashPin();
    }
    if (args.command == "backup") {
        return backupCommand(args);
    }
    if (args.command == "restore") {
        return restoreCommand(args);
    }
    if (args.command == "new-token" || args.command == "hash-token") {
        return tokenCommand(args.command == "new-token");
    }
    if (args.command == "status") {
        return status(args);
    }
    return 2;
}

} // namespace qmsd
