// [api] (where the HTTP API listens and its limits) and [[client]] (the
// kiosks, displays, rating screens, leader and admin tools, each with its
// token's hash).
#include "config/config_checks.hpp"
#include "config/config_section.hpp"

#include <arpa/inet.h>

#include <cctype>

namespace qmsd::config_detail {
namespace {

constexpr Key<ApiSettings> apiKeys[] = {
    {"bind", false, &readInto<&ApiSettings::bind>},
    {"port", false, &readInto<&ApiSettings::port>},
    {"public_url", false, &readInto<&ApiSettings::publicUrl>},
    {"max_connections", false, &readInto<&ApiSettings::maxConnections>},
    {"reserved_connections", false, &readInto<&ApiSettings::reservedConnections>},
    {"max_connections_per_address", false, &readInto<&ApiSettings::maxConnectionsPerAddress>},
    {"max_streams_per_address", false, &readInto<&ApiSettings::maxStreamsPerAddress>},
    {"max_streams_per_ticket", false, &readInto<&ApiSettings::maxStreamsPerTicket>},
    {"header_timeout_seconds", false, &readInto<&ApiSettings::headerTimeoutSeconds>},
    {"allowed_hosts", false, &readInto<&ApiSettings::allowedHosts>},
    {"max_body_bytes", false, &readInto<&ApiSettings::maxBodyBytes>},
    {"request_timeout_seconds", false, &readInto<&ApiSettings::requestTimeoutSeconds>},
    {"idle_timeout_seconds", false, &readInto<&ApiSettings::idleTimeoutSeconds>},
    {"kiosk_rate_per_minute", false, &readInto<&ApiSettings::kioskRatePerMinute>},
};

// The address printed on tickets' QR codes defaults to where the API listens;
// a tenth of the connections is kept for clients with a valid token.
void completeApi(const toml::table&, OfficeConfig& config) {
    if (config.api.reservedConnections == -1) {
        config.api.reservedConnections = config.api.maxConnections / 10;
    }
    if (config.api.publicUrl.empty()) {
        config.api.publicUrl = "http://" + config.api.bind + ":" + std::to_string(config.api.port);
    }
}

void checkApi(const OfficeConfig& config, Problems& problems) {
    const ApiSettings& api = config.api;
    in_addr v4{};
    in6_addr v6{};
    if (::inet_pton(AF_INET, api.bind.c_str(), &v4) != 1 && ::inet_pton(AF_INET6, api.bind.c_str(), &v6) != 1) {
        problems.add("api.bind", "must be an IPv4 or IPv6 address, got " + quote(api.bind));
    }
    if (api.port < 1 || api.port > 65535) {
        problems.add("api.port", "must be between 1 and 65535, got " + std::to_string(api.port));
    }
    if (api.publicUrl.rfind("http://", 0) != 0 && api.publicUrl.rfind("https://", 0) != 0) {
        problems.add("api.public_url", "must start with http:// or https://");
    }
    checkAtLeast("api.max_connections", api.maxConnections, 1, problems);
    if (api.maxConnections >= 1 && (api.reservedConnections < 0 || api.reservedConnections >= api.maxConnections)) {
        problems.add("api.reserved_connections", "must be at least 0 and less than api.max_connections (" +
                                                     std::to_string(api.maxConnections) + "), got " +
                                                     std::to_string(api.reservedConnections));
    }
    checkAtLeast("api.max_connections_per_address", api.maxConnectionsPerAddress, 1, problems);
    checkAtLeast("api.max_streams_per_address", api.maxStreamsPerAddress, 1, problems);
    checkAtLeast("api.max_streams_per_ticket", api.maxStreamsPerTicket, 1, problems);
    checkAtLeast("api.header_timeout_seconds", api.headerTimeoutSeconds, 1, problems);
    for (std::size_t i = 0; i < api.allowedHosts.size(); ++i) {
        const std::string& h = api.allowedHosts[i];
        bool ok = !h.empty() && h.size() <= 253 && std::all_of(h.begin(), h.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.';
        });
        if (!ok) {
            problems.add("api.allowed_hosts[" + std::to_string(i) + "]",
                         "must be a host name (letters, digits, '-' and '.'), without scheme or port, got " +
                             quote(h));
        }
    }
    checkAtLeast("api.max_body_bytes", api.maxBodyBytes, 1024, problems);
    checkAtLeast("api.request_timeout_seconds", api.requestTimeoutSeconds, 1, problems);
    checkAtLeast("api.idle_timeout_seconds", api.idleTimeoutSeconds, 1, problems);
    checkAtLeast("api.kiosk_rate_per_minute", api.kioskRatePerMinute, 1, problems);
}

constexpr Choice<ClientRole> clientRoles[] = {{"kiosk", ClientRole::kiosk},
                                              {"display", ClientRole::display},
                                              {"leader", ClientRole::leader},
                                              {"admin", ClientRole::admin},
                                              {"editor", ClientRole::editor},
                                              {"metrics", ClientRole::metrics},
                                              {"rating_screen", ClientRole::ratingScreen}};

constexpr Key<ClientConfig> clientKeys[] = {
    {"id", true, &readInto<&ClientConfig::id>},
    {"role", true, &readEnum<&ClientConfig::role, clientRoles>},
    {"token_hash", true, &readInto<&ClientConfig::tokenHash>},
    {"counter", false, &readInto<&ClientConfig::counter>},
};

void checkClients(const OfficeConfig& config, Problems& problems) {
    for (std::size_t i = 0; i < config.clients.size(); ++i) {
        const ClientConfig& client = config.clients[i];
        std::string path = indexPath("client", i);
        checkId(path + ".id", client.id, problems);
        const std::string& h = client.tokenHash;
        bool hex = h.size() == 8 + 64 && std::all_of(h.begin() + 8, h.end(), [](char c) {
                       return std::isxdigit(static_cast<unsigned char>(c)) != 0;
                   });
        if (h.rfind("blake2b:", 0) != 0 || !hex) {
            problems.add(path + ".token_hash",
                         "is not a token hash (expected \"blake2b:<64 hex>\" from `qmsd hash-token`)");
        }
        // A rating screen faces one counter's citizens; no other client has a counter.
        if (client.role == ClientRole::ratingScreen) {
            if (client.counter == 0) {
                problems.add(path + ".counter", "a rating_screen needs the counter it faces");
            } else if (config.counter(client.counter) == nullptr) {
                problems.add(path + ".counter", "unknown counter " + std::to_string(client.counter));
            }
        } else if (client.counter != 0) {
            problems.add(path + ".counter", "only a rating_screen client has a counter");
        }
    }
    checkUnique(config.clients, "client", "id", [](const ClientConfig& c) { return c.id; }, problems);
}

} // namespace

extern const ConfigSection apiSection{"api", false, &readTable<&OfficeConfig::api, apiKeys>, &completeApi,
                                      &checkApi};
extern const ConfigSection clientSection{"client", false, &readTables<&OfficeConfig::clients, clientKeys>, nullptr,
                                         &checkClients};

} // namespace qmsd::config_detail
