#pragma once
// What city_bench's parts share: the server, how to stop and start it, the
// office stores they generate, and shipping a store in-process with the
// office daemon's own Shipper.
#include "config/office_config.hpp"
#include "pg/pg_connection.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace qmsd::bench {

struct PgTarget {
    pg::ConnectParams params;
    std::string pgCtl; // a command prefix for pg_ctl on the server's data directory ("" = cannot)
};

// Runs `pgCtl` with `args` ("-m immediate stop", "-w start"); false if it failed.
bool pgControl(const PgTarget& t, const std::string& args);

// The same rows a shipper sends, from an office's store, in COPY text format
// for table events (office_id first).
std::string copyRows(const std::string& dbPath, const std::string& officeId, std::vector<std::string>* days = nullptr);

// Ships one store to the centre as `officeId` with the daemon's Shipper until
// the centre holds all of it; seconds, or < 0 on failure (printed).
double shipStore(const PgTarget& t, const std::string& dbPath, const std::string& officeId, const OfficeConfig& cfg,
                 int batch);

double seconds(std::chrono::steady_clock::time_point since);
double median(std::vector<double> v);

void benchShippingRatio(const PgTarget& t, const std::string& work, int days, int rounds, int batch);
void benchCatchUp(const PgTarget& t, const std::string& work, int offices, int threads, int outageSeconds, int batch);
void benchCityReport(const PgTarget& t, const std::string& work, int offices, int days, double scale, int rounds);

} // namespace qmsd::bench
