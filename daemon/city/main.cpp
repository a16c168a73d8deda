// qmsd-city — the city's view over every office's event log in PostgreSQL.
//
//   qmsd-city [--config FILE] [--port N] [--log-level LEVEL]   serve the city page and API
//   qmsd-city migrate [--config FILE]       create or upgrade the centre's schema, then exit
//   qmsd-city check-config FILE
//   qmsd-city new-token | hash-token        a reader's token and its hash for [[user]]
//   qmsd-city forget-conflict [--config FILE] OFFICE   clear an office's id-conflict flag
#include "app/logging.hpp"
#include "city/city_api.hpp"
#include "city/city_config.hpp"
#include "city/city_live.hpp"
#include "city/pg_workers.hpp"
#include "clock/office_clock.hpp"
#include "http/auth.hpp"
#include "pg/centre_schema.hpp"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <sodium.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace qmsd;

constexpr const char* kUsage =
    "usage: qmsd-city [--config FILE] [--port N] [--log-level LEVEL]\n"
    "       qmsd-city migrate [--config FILE]\n"
    "       qmsd-city check-config FILE\n"
    "       qmsd-city new-token             (a reader token and its hash for [[user]])\n"
    "       qmsd-city hash-token            (token on standard input)\n"
    "       qmsd-city forget-conflict [--config FILE] OFFICE\n"
    "       qmsd-city --version\n";

struct Args {
    std::string command = "serve";
    std::string config = "/etc/qmsd/city.toml";
    std::optional<int> port;
    std::string logLevel = "info";
    std::vector<std::string> rest;
};

std::optional<Args> parse(int argc, char** argv) {
    Args a;
    std::vector<std::string> v(argv + 1, argv + argc);
    std::size_t i = 0;
    if (i < v.size() && v[i].rfind("--", 0) != 0) {
        a.command = v[i++];
    }
    for (; i < v.size(); ++i) {
        const std::string& s = v[i];
        bool hasValue = i + 1 < v.size();
        if (s == "--config" && hasValue) {
            a.config = v[++i];
        } else if (s == "--port" && hasValue) {
            a.port = std::atoi(v[++i].c_str());
        } else if (s == "--log-level" && hasValue) {
            a.logLevel = v[++i];
        } else if (s == "--version" || s == "--help") {
            a.command = s.substr(2);
        } else if (s.rfind("--", 0) == 0) {
            return std::nullopt;
        } else {
            a.rest.push_back(s);
        }
    }
    return a;
}

pg::ConnectParams connectParams(const city::CityConfig& cfg, std::string password) {
    pg::ConnectParams p;
    p.conninfo = cfg.conninfo;
    p.password = std::move(password);
    p.applicationName = "qmsd-city";
    p.queryTimeoutSeconds = 600;
    return p;
}

// Loads the config and connects once; errors are printed.
std::optional<std::pair<city::CityConfig, pg::ConnectParams>> setUp(const Args& a) {
    auto cfg = city::loadCityConfig(a.config);
    if (!cfg) {
        std::fprintf(stderr, "qmsd-city: %s\n", cfg.error().message.c_str());
        return std::nullopt;
    }
    auto password = pg::readPassword(cfg->passwordFile, cfg->passwordEnv);
    if (!password) {
        std::fprintf(stderr, "qmsd-city: %s: city: %s\n", a.config.c_str(), password.error().message.c_str());
        return std::nullopt;
    }
    auto params = connectParams(*cfg, std::move(*password));
    return std::make_pair(std::move(*cfg), std::move(params));
}

// The centre's connection for a one-shot command, or nothing with the exit
// code: 2 for a bad config, 1 when PostgreSQL cannot be reached (said on stderr).
std::optional<pg::Connection> connectCentre(const Args& a, int& rc) {
    auto s = setUp(a);
    if (!s) {
        rc = 2;
        return std::nullopt;
    }
    auto c = pg::Connection::open(s->second);
    if (!c) {
        std::fprintf(stderr, "qmsd-city: %s\n", c.error().message.c_str());
        rc = 1;
        return std::nullopt;
    }
    return std::move(*c);
}

int migrate(const Args& a) {
    int rc = 0;
    auto c = connectCentre(a, rc);
    if (!c) {
        return rc;
    }
    auto before = pg::readCentreSchemaVersion(*c);
    auto v = pg::migrateCentre(*c);
    if (!v) {
        std::fprintf(stderr, "qmsd-city: %s\n", v.error().message.c_str());
        return 1;
    }
    if (auto st = pg::ensurePartitionsAhead(*c, 2); !st) {
        std::fprintf(stderr, "qmsd-city: %s\n", st.error().message.c_str());
        return 1;
    }
    std::printf("centre schema at version %d (was %d) on %s\n", *v, before ? *before : 0, c->describe().c_str());
    return 0;
}

