#!/usr/bin/env python3
"""A fake Wayback Machine on 127.0.0.1 for bench/links/archive.sh.

Standard library only. One threaded HTTP server that answers:

  /gone/<anything>               404 at once (the dead links to check)
  /slow/<anything>               200 after --slow-s (links that keep the checks busy)
  /wayback/available?url=U       after --latency-ms, U's latest snapshot:
                                 a 200 at 20200102030405
  /cdx/search/cdx?url=U          after --latency-ms, the same snapshot as
                                 CDX JSON (not asked while the latest is a 200)
  /__stats                       lookups answered and the most in flight at once

It binds 127.0.0.1 only, writes {"port": N} to --ready-file once it
listens, and exits after --max-runtime-s.
"""

import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LOCK = threading.Lock()
STATS = {"lookups": 0, "in_flight": 0, "max_in_flight": 0}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out as two writes: without this, Nagle and the
    # client's delayed ACK add ~40 ms to every answer.
    disable_nagle_algorithm = True
    latency = 0.0
    slow = 0.0

    def log_message(self, *args):
        pass

    def answer(self, code, body, ctype="application/json"):
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def lookup(self, url, cdx):
        with LOCK:
            STATS["in_flight"] += 1
            STATS["max_in_flight"] = max(STATS["max_in_flight"], STATS["in_flight"])
        try:
            time.sleep(self.latency)
            ts = "20200102030405"
            if cdx:
                return json.dumps([["timestamp", "statuscode"], [ts, "200"]])
            return json.dumps({
                "url": url,
                "archived_snapshots": {"closest": {
                    "status": "200", "available": True, "timestamp": ts,
                    "url": f"http://web.archive.org/web/{ts}/{url}"}},
            })
        finally:
            with LOCK:
                STATS["in_flight"] -= 1
                STATS["lookups"] += 1

    def do_GET(self):
        parts = urlsplit(self.path)
        url = parse_qs(parts.query).get("url", [""])[0]
        if parts.path.startswith("/gone/"):
            self.answer(404, "gone\n", "text/plain")
        elif parts.path.startswith("/slow/"):
            time.sleep(self.slow)
            self.answer(200, "late\n", "text/plain")
        elif parts.path in ("/wayback/available", "/cdx/search/cdx"):
            self.answer(200, self.lookup(url, parts.path.startswith("/cdx")))
        elif parts.path == "/__stats":
            with LOCK:
                body = json.dumps(STATS)
                if "reset" in parts.query:
                    STATS.update(lookups=0, max_in_flight=0)
            self.answer(200, body)
        else:
            self.answer(404, "not here\n", "text/plain")

    do_HEAD = do_GET


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--latency-ms", type=float, default=100)
    p.add_argument("--slow-s", type=float, default=3)
    p.add_argument("--ready-file", required=True)
    p.add_argument("--max-runtime-s", type=float, default=1800)
    a = p.parse_args()
    Handler.latency = a.latency_ms / 1000
    Handler.slow = a.slow_s
    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    server.daemon_threads = True
    server.request_queue_size = 256
    with open(a.ready_file, "w") as f:
        json.dump({"port": server.server_address[1]}, f)
    threading.Timer(a.max_runtime_s, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
