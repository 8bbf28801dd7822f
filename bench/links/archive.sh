#!/usr/bin/env bash
# What archive lookups add to `listlint check --links`: 200 dead links
# (404 on 127.0.0.1) checked with `--no-archive` and with lookups against a
# fake Wayback Machine (bench/links/fake_archive.py, 127.0.0.1 only) that
# answers each lookup after LATENCY_MS, at several `max-concurrency` and
# `max-wait` settings, all in one hyperfine run. A second input adds 10
# links that answer only after 3 s, so the checks outlast the lookups: run
# beside the checks, the lookups then add next to nothing. Prints each
# setting's extra time over `--no-archive` on the same input beside its
# bound, min(ceil(200 / max-concurrency) × latency, max-wait).
# The results are in bench/README.md.
#
# Usage: bench/links/archive.sh [LISTLINT_BIN]   (default target/release/listlint)
# Environment: RUNS (hyperfine runs, default 5), LATENCY_MS (default 100),
#              BENCH_DIR (default: a fresh mktemp -d under /tmp).
# Needs: hyperfine, python3, curl. Only 127.0.0.1 is contacted.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
src=${1:-$here/target/release/listlint}
runs=${RUNS:-5}
latency_ms=${LATENCY_MS:-100}
n=200

die() { echo "bench_archive: $*" >&2; exit 2; }
command -v hyperfine >/dev/null || die "hyperfine missing (apt-get install hyperfine)"
[ -x "$src" ] || die "no listlint binary at $src"

DIR=${BENCH_DIR:-$(mktemp -d /tmp/bench_archive.XXXXXX)}
mkdir -p "$DIR/bin"
DIR=$(cd "$DIR" && pwd)
cp "$src" "$DIR/bin/listlint"
LL=$DIR/bin/listlint

pid=
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; pid=; }
trap stop EXIT
rm -f "$DIR/archive.json"
python3 "$here/bench/links/fake_archive.py" --latency-ms "$latency_ms" --slow-s 3 \
    --ready-file "$DIR/archive.json" > "$DIR/archive.log" 2>&1 &
pid=$!
for _ in $(seq 100); do [ -s "$DIR/archive.json" ] && break; sleep 0.1; done
[ -s "$DIR/archive.json" ] || die "the fake archive did not come up"
port=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["port"])' "$DIR/archive.json")
base=http://127.0.0.1:$port

{
    echo "# Dead links"
    echo
    for i in $(seq "$n"); do echo "- [Gone $i]($base/gone/$i)"; done
} > "$DIR/dead.md"
{
    cat "$DIR/dead.md"
    for i in $(seq 10); do echo "- [Slow $i]($base/slow/$i)"; done
} > "$DIR/mixed.md"

# A config per setting: name, input, max-concurrency, max-wait.
settings=("c4 dead 4 30s" "c16 dead 16 30s" "c4-wait1s dead 4 1s" "c4-mixed mixed 4 30s")
for s in "${settings[@]}"; do
    read -r name _ conc wait <<< "$s"
    printf '[links]\nallow-private = true\nretries = 0\n[links.archive]\napi-url = "%s/wayback/available"\nmax-concurrency = %s\nmax-wait = "%s"\n' \
        "$base" "$conc" "$wait" > "$DIR/$name.toml"
done

{
    echo "date: $(date -u +%FT%TZ)"
    echo "listlint: $("$LL" --version) ($(sha256sum "$LL" | cut -c1-12))"
    echo "listlint git: ${LISTLINT_REV:-$(git -C "$here" rev-parse --short HEAD)}"
    echo "hyperfine: $(hyperfine --version)"
    echo "input: $n dead links (404) on $base (mixed: and 10 links answering after 3 s), lookup latency ${latency_ms} ms"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$DIR/env.txt" >&2

# Sanity: every dead link reported, each with its copy when lookups are on
# and have the time.
run() { # name, input, extra flags...
    local name=$1 input=$2; shift 2
    "$LL" check --links "$@" --format json --config "$DIR/${name#off-}.toml" "$DIR/$input.md" \
        > "$DIR/$name.out.json" 2> "$DIR/$name.err" || true
    python3 - "$DIR/$name.out.json" "$n" "$name" <<'PY' >&2
import json, sys
links = json.load(open(sys.argv[1]))["links"]
dead = sum(l["status"] == "dead" for l in links)
copies = sum("archived_url" in l for l in links)
print(f"{sys.argv[3]}: {dead} of {sys.argv[2]} dead, {copies} with an archived copy")
PY
}
run off-c4 dead --no-archive
run off-c4-mixed mixed --no-archive
for s in "${settings[@]}"; do
    read -r name input _ <<< "$s"
    run "$name" "$input"
done
curl -sf "$base/__stats?reset=1" > /dev/null

q() { printf '%q ' "$@"; }
cmds=(-n off-dead "$(q "$LL" check --links --no-archive --quiet --config "$DIR/c4.toml" "$DIR/dead.md")"
      -n off-mixed "$(q "$LL" check --links --no-archive --quiet --config "$DIR/c4.toml" "$DIR/mixed.md")")
for s in "${settings[@]}"; do
    read -r name input _ <<< "$s"
    cmds+=(-n "$name" "$(q "$LL" check --links --quiet --config "$DIR/$name.toml" "$DIR/$input.md")")
done
hyperfine --style basic -N -i -w 1 -r "$runs" --export-json "$DIR/hyperfine.json" "${cmds[@]}" >&2
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$DIR/env.txt" >&2
stop

python3 - "$DIR/hyperfine.json" "$n" "$latency_ms" "${settings[@]}" <<'PY'
import json, math, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
n, lat = int(sys.argv[2]), float(sys.argv[3]) / 1000
print(f"| input | setting | wall mean ± σ | extra over --no-archive | bound: min(ceil({n}/c) × {lat:.3f} s, max-wait) |")
print("| --- | --- | --- | --- | --- |")
for name in ("off-dead", "off-mixed"):
    r = res[name]
    print(f"| {name[4:]} | --no-archive | {r['mean']:.3f} s ± {r['stddev'] or 0:.3f} | – | – |")
for s in sys.argv[4:]:
    name, input, conc, wait = s.split()
    r = res[name]
    bound = min(math.ceil(n / int(conc)) * lat, float(wait.rstrip("s")))
    extra = r["mean"] - res["off-" + input]["mean"]
    print(f"| {input} | max-concurrency {conc}, max-wait {wait} | {r['mean']:.3f} s ± {r['stddev'] or 0:.3f} | "
          f"{extra:+.3f} s | {bound:.2f} s |")
PY
