# A throwaway PostgreSQL 15 cluster for one test suite (or a benchmark):
# initdb into a temporary directory, a free port on 127.0.0.1, password
# (SCRAM) authentication over TCP, started once and stopped at the end. Run
# as root (CI), the cluster belongs to the `postgres` user (initdb refuses
# root). stop()/start() make a real outage in the middle of a test; stop
# mode "immediate" is a crash (no shutdown checkpoint).
#
# Not pg_virtualenv (which would do too, with -t as root): it wraps the whole
# command, whereas this fixture keeps the server in the suite's hands — its
# own port and socket directory, a crash (pg_ctl -m immediate) and a restart
# mid-test, a tablespace under its own directory — with the same initdb and
# pg_ctl underneath.
import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

BIN = Path("/usr/lib/postgresql/15/bin")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    def __init__(self, password="centre-secret-Tâm-1"):
        if not (BIN / "initdb").exists():
            raise AssertionError("PostgreSQL 15 is not installed (tools/setup.sh installs postgresql-15)")
        self.password = password
        self.root = Path(tempfile.mkdtemp(prefix="qmsd-pg-"))
        self.data = self.root / "data"
        self.sock = self.root / "sock"
        self.log = self.root / "postgres.log"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        self.user = "postgres" if self.as_root else pwd.getpwuid(os.geteuid()).pw_name

    def _run(self, args, check=True, **kw):
        if self.as_root:
            args = ["runuser", "-u", "postgres", "--"] + [str(a) for a in args]
        return subprocess.run([str(a) for a in args], check=check, capture_output=True, text=True, **kw)

    def init(self):
        if self.as_root:
            shutil.chown(self.root, "postgres")
        self.sock.mkdir()
        if self.as_root:
            shutil.chown(self.sock, "postgres")
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n")
        if self.as_root:
            shutil.chown(pwfile, "postgres")
        self._run([BIN / "initdb", "-D", self.data, "-U", "postgres", "--pwfile", pwfile, "-E", "UTF8",
                   "--locale=C.UTF-8", "--auth-host=scram-sha-256", "--auth-local=trust"])
        pwfile.unlink()
        with open(self.data / "postgresql.conf", "a") as f:
            f.write(f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                    f"unix_socket_directories = '{self.sock}'\n"
                    "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                    "shared_buffers = 64MB\nmax_connections = 100\n")
        return self

    def start(self, timeout=60):
        self._run([BIN / "pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", str(timeout), "start"])
        return self

    def stop(self, mode="fast"):
        self._run([BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop"], check=False)

    def running(self):
        return self._run([BIN / "pg_ctl", "-D", self.data, "status"], check=False).returncode == 0

    def psql(self, sql, db="postgres", user="postgres"):
        """Runs SQL over the socket (trust); returns stdout (unaligned, tuples only)."""
        psql = BIN / "psql" if (BIN / "psql").exists() else "psql"
        r = self._run([psql, "-h", self.sock, "-p", self.port, "-U", user, "-d", db, "-v", "ON_ERROR_STOP=1",
                       "-At", "-c", sql], check=False)
        if r.returncode != 0:
            raise AssertionError(f"psql failed: {r.stderr.strip()}\n{sql}")
        return r.stdout

    def session(self, db="qmsd_city"):
        """A psql process kept open (stdin piped): a transaction that holds a lock."""
        psql = BIN / "psql" if (BIN / "psql").exists() else "psql"
        args = [str(psql), "-h", str(self.sock), "-p", str(self.port), "-U", "postgres", "-d", db, "-q", "-At"]
        if self.as_root:
            args = ["runuser", "-u", "postgres", "--"] + args
        return subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)

    @contextlib.contextmanager
    def locked(self, table, mode, db="qmsd_city"):
        """`table` locked in `mode` by a transaction of its own (a session()) for
        the length of the with block; rolled back and the session ended after,
        also when the block fails."""
        session = self.session(db)
        session.stdin.write(f"BEGIN; LOCK TABLE {table} IN {mode} MODE; SELECT 'locked';\n")
        session.stdin.flush()
        try:
            assert "locked" in session.stdout.readline()  # inside try: a failure still ends the session
            yield session
        finally:
            session.stdin.write("ROLLBACK;\n\\q\n")
            session.stdin.close()
            session.wait(10)

    def conninfo(self, db="qmsd_city", user="postgres"):
        return f"host=127.0.0.1 port={self.port} dbname={db} user={user} connect_timeout=5"

    def destroy(self):
        if self.data.exists():
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def log_tail(self, n=30):
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""


