#!/usr/bin/env bash
# Benchmark `listlint check` (offline) against rumdl and a bare pulldown-cmark
# parse, in one run, and print a summary with the ratios. The results are in
# bench/README.md.
#
# Usage:
#   bench/check/run.sh CORPUS_DIR [LISTLINT_BIN]
#
#   CORPUS_DIR    a directory of Markdown files (e.g. real lists)
#   LISTLINT_BIN  listlint binary to measure (default: target/release/listlint)
#
# Environment (all optional):
#   BARE_PARSE_BIN     bare-parse binary (default: newest executable
#                      target/release/deps/bare_parse-*)
#   RUMDL_BIN          rumdl binary (default: the real binary behind `rumdl` on
#                      PATH; a pyenv shim is resolved with `pyenv which`, since
#                      the shim is a bash script that adds ~30 ms per call)
#   BENCH_DIR          where the big files, binaries and JSON go
#                      (default: a fresh mktemp -d under /tmp)
#   RUNS               hyperfine runs for the fast cases (default 10)
#   SLOW_RUNS          hyperfine runs for rumdl and the 21 MB file (default 3)
#   STARTUP_RUNS       hyperfine runs for the start-up case (default 30)
#   RUMDL_BIG_TIMEOUT  seconds rumdl may take on the 21 MB file (default 120);
#                      past that it is killed by `timeout` and reported as cut off
#   LISTLINT_REV       what to record as listlint's source revision (default:
#                      this checkout's HEAD, plus a note if src/ has uncommitted
#                      changes); set it when LISTLINT_BIN was built elsewhere
#
# It builds nothing, except when a binary is missing: then it runs
# `cargo build --release` (listlint) or `cargo bench --bench bare_parse
# --no-run` (bare parse) in the repository once. The binaries are copied to
# BENCH_DIR/bin first, so a rebuild by someone else mid-run changes nothing.
#
# Needs: hyperfine (apt-get install hyperfine), rumdl (pip install rumdl),
# GNU time at /usr/bin/time (apt-get install time), python3.
#
# `listlint check` and `rumdl check` exit 1 when they find problems (the corpus
# has plenty), so both run under hyperfine's --ignore-failure; a sanity run
# first checks that each exits 0 or 1 and prints findings, so a crash is not
# timed as a success.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [ "$#" -lt 1 ] || [ "$#" -gt 2 ]; then
    echo "usage: bench/check/run.sh CORPUS_DIR [LISTLINT_BIN]" >&2
    exit 2
fi
corpus=$1
listlint_src=${2:-${LISTLINT_BIN:-$here/target/release/listlint}}
runs=${RUNS:-10}
slow_runs=${SLOW_RUNS:-3}
startup_runs=${STARTUP_RUNS:-30}
rumdl_timeout=${RUMDL_BIG_TIMEOUT:-120}

die() { echo "bench_check: $*" >&2; exit 2; }
log() { echo "== $*" >&2; }

[ -d "$corpus" ] || die "no corpus directory: $corpus"
command -v hyperfine >/dev/null || die "hyperfine missing (apt-get install hyperfine)"
[ -x /usr/bin/time ] || die "/usr/bin/time missing (apt-get install time)"
command -v python3 >/dev/null || die "python3 missing"

newest_bare_parse() {
    local f
    # shellcheck disable=SC2012
    for f in $(ls -t "$here"/target/release/deps/bare_parse-* 2>/dev/null); do
        case $f in *.d) continue ;; esac
        if [ -f "$f" ] && [ -x "$f" ]; then echo "$f"; return; fi
    done
}

# --- binaries -------------------------------------------------------------
if [ ! -x "$listlint_src" ]; then
    log "no listlint binary at $listlint_src: cargo build --release"
    (cd "$here" && cargo build --release)
    listlint_src=$here/target/release/listlint
fi
bare_src=${BARE_PARSE_BIN:-$(newest_bare_parse)}
if [ -z "$bare_src" ] || [ ! -x "$bare_src" ]; then
    log "no bare_parse binary: cargo bench --bench bare_parse --no-run"
    (cd "$here" && cargo bench --bench bare_parse --no-run)
    bare_src=$(newest_bare_parse)
    [ -n "$bare_src" ] || die "bare_parse did not build"
fi
rumdl_src=${RUMDL_BIN:-}
if [ -z "$rumdl_src" ]; then
    rumdl_src=$(command -v rumdl) || die "rumdl missing (pip install rumdl)"
    if [ "$(head -c 2 "$rumdl_src")" = '#!' ] && command -v pyenv >/dev/null; then
        rumdl_src=$(pyenv which rumdl)
    fi
fi

work=${BENCH_DIR:-$(mktemp -d /tmp/bench_check.XXXXXX)}
mkdir -p "$work/bin" "$work/json"
cp "$listlint_src" "$work/bin/listlint"
cp "$bare_src" "$work/bin/bare_parse"
cp "$rumdl_src" "$work/bin/rumdl"
LL=$work/bin/listlint BP=$work/bin/bare_parse RU=$work/bin/rumdl

