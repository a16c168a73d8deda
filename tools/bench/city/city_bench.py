#!/usr/bin/python3
# Runs city_bench against a throwaway PostgreSQL 15 cluster (the test suite's
# pg_server.py) with durable settings (fsync on), so its figures are a real
# server's:   /usr/bin/python3 tools/bench/city/city_bench.py build/tools/bench/city/city_bench [args…]
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "tests" / "integration" / "city"))
from pg_server import BIN, PgServer  # noqa: E402


def main():
    if len(sys.argv) < 2:
        print(__doc__ or "usage: city_bench.py CITY_BENCH [args…]", file=sys.stderr)
        return 2
    pg = PgServer()
    pg.init()
    # A real server's durability for the benchmark: drop the test suite's shortcuts.
    conf = pg.data / "postgresql.conf"
    conf.write_text(conf.read_text().replace("fsync = off", "fsync = on")
                    .replace("synchronous_commit = off", "synchronous_commit = on")
                    .replace("full_page_writes = off", "full_page_writes = on")
                    + "max_wal_size = 4GB\n"
                    # one connection per office (catch-up: --offices 200), as a real centre is set
                    # up (daemon/city/README.md "Setting up the centre")
                    + "max_connections = 300\n")
    pg.start()
    try:
        pg.psql("CREATE DATABASE qmsd_city")
        ctl = f"{BIN / 'pg_ctl'} -D {pg.data} -l {pg.log} -t 120"
        if pg.as_root:
            ctl = "runuser -u postgres -- " + ctl
        work = tempfile.mkdtemp(prefix="qmsd-city-bench-")
        env = dict(os.environ, QMSD_BENCH_PG_PASSWORD=pg.password)
        args = [sys.argv[1], "--conninfo", pg.conninfo(), "--work", work, "--pg-ctl", ctl] + sys.argv[2:]
        print("+", " ".join(shlex.quote(a) for a in args[:1] + sys.argv[2:]), flush=True)
        return subprocess.run(args, env=env).returncode
    finally:
        pg.destroy()


if __name__ == "__main__":
    sys.exit(main())
