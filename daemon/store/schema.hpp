#pragma once
#include "core/result.hpp"

namespace SQLite {
class Database;
}

namespace qmsd {

// Brings the database to the current schema (PRAGMA user_version), one
// migration per version, each in its own transaction. Refuses a database made
// by a newer qmsd.
Result<int> migrateSchema(SQLite::Database& db, int targetVersion);

} // namespace qmsd
