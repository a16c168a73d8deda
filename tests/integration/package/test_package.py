# The Debian package, built the way CI can afford: dpkg-buildpackage over the
# build tree ctest runs in (QMSD_BUILD_DIR, debian/rules: no second compile),
# in a temporary copy of debian/ so nothing is written into the source tree or
# beside it. Then its contents (dpkg-deb -c, -I), lintian (no errors; the
# warnings are printed), and the packaged qmsd started from the package
# unpacked into a temporary root (dpkg-deb -x) on its packaged example config,
# serving /api/v1/health and a page from the root's /usr/share/qmsd.
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

SOURCE_DIR = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def build_dir(request):
    d = request.config.getoption("--build-dir")
    assert d and (Path(d) / "daemon" / "qmsd").exists(), f"no built tree at {d!r}"
    return Path(d).resolve()


@pytest.fixture(scope="module")
def package(build_dir, tmp_path_factory):
    work = tmp_path_factory.mktemp("pkg")
    # The packaging tree holds a copy of every installed binary: removed when
    # the module ends, pass or fail, not left for pytest's last-three-runs
    # clean-up while the rest of the suite needs the disk.
    try:
        src = work / "qmsd"
        src.mkdir()
        # debian/ is written into (debian/qmsd/, debian/files...): a real copy.
        # Its unit symlinks point at ../config; the rest is read where it lies.
        shutil.copytree(SOURCE_DIR / "debian", src / "debian", symlinks=True)
        for name in ("config", "doc"):
            os.symlink(SOURCE_DIR / name, src / name)
        shutil.copy(SOURCE_DIR / "README.md", src / "README.md")  # a doc: must be a file, not a link
        # noautodbgsym: the -dbgsym package (objcopy of ~150 MB of debug info)
        # is half the packaging time and nothing this test looks at.
        env = dict(os.environ, QMSD_BUILD_DIR=str(build_dir), DEB_BUILD_OPTIONS="nocheck noautodbgsym")
        started = time.monotonic()
        r = subprocess.run(["dpkg-buildpackage", "-b", "-us", "-uc"], cwd=src, env=env,
                           capture_output=True, text=True, timeout=900)
        took = time.monotonic() - started
        assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-4000:]
        debs = [p for p in work.glob("qmsd_*.deb")]
        assert len(debs) == 1, list(work.iterdir())
        print(f"\ndpkg-buildpackage (reusing {build_dir}): {took:.1f} s; {debs[0].name} "
              f"{debs[0].stat().st_size / 1e6:.1f} MB", file=sys.stderr)
        yield debs[0]
    finally:
        shutil.rmtree(work, ignore_errors=True)


def contents(deb):
    r = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True)
    return {line.split()[-1] if " -> " not in line else line.split(" -> ")[0].split()[-1]: line
            for line in r.stdout.splitlines()}


def test_package_contents(package):
    files = contents(package)
    expect = [
        "./usr/sbin/qmsd", "./usr/bin/qmsctl", "./usr/bin/qmsd-replay",
        "./lib/systemd/system/qmsd.service", "./lib/systemd/system/qmsd-backup.service",
        "./lib/systemd/system/qmsd-backup.timer",
        "./usr/lib/sysusers.d/qmsd.conf", "./usr/lib/tmpfiles.d/qmsd.conf",
        "./lib/udev/rules.d/60-qmsd.rules",
        "./etc/qmsd/qmsd.toml",
        "./usr/share/qmsd/web/index.html", "./usr/share/qmsd/web/kiosk.html",
        "./usr/share/man/man8/qmsd.8.gz", "./usr/share/man/man1/qmsctl.1.gz",
        "./usr/share/man/man1/qmsd-replay.1.gz",
        "./usr/share/doc/qmsd/copyright", "./usr/share/doc/qmsd/README.md.gz",
        "./usr/share/doc/qmsd/qmsd-alerts.yml",
    ]
    missing = [f for f in expect if f not in files]
    assert not missing, f"missing {missing}; the package holds:\n" + "\n".join(sorted(files))
    assert any(f.startswith("./usr/share/qmsd/voice/") and f.endswith(".wav") for f in files), \
        "no voice clips in /usr/share/qmsd/voice"
    # Nothing of the build tree or /usr/local, and no link out of the package.
    assert not [f for f in files if "/usr/local" in f or "build" in f.split("/")], files
    assert not [l for l in files.values() if " -> /" in l], [l for l in files.values() if " -> " in l]
    # Binaries are stripped (debug symbols go to the -dbgsym package).
    assert int(files["./usr/sbin/qmsd"].split()[2]) < 40_000_000, files["./usr/sbin/qmsd"]
    # The unit names the packaged binary.
    unit = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(package)], capture_output=True, check=True).stdout
    assert b"ExecStart=/usr/sbin/qmsd --config /etc/qmsd/qmsd.toml" in unit


