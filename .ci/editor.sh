#!/usr/bin/env bash
# Editors against the built `listlint`: Neovim's built-in LSP client drives
# `listlint server` (tests/editor/nvim.lua), and the VS Code extension in
# editors/vscode builds and packages into a .vsix with @vscode/vsce.
set -euo pipefail

cd "$(dirname "$0")/.."

missing=()
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ "${#missing[@]}" -gt 0 ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

cargo build --release -q
bin="$PWD/target/release/listlint"

echo "== Neovim $(nvim --version | head -n 1 | cut -d' ' -f2) as the LSP client"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Planted: a tracking parameter after an emoji and CJK characters, a
# numbering slip, a duplicate link, trailing whitespace, and an http link
# after an astral character.
printf '%s\n' \
    '# Notes' '' '## Papers' '' \
    '1. [Attention 😀 漢字](https://example.com/a?utm_source=x)' \
    '    - Comment: Good.' \
    '3. [Again](https://example.com/a)' \
    '    - Comment: Same. ' \
    '4. [Plain 𝒳](http://example.org/p)' \
    '    - Comment: Old.' >"$work/notes.md"
"$bin" fix --stdin --stdin-filename notes.md <"$work/notes.md" >"$work/expected.md" 2>/dev/null || true
# An error in the script ends Neovim with a failure, not a prompt that waits.
script="$PWD/tests/editor/nvim.lua"
(cd "$work" && EDITOR_TEST_DIR="$work" LISTLINT_BIN="$bin" timeout 120 \
    nvim --headless -u NONE -i NONE -n -c "lua local ok, e = pcall(dofile, '$script') if not ok then io.stderr:write(tostring(e) .. '\\n') os.exit(1) end" </dev/null)

echo "== VS Code extension packages (editors/vscode)"
out="$PWD/target/editors"
mkdir -p "$out"
(
    cd editors/vscode
    npm ci --no-audit --no-fund --loglevel=error
    npx vsce package --skip-license --out "$out/listlint.vsix"
)
python3 - "$out/listlint.vsix" <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
for need in ["extension/package.json", "extension/extension.js",
             "extension/node_modules/vscode-languageclient/node.js"]:
    if need not in names:
        sys.exit(f"error: {need} is not in the .vsix")
print(f"{sys.argv[1]}: {len(names)} files")
PY