# --- inputs ---------------------------------------------------------------
# One ~7 MB file (the corpus concatenated), one ~21 MB file (3x that), and a
# 3-line file for start-up.
log "making the big files in $work"
find "$corpus" -type f -name '*.md' -print0 | sort -z | xargs -0 cat > "$work/big7.md"
cat "$work/big7.md" "$work/big7.md" "$work/big7.md" > "$work/big21.md"
printf '# Small\n\n- [Example](https://example.com/) - An example.\n' > "$work/small3.md"
nfiles=$(find "$corpus" -type f -name '*.md' | wc -l)
corpus_bytes=$(find "$corpus" -type f -name '*.md' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)

# --- environment ------------------------------------------------------------
{
    echo "date: $(date -u +%FT%TZ)"
    echo "nproc: $(nproc)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
    echo "mem: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "kernel: $(uname -r)"
    echo "hyperfine: $(hyperfine --version)"
    echo "rumdl: $("$RU" --version)"
    echo "listlint: $("$LL" --version) ($(sha256sum "$LL" | cut -c1-12))"
    echo "listlint git: ${LISTLINT_REV:-$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$here" diff --quiet HEAD -- src 2>/dev/null || echo ' + uncommitted src changes')}"
    echo "rustc: $(rustc --version 2>/dev/null || echo '?')"
    echo "corpus: $corpus ($nfiles files, $corpus_bytes bytes)"
    echo "big files: big7.md $(stat -c %s "$work/big7.md") bytes, big21.md $(stat -c %s "$work/big21.md") bytes"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$work/env.txt" >&2

# --- sanity -----------------------------------------------------------------
sanity() { # name, command...: must exit 0 or 1 and print something
    local name=$1 empty_ok=${EMPTY_OK:-}; shift
    local rc=0
    "$@" > "$work/$name.out" 2>&1 || rc=$?
    if [ "$rc" -gt 1 ] || { [ -z "$empty_ok" ] && [ ! -s "$work/$name.out" ]; }; then
        die "$name: exit $rc, $(wc -l < "$work/$name.out") lines of output (see $work/$name.out)"
    fi
    echo "$name: exit $rc, $(wc -l < "$work/$name.out") output lines" >&2
}
log "sanity runs"
sanity listlint_corpus "$LL" check --no-config --format concise --quiet "$corpus"
sanity rumdl_corpus "$RU" check --no-cache --no-config "$corpus"
sanity bare_corpus "$BP" "$corpus"
EMPTY_OK=1 sanity listlint_small "$LL" check --no-config --format concise --quiet "$work/small3.md"

# --- timings ----------------------------------------------------------------
ll_cmd="$LL check --no-config --format concise --quiet"
ru_cmd="$RU check --no-cache --no-config"

hf() { # json-name, hyperfine args...
    local name=$1; shift
    hyperfine --style basic --export-json "$work/json/$name.json" "$@" >&2
}

log "corpus: listlint vs bare parse vs rumdl"
hf corpus_fast --warmup 2 --runs "$runs" -i \
    -n listlint "$ll_cmd $corpus > /dev/null" \
    -n bare_parse "$BP $corpus > /dev/null"
hf corpus_rumdl --warmup 1 --runs "$slow_runs" -i \
    -n rumdl "$ru_cmd $corpus > /dev/null"

log "linearity: one 7 MB file vs one 21 MB file"
hf big7 --warmup 1 --runs "$runs" -i \
    -n listlint_7mb "$ll_cmd $work/big7.md > /dev/null" \
    -n bare_parse_7mb "$BP $work/big7.md > /dev/null"
hf big21 --warmup 0 --runs "$slow_runs" -i \
    -n listlint_21mb "$ll_cmd $work/big21.md > /dev/null" \
    -n bare_parse_21mb "$BP $work/big21.md > /dev/null"
hf big7_rumdl --warmup 0 --runs "$slow_runs" -i \
    -n rumdl_7mb "$ru_cmd $work/big7.md > /dev/null"
# rumdl on 21 MB: one run under timeout, so a super-linear blow-up is cut off.
log "rumdl on the 21 MB file (timeout ${rumdl_timeout}s)"
rc=0
/usr/bin/time -f '%e %M %U %S' -o "$work/rumdl_21mb.time" \
    timeout "$rumdl_timeout" $ru_cmd "$work/big21.md" > /dev/null 2>&1 || rc=$?
echo "$rc" > "$work/rumdl_21mb.rc"

log "start-up: 3-line file (no shell)"
hf startup --warmup 5 --runs "$startup_runs" -N -i \
    -n listlint_small "$ll_cmd $work/small3.md" \
    -n rumdl_small "$ru_cmd $work/small3.md" \
    -n cat_small "cat $work/small3.md"

