#pragma once
// `qmsd backup` and `qmsd restore`: the store copied out while the daemon
// runs, and put back, checked, while it does not.
//
//   qmsd backup [--config F] [--data-dir D] [--keep-days N] DEST
//     DEST a file: an online backup there. DEST a directory (existing, or
//     ending in /): qmsd-YYYY-MM-DD-HHMMSS.db in the office's time, then
//     qmsd-*.db files there older than N days are deleted (the nightly timer).
//     Every backup is integrity-checked once written; a bad one is removed.
//   qmsd restore [--config F] [--data-dir D] [--force] BACKUP
//     Refuses while qmsd runs on the data directory (its lock), a backup that
//     fails SQLite's integrity check, is not a qmsd store, has a schema newer
//     than this binary, or (without --force) belongs to another office. The
//     store it replaces is kept beside it as qmsd.db.before-restore-<time>.
#include "app/cli_commands.hpp"

namespace qmsd {

int backupCommand(const CliArgs& args);
int restoreCommand(const CliArgs& args);

} // namespace qmsd
