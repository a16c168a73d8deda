#!/usr/bin/python3
"""A stand-in SMS gateway for webhook_transport_test: Python's own HTTP
server, so the transport is checked against a peer nobody here wrote.

    webhook_receiver.py RECORD_FILE

Listens on 127.0.0.1 on a free port and prints "PORT <n>" on stdout. Every
POST is appended to RECORD_FILE as one JSON line (path, headers with lower-case
names, body as text, whether the body was valid UTF-8) before it is answered.
The path picks the answer:
    /status/<code>   answer <code>; a 4xx body is a long error text
    /hang            never answer (the client's timeout must fire)
"""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RECORD = sys.argv[1]
REFUSAL = "invalid recipient: the number is not a Vietnamese mobile number. " + "x" * 300


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        try:
            body, utf8 = raw.decode("utf-8"), True
        except UnicodeDecodeError:
            body, utf8 = raw.decode("latin-1"), False
        entry = {
            "path": self.path,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": body,
            "utf8": utf8,
        }
        with open(RECORD, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")

        if self.path.startswith("/hang"):
            time.sleep(60)
            return
        code = int(self.path.split("/")[2]) if self.path.startswith("/status/") else 200
        reply = (REFUSAL if 400 <= code < 500 else '{"ok":true}').encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, fmt, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print("PORT", server.server_address[1], flush=True)
server.serve_forever()