int forgetConflict(const Args& a) {
    if (a.rest.size() != 1) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    int rc = 0;
    auto c = connectCentre(a, rc);
    if (!c) {
        return rc;
    }
    auto r = c->exec("UPDATE offices SET conflict_at = NULL, conflict_detail = NULL WHERE office_id = $1 "
                     "RETURNING pg_notify('qmsd_city', office_id)",
                     {a.rest[0]});
    if (!r) {
        std::fprintf(stderr, "qmsd-city: %s\n", r.error().message.c_str());
        return 1;
    }
    if (r->rows() == 0) {
        std::fprintf(stderr, "qmsd-city: no office \"%s\" at the centre\n", a.rest[0].c_str());
        return 2;
    }
    std::printf("office %s: conflict flag cleared\n", a.rest[0].c_str());
    return 0;
}

int serve(const Args& a) {
    initLogging(a.logLevel);
    auto log = moduleLogger("city");
    auto s = setUp(a);
    if (!s) {
        return 2;
    }
    auto& [cfg, params] = *s;
    if (a.port) {
        cfg.port = *a.port;
    }
    auto clock = OfficeClock::forZone(cfg.timeZone);
    if (!clock) {
        std::fprintf(stderr, "qmsd-city: %s: city.time_zone: %s\n", a.config.c_str(), clock.error().message.c_str());
        return 2;
    }
    ::setenv("TZ", cfg.timeZone.c_str(), 1);
    ::tzset();
    int schema = 0;
    {
        // Start-up needs the database once: the schema must be this build's.
        auto c = pg::Connection::open(params);
        if (!c) {
            std::fprintf(stderr, "qmsd-city: %s\n", c.error().message.c_str());
            return 1;
        }
        auto v = pg::migrateCentre(*c);
        if (!v) {
            std::fprintf(stderr, "qmsd-city: %s\n", v.error().message.c_str());
            return 1;
        }
        schema = *v;
        if (auto st = pg::ensurePartitionsAhead(*c, 2); !st) {
            log->warn("partitions ahead not created: {}", st.error().message);
        }
        log->info("database={} schema_version={}", c->describe(), schema);
    }
    boost::asio::io_context io;
    city::PgWorkers workers(io, params, cfg.workers);
    city::CityLive live(io, workers, *clock);
    city::CityApi api(io, cfg, workers, live, *clock, schema);
    if (auto st = api.start(); !st) {
        std::fprintf(stderr, "qmsd-city: %s\n", st.error().message.c_str());
        return 2;
    }
    live.start();
    // Monthly partitions a little ahead, twice a day.
    boost::asio::steady_timer ahead(io);
    std::function<void()> armAhead = [&] {
        ahead.expires_after(std::chrono::hours{12});
        ahead.async_wait([&](const boost::system::error_code& ec) {
            if (ec) {
                return;
            }
            workers.run([](pg::Connection& c) -> Status { return pg::ensurePartitionsAhead(c, 2); },
                        [log](Status st) {
                            if (!st) {
                                log->warn("partitions ahead not created: {}", st.error().message);
                            }
                        });
            armAhead();
        });
    };
    armAhead();
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int signo) {
        if (ec) {
            return;
        }
        log->info("signal={} stopping", signo == SIGINT ? "SIGINT" : "SIGTERM");
        api.stop();
        live.stop();
        ahead.cancel();
        io.stop();
    });
    log->info("serving name=\"{}\" users={} workers={}", cfg.name, cfg.users.size(), cfg.workers);
    for (;;) {
        try {
            io.run();
            break;
        } catch (const std::exception& e) {
            log->critical("unexpected exception in the loop: {}", e.what());
        }
    }
    workers.stop();
    return 0;
}

int tokens(bool fresh) {
    std::string token;
    if (fresh) {
        token = http::newToken();
        std::printf("token:      %s\n", token.c_str());
        std::printf("token_hash = \"%s\"\n", http::hashToken(token).c_str());
        return 0;
    }
    std::getline(std::cin, token);
    if (token.size() < 16) {
        std::fprintf(stderr, "qmsd-city: a token needs at least 16 characters\n");
        return 2;
    }
    std::printf("%s\n", http::hashToken(token).c_str());
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (sodium_init() < 0) {
        std::fprintf(stderr, "qmsd-city: libsodium failed to initialise\n");
        return 1;
    }
    auto args = parse(argc, argv);
    if (!args) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    if (args->command == "help") {
        std::fputs(kUsage, stdout);
        return 0;
    }
    if (args->command == "version") {
        std::puts("qmsd-city " QMSD_VERSION);
        return 0;
    }
    if (args->command == "serve") {
        return serve(*args);
    }
    if (args->command == "migrate") {
        return migrate(*args);
    }
    if (args->command == "forget-conflict") {
        return forgetConflict(*args);
    }
    if (args->command == "new-token" || args->command == "hash-token") {
        return tokens(args->command == "new-token");
    }
    if (args->command == "check-config") {
        if (args->rest.size() != 1) {
            std::fputs(kUsage, stderr);
            return 2;
        }
        auto cfg = city::loadCityConfig(args->rest[0]);
        if (!cfg) {
            std::fprintf(stderr, "%s\n", cfg.error().message.c_str());
            return 2;
        }
        std::printf("%s: ok (%zu users)\n", args->rest[0].c_str(), cfg->users.size());
        return 0;
    }
    std::fprintf(stderr, "qmsd-city: unknown command '%s'\n%s", args->command.c_str(), kUsage);
    return 2;
}
