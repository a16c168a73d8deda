# Runs inside a private mount namespace (unshare -m): a tmpfs over /run, a
# datagram socket at /run/systemd/journal/socket standing in for journald,
# and qmsd started with JOURNAL_STREAM naming its stderr file, as systemd
# does. Drives a little traffic, reloads a broken config once, stops qmsd,
# and prints every record received as JSON (one object per datagram), decoded
# from the journal's native protocol: KEY=value lines, or KEY\n + 64-bit
# little-endian length + bytes + \n for values with newlines.
import json
import os
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import time
import uuid

import requests

qmsd, config, data, stderr_path, kiosk_token = sys.argv[1:6]

subprocess.run(["mount", "-t", "tmpfs", "tmpfs", "/run"], check=True)
os.makedirs("/run/systemd/journal")
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind("/run/systemd/journal/socket")


def decode(datagram):
    fields = {}
    i = 0
    while i < len(datagram):
        nl = datagram.index(b"\n", i)
        line = datagram[i:nl]
        if b"=" in line:
            k, v = line.split(b"=", 1)
            fields[k.decode()] = v.decode("utf-8")
            i = nl + 1
        else:
            (n,) = struct.unpack("<Q", datagram[nl + 1:nl + 9])
            fields[line.decode()] = datagram[nl + 9:nl + 9 + n].decode("utf-8")
            i = nl + 9 + n + 1
    return fields


records = []


def drain(until, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r, _, _ = select.select([sock], [], [], 0.1)
        if r:
            records.append(decode(sock.recv(1 << 20)))
            if until(records[-1]):
                return records[-1]
    raise SystemExit(f"timed out; got {json.dumps(records, ensure_ascii=False)[-3000:]}")


err = open(stderr_path, "wb")
st = os.fstat(err.fileno())
env = dict(os.environ, JOURNAL_STREAM=f"{st.st_dev}:{st.st_ino}")
proc = subprocess.Popen([qmsd, "--config", config, "--data-dir", data, "--bind", "127.0.0.1", "--port", "0"],
                        stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL, env=env)
try:
    listening = drain(lambda f: "listening" in f.get("MESSAGE", "") and "PORT" in f)
    base = f"http://127.0.0.1:{listening['PORT']}"
    r = requests.post(base + "/api/v1/tickets", json={"field": "ho_tich", "request_id": uuid.uuid4().hex},
                      headers={"Authorization": f"Bearer {kiosk_token}"}, timeout=10)
    assert r.status_code == 201, r.text
    login = requests.post(base + "/api/v1/sessions", json={"staff": "nv01", "pin": "1111", "counter": 1}, timeout=10)
    assert login.status_code == 201, login.text
    r = requests.post(base + "/api/v1/counters/1/call-next", json={},
                      headers={"Authorization": f"Bearer {login.json()['token']}"}, timeout=10)
    assert r.status_code == 200, r.text
    drain(lambda f: f.get("EVENT") == "ticket_called")
    # A broken config on reload: an error record.
    good = open(config, encoding="utf-8").read()
    open(config, "w", encoding="utf-8").write(good + "\n[nonsense\n")
    proc.send_signal(signal.SIGHUP)
    drain(lambda f: "reload refused" in f.get("MESSAGE", ""))
    open(config, "w", encoding="utf-8").write(good)
finally:
    proc.send_signal(signal.SIGTERM)
    rc = proc.wait(20)
print(json.dumps({"rc": rc, "records": records}, ensure_ascii=False))