# --- peak RSS -----------------------------------------------------------------
log "peak RSS (/usr/bin/time -v)"
rss() { # name, command...
    local name=$1; shift
    /usr/bin/time -v -o "$work/$name.timev" "$@" > /dev/null 2>&1 || true
    awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$name.timev" > "$work/$name.rss"
}
rss listlint_corpus $ll_cmd "$corpus"
rss bare_parse_corpus "$BP" "$corpus"
rss rumdl_corpus $ru_cmd "$corpus"
rss listlint_7mb $ll_cmd "$work/big7.md"
rss listlint_21mb $ll_cmd "$work/big21.md"
rss listlint_small $ll_cmd "$work/small3.md"
rss rumdl_small $ru_cmd "$work/small3.md"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$work/env.txt" >&2

# --- summary --------------------------------------------------------------------
python3 - "$work" "$rumdl_timeout" <<'EOF'
import json, os, sys
work, timeout = sys.argv[1], float(sys.argv[2])
res = {}
for f in sorted(os.listdir(os.path.join(work, "json"))):
    for r in json.load(open(os.path.join(work, "json", f)))["results"]:
        res[r["command"]] = r

def rss(name):
    p = os.path.join(work, name + ".rss")
    try:
        return int(open(p).read().strip()) / 1024
    except (OSError, ValueError):
        return None

rows = [
    ("corpus", "listlint", "listlint_corpus"),
    ("corpus", "bare_parse", "bare_parse_corpus"),
    ("corpus", "rumdl", "rumdl_corpus"),
    ("1x concat (~7 MB)", "listlint_7mb", "listlint_7mb"),
    ("1x concat (~7 MB)", "bare_parse_7mb", None),
    ("1x concat (~7 MB)", "rumdl_7mb", None),
    ("3x concat (~21 MB)", "listlint_21mb", "listlint_21mb"),
    ("3x concat (~21 MB)", "bare_parse_21mb", None),
    ("3x concat (~21 MB)", "rumdl_21mb", "rumdl_21mb"),
    ("3-line file", "listlint_small", "listlint_small"),
    ("3-line file", "rumdl_small", "rumdl_small"),
    ("3-line file", "cat_small", None),
]
rc = int(open(os.path.join(work, "rumdl_21mb.rc")).read())
t = open(os.path.join(work, "rumdl_21mb.time")).read().split()
if rc != 124:
    wall, kb, user, system = float(t[-4]), t[-3], float(t[-2]), float(t[-1])
    res["rumdl_21mb"] = {"mean": wall, "stddev": None, "min": wall, "times": [0],
                         "user": user, "system": system}
    with open(os.path.join(work, "rumdl_21mb.rss"), "w") as f:
        f.write(kb)

def fmt(s):
    return f"{s*1000:.1f} ms" if s < 1 else f"{s:.3f} s"

print()
print("| case | command | wall mean ± σ | wall min | CPU user+sys | runs | peak RSS |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for case, cmd, rname in rows:
    r = res.get(cmd)
    if cmd == "rumdl_21mb" and rc == 124:
        print(f"| {case} | {cmd} | cut off by `timeout {timeout:g}` | - | - | 1 | - |")
        continue
    if not r:
        continue
    m = rss(rname) if rname else None
    cpu = fmt(r["user"] + r["system"]) if "user" in r else "-"
    print(f"| {case} | {cmd} | {fmt(r['mean'])} ± {fmt(r['stddev'] or 0)} | "
          f"{fmt(r['min'])} | {cpu} | {len(r['times'])} | {f'{m:.0f} MiB' if m else '-'} |")
def ratio(a, b):
    return res[a]["mean"] / res[b]["mean"] if a in res and b in res else float("nan")
def cpu_ratio(a, b):
    try:
        return (res[a]["user"] + res[a]["system"]) / (res[b]["user"] + res[b]["system"])
    except KeyError:
        return float("nan")
print()
print("| ratio | wall (mean) | CPU (user+sys) | target | met (wall) |")
print("| --- | --- | --- | --- | --- |")
lines = [
    ("listlint / bare parse (corpus)", ("listlint", "bare_parse"), "≤ 2", lambda v: v <= 2),
    ("rumdl / listlint (corpus)", ("rumdl", "listlint"), "≥ 10", lambda v: v >= 10),
    # 3x the input should take ~3x the time; allow 25% for noise.
    ("listlint 21 MB / 7 MB", ("listlint_21mb", "listlint_7mb"), "≈ 3 (linear)", lambda v: v <= 3.75),
    ("bare parse 21 MB / 7 MB", ("bare_parse_21mb", "bare_parse_7mb"), "(reference)"),
    ("rumdl 21 MB / 7 MB", ("rumdl_21mb", "rumdl_7mb"), "(reference)"),
    ("listlint / bare parse (7 MB file)", ("listlint_7mb", "bare_parse_7mb"), "(reference)"),
    ("listlint / cat (start-up)", ("listlint_small", "cat_small"), "(reference)"),
    ("rumdl / listlint (start-up)", ("rumdl_small", "listlint_small"), "(reference)"),
]
for name, (a, b), target, *ok in lines:
    v, c = ratio(a, b), cpu_ratio(a, b)
    met = ("yes" if ok[0](v) else "**no**") if ok else ""
    print(f"| {name} | {v:.2f} | {c:.2f} | {target} | {met} |")
print(f"\nraw results: {work}/json/*.json, {work}/*.timev, {work}/env.txt")
EOF