def test_package_control(package):
    r = subprocess.run(["dpkg-deb", "-I", str(package), "conffiles"], capture_output=True, text=True)
    assert r.stdout.split() == ["/etc/qmsd/qmsd.toml"], r.stdout + r.stderr
    postrm = subprocess.run(["dpkg-deb", "-I", str(package), "postrm"], capture_output=True, text=True).stdout
    # remove keeps /var/lib/qmsd; purge deletes it.
    purge = postrm.split('if [ "$1" = "purge" ]; then', 1)
    assert len(purge) == 2 and "rm -rf /var/lib/qmsd" in purge[1].split("fi", 1)[0], postrm
    assert postrm.count("rm -rf /var/lib/qmsd") == 1, postrm
    postinst = subprocess.run(["dpkg-deb", "-I", str(package), "postinst"], capture_output=True, text=True).stdout
    assert "systemd-sysusers" in postinst and "systemd-tmpfiles" in postinst, postinst
    control = subprocess.run(["dpkg-deb", "-f", str(package), "Depends"], capture_output=True, text=True).stdout
    for dep in ("libc6", "libsqlite3", "libmodbus", "libsodium", "libprometheus-cpp-core", "tzdata"):
        assert dep in control, control


def test_lintian_has_no_errors(package):
    started = time.monotonic()
    # -I: the informational tags too, for the record; exit 2 on any error.
    r = subprocess.run(["lintian", "--tag-display-limit", "0", "-I", str(package)], capture_output=True,
                       text=True, timeout=600)
    took = time.monotonic() - started
    lines = [l for l in r.stdout.splitlines() if l.strip()]
    errors = [l for l in lines if l.startswith("E:")]
    print(f"\nlintian: {took:.1f} s\n" + "\n".join(lines), file=sys.stderr)
    assert r.returncode == 0 and not errors, r.stdout + r.stderr
    assert all(re.match(r"^[WIPNX]: qmsd", l) for l in lines), r.stdout  # lintian ran and judged qmsd


def test_packaged_qmsd_runs_from_its_root(package, tmp_path):
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(package), str(root)], check=True)
    qmsd = root / "usr/sbin/qmsd"
    config = root / "etc/qmsd/qmsd.toml"
    r = subprocess.run([qmsd, "check-config", config], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    data = root / "var/lib/qmsd"
    log = tmp_path / "qmsd.log"
    # No QMSD_WEB_ROOT: the binary must find its pages beside itself.
    env = {k: v for k, v in os.environ.items() if k != "QMSD_WEB_ROOT"}
    with open(log, "wb") as out:
        proc = subprocess.Popen([qmsd, "--config", config, "--data-dir", data, "--bind", "127.0.0.1", "--port", "0"],
                                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                                cwd=tmp_path)
    try:
        deadline = time.monotonic() + 20
        port = None
        while time.monotonic() < deadline and port is None:
            m = re.search(r"listening address=127\.0\.0\.1 port=(\d+)", log.read_text(errors="replace"))
            if m:
                port = int(m.group(1))
            elif proc.poll() is not None:
                pytest.fail(f"packaged qmsd exited {proc.returncode}:\n{log.read_text(errors='replace')}")
            else:
                time.sleep(0.05)
        assert port, log.read_text(errors="replace")
        text = log.read_text(errors="replace")
        assert f"web pages root={root / 'usr/share/qmsd/web'}" in text, text
        health = requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=10)
        assert health.status_code == 200 and health.json()["status"] == "ok", health.text
        assert health.json()["office"] == "UBND Phường Mẫu"
        page = requests.get(f"http://127.0.0.1:{port}/kiosk.html", timeout=10)
        assert page.status_code == 200 and "text/html" in page.headers["Content-Type"], page.text[:200]
        assert page.content == (root / "usr/share/qmsd/web/kiosk.html").read_bytes()
        assert (data / "qmsd.db").exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(20)
        shutil.rmtree(root, ignore_errors=True)  # the unpacked binaries
    assert rc == 0, log.read_text(errors="replace")
