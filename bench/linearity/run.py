#!/usr/bin/env python3
"""Linearity benchmark: hostile inputs at doubling sizes (see README.md).

    python3 bench/linearity/run.py [--listlint BIN] [--bare BIN] [--runs N]
                                   [--work DIR] [--cases deep,flat,...]
                                   [--max-size SIZE]

For every case and size it times `listlint check` (and `fix` where the
case says so) and the bare pulldown-cmark parse (`bench/check/bare_parse.rs`)
on the same file, best of N wall-clock runs, with the peak RSS of GNU time
(`/usr/bin/time -v`). It prints, per case, each size's times, the ratio to
the bare parse net of process start-up, and the ratios of time and memory
from one size to the next (2.0 for each doubling is linear).

Nothing is built here: build first with `cargo build --release` and
`cargo bench --bench bare_parse --no-run`.
"""

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
GEN = os.path.join(HERE, "gen.py")

# (case, generator kind, sizes, commands to time, extra listlint arguments)
# `plain` is the one listlint's preset detection would not call awesome:
# bullets without links, under `preset = "awesome"` from a config file.
CASES = [
    ("deep", "deep", ["100K", "200K", "400K", "800K", "1M"], ["check", "fix"], ["--no-config"]),
    ("flat", "flat", ["3M", "6M", "12M", "24M"], ["check"], ["--no-config"]),
    ("mixed", "mixed", ["3M", "6M", "12M", "24M"], ["check", "fix"], ["--no-config"]),
    ("plain", "plain", ["3M", "6M", "12M", "24M"], ["check"], ["--config", "CONFIG"]),
    ("notes", "notes", ["3M", "6M", "12M", "24M"], ["check", "fix"], ["--no-config"]),
]


def size_of(arg: str) -> int:
    scale = {"K": 1000, "M": 1000 * 1000}.get(arg[-1:].upper(), 1)
    return int(arg[:-1] if scale > 1 else arg) * scale


def newest_bare_parse() -> str:
    paths = [
        p
        for p in glob.glob(os.path.join(REPO, "target/release/deps/bare_parse-*"))
        if not p.endswith(".d") and os.access(p, os.X_OK)
    ]
    if not paths:
        sys.exit("no bare_parse binary: run `cargo bench --bench bare_parse --no-run`")
    return max(paths, key=os.path.getmtime)


def timed(argv: list, before=None) -> tuple:
    """One run of `argv` under GNU time: (wall seconds, CPU seconds, peak
    RSS in KiB). `before` runs first, untimed (to restore a file)."""
    if before:
        before()
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        start = time.perf_counter()
        p = subprocess.run(
            ["/usr/bin/time", "-v", "-o", t.name] + argv,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        wall = time.perf_counter() - start
        report = t.read()
    # listlint exits 1 when it finds problems; 2 or a signal is a failure.
    if p.returncode not in (0, 1):
        sys.exit(f"{argv} failed ({p.returncode}): {p.stderr.decode()[-2000:]}")
    fields = {}
    for line in report.splitlines():
        key, _, value = line.strip().rpartition(": ")
        fields[key] = value
    cpu = float(fields["User time (seconds)"]) + float(fields["System time (seconds)"])
    return wall, cpu, int(fields["Maximum resident set size (kbytes)"])


def best(argv: list, runs: int, before=None) -> tuple:
    """Best wall time, best CPU time and the largest peak RSS of `runs` runs."""
    results = [timed(argv, before) for _ in range(runs)]
    return (
        min(r[0] for r in results),
        min(r[1] for r in results),
        max(r[2] for r in results),
    )


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b > 0 else "-"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--listlint", default=os.path.join(REPO, "target/release/listlint"))
    ap.add_argument("--bare", default=None, help="bare_parse binary (default: newest built)")
    ap.add_argument("--runs", type=int, default=5, help="runs per measurement (best of)")
    ap.add_argument("--work", default=None, help="where the inputs go (default: a temp dir)")
    ap.add_argument("--cases", default=",".join(c[0] for c in CASES))
    ap.add_argument(
        "--max-size",
        default=None,
        help="skip the sizes above this one (e.g. 200K, to time a quadratic binary)",
    )
    args = ap.parse_args()
    bare = args.bare or newest_bare_parse()
    work = args.work or tempfile.mkdtemp(prefix="listlint-linearity-")
    os.makedirs(work, exist_ok=True)
    # The binaries are copied, so a rebuild during the run changes nothing.
    listlint = shutil.copy(args.listlint, os.path.join(work, "listlint"))
    bare = shutil.copy(bare, os.path.join(work, "bare_parse"))
    config = os.path.join(work, "awesome.toml")
    with open(config, "w") as f:
        f.write('preset = "awesome"\n')
    small = os.path.join(work, "small.md")
    with open(small, "w") as f:
        f.write("# Small\n\n- [Example](https://example.com/) - An example.\n")

    print(f"listlint {args.listlint}, bare parse {os.path.basename(bare)}")
    print(f"inputs in {work}; best of {args.runs} runs; load average {os.getloadavg()[0]:.1f}")
    start_ll = best([listlint, "check", "--no-config", small], args.runs * 4)
    start_bare = best([bare, small], args.runs * 4)
    print(
        f"start-up (3-line file): listlint {start_ll[0] * 1000:.1f} ms, "
        f"bare parse {start_bare[0] * 1000:.1f} ms"
    )
    wanted = args.cases.split(",")
    for name, kind, sizes, commands, extra in CASES:
        if name not in wanted:
            continue
        extra = [config if a == "CONFIG" else a for a in extra]
        print()
        print(f"## {name}")
        print()
        print(
            "| size | command | wall s | CPU s | RSS MiB | bare s | bare RSS MiB "
            "| × bare (net) | time × prev | RSS × prev |"
        )
        print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        prev = {}
        for size in sizes:
            if args.max_size and size_of(size) > size_of(args.max_size):
                continue
            path = os.path.join(work, f"{name}{size}.md")
            if not os.path.exists(path):
                subprocess.run([sys.executable, GEN, kind, size, path], check=True)
            with open(path, "rb") as f:
                original = f.read()
            b = best([bare, path], args.runs)
            for command in commands:
                argv = [listlint, command] + extra + ["--format", "concise"]
                target = path
                restore = None
                if command == "fix":
                    argv = [listlint, "fix"] + extra
                    target = os.path.join(work, f"{name}{size}.fix.md")

                    def restore(t=target):
                        with open(t, "wb") as f:
                            f.write(original)

                r = best(argv + [target], args.runs, restore)
                net = ratio(r[0] - start_ll[0], b[0] - start_bare[0])
                p = prev.get(command)
                step_t = ratio(r[0], p[0]) if p else ""
                step_m = ratio(r[2], p[2]) if p else ""
                prev[command] = r
                print(
                    f"| {size} | {command} | {r[0]:.3f} | {r[1]:.2f} | {r[2] / 1024:.0f} "
                    f"| {b[0]:.3f} | {b[2] / 1024:.0f} | {net} | {step_t} | {step_m} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
