#pragma once
// The centre's PostgreSQL schema, created and migrated by `qmsd-city migrate`
// (and by qmsd-city at start): versioned like the office's SQLite schema, one
// append-only migration per version, each applied in one transaction under an
// advisory lock so two starting services cannot both migrate.
//
// Tables (README.md "The centre's tables"): offices, office_conflicts,
// events (partitioned by month of the office-local day), office_days,
// day_digests, field_days, office_configs. Offices write only through the
// functions qmsd_hello() and qmsd_ingest() (SECURITY DEFINER), so an office's
// login role needs EXECUTE on those two and nothing else.
#include "core/result.hpp"
#include "pg/pg_connection.hpp"

namespace qmsd::pg {

// The version this build creates.
int centreSchemaVersion();
// The oldest schema an office's shipper can ship into (the two functions'
// signatures never change once released; a later version adds, never edits).
constexpr int kShipperMinSchema = 1;

// The version the database is at; 0 when it has no qmsd schema.
Result<int> readCentreSchemaVersion(Connection& c);
// Brings the database to centreSchemaVersion(); refuses one made by a newer
// qmsd-city. Returns the version reached.
Result<int> migrateCentre(Connection& c);
// Creates the monthly event partitions from this month to `monthsAhead`
// months ahead (ingest creates a missing one too; ahead is cheaper).
Status ensurePartitionsAhead(Connection& c, int monthsAhead);

} // namespace qmsd::pg
