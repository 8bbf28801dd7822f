#!/usr/bin/env python3
"""How fast `listlint server` answers an edit, and what it keeps in memory.

Starts the server, opens one document, then makes EDITS edits to one line
in the middle (a character typed, then taken back, alternately), each
sent as an incremental `didChange`; the time of an edit is from sending
it to receiving the `publishDiagnostics` of its version. Resident memory
is read from /proc after the open and after every 100 edits.

    bench/lsp/bench.py BINARY [FILE.md ...] [--edits N] [--debounce MS]

It first runs on a generated list of about 1 MB (reading notes with a
problem every few entries), then on each FILE. `--debounce` is the server's delay before
linting (its default, 10 ms, when not given); the time to lint is what is
left with `--debounce 0`.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def generated_list(size):
    """Reading notes of about `size` bytes, with planted problems."""
    out = ["# Reading notes\n\n"]
    n, total, section = 0, 0, 0
    while total < size:
        if n % 200 == 0:
            section += 1
            out.append(f"\n## Section {section}\n\n")
        n += 1
        number = n % 200 + 1 if n % 97 else n % 200 + 2  # a slip now and then
        url = f"https://example.com/{section}/{n}"
        if n % 13 == 0:
            url += "?utm_source=feed"
        if n % 29 == 0:
            url = url.replace("https:", "http:")
        entry = (
            f"{number}. [Entry {n} about systems, compilers and éditions]({url})\n"
            f"    - Comment: Why entry {n} mattered, in one sentence or two.\n"
        )
        out.append(entry)
        total += len(entry)
    return "".join(out)


class Server:
    def __init__(self, binary, root, debounce):
        self.p = subprocess.Popen(
            [binary, "server"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=root,
        )
        self.id = 0
        options = {} if debounce is None else {"debounceMs": debounce}
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": "file://" + root,
                "capabilities": {},
                "initializationOptions": options,
            },
        )
        self.notify("initialized", {})

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def read(self):
        return json.loads(self.read_raw())

    def read_raw(self):
        length = None
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise SystemExit("the server ended")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return self.p.stdout.read(length)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        self.id += 1
        self.send({"jsonrpc": "2.0", "id": self.id, "method": method, "params": params})
        while True:
            m = self.read()
            if m.get("id") == self.id and "method" not in m:
                return m

    def diagnostics(self, uri, version):
        """The diagnostics of `version`, and when their frame was read
        (before it is parsed: the client's JSON parser is not the server's
        time)."""
        while True:
            raw = self.read_raw()
            at = time.perf_counter()
            if b"publishDiagnostics" not in raw or (b'"version":%d}' % version) not in raw:
                continue
            p = json.loads(raw)["params"]
            if p.get("uri") == uri and p.get("version") == version:
                return p["diagnostics"], at

    def rss_kib(self, field="VmRSS"):
        with open(f"/proc/{self.p.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return None

    def stop(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.p.wait(timeout=30)


def bench(binary, path, text, edits, debounce):
    root = os.path.dirname(os.path.abspath(path))
    uri = "file://" + os.path.abspath(path)
    s = Server(binary, root, debounce)
    t0 = time.perf_counter()
    s.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}},
    )
    found, at = s.diagnostics(uri, 1)
    open_ms = (at - t0) * 1000
    rss = [(0, s.rss_kib())]
    line = text.count("\n") // 2
    times = []
    for i in range(edits):
        version = i + 2
        typed = i % 2 == 0
        change = {
            "range": {
                "start": {"line": line, "character": 0},
                "end": {"line": line, "character": 0 if typed else 1},
            },
            "text": "x" if typed else "",
        }
        t = time.perf_counter()
        s.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
        )
        _, at = s.diagnostics(uri, version)
        times.append((at - t) * 1000)
        if (i + 1) % 100 == 0:
            rss.append((i + 1, s.rss_kib()))
    peak = s.rss_kib("VmHWM")
    s.stop()
    times.sort()
    return {
        "file": path,
        "bytes": len(text.encode()),
        "diagnostics": len(found),
        "open_ms": open_ms,
        "edits": edits,
        "median_ms": statistics.median(times),
        "p95_ms": times[int(len(times) * 0.95) - 1],
        "max_ms": times[-1],
        "rss_kib": rss,
        "peak_kib": peak,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("files", nargs="*")
    ap.add_argument("--edits", type=int, default=1000)
    ap.add_argument("--debounce", type=int, default=None)
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    tmp = tempfile.TemporaryDirectory()
    generated = os.path.join(tmp.name, "generated-1mb.md")
    with open(generated, "w", encoding="utf-8") as f:
        f.write(generated_list(1 << 20))
    targets = [generated] + args.files
    debounce = "default (10 ms)" if args.debounce is None else f"{args.debounce} ms"
    print(f"debounce: {debounce}; {args.edits} edits per file")
    for path in targets:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        r = bench(binary, path, text, args.edits, args.debounce)
        series = " ".join(f"{n}:{kib / 1024:.1f}" for n, kib in r["rss_kib"])
        print(
            f"{os.path.basename(r['file'])}: {r['bytes'] / 1e6:.2f} MB, {r['diagnostics']} diagnostics; "
            f"open {r['open_ms']:.1f} ms; change to diagnostics: median {r['median_ms']:.1f} ms, "
            f"p95 {r['p95_ms']:.1f} ms, max {r['max_ms']:.1f} ms; "
            f"RSS MiB after edits {series} (peak {r['peak_kib'] / 1024:.1f})"
        )
        sys.stdout.flush()
    tmp.cleanup()


if __name__ == "__main__":
    main()
