#!/usr/bin/env bash
# Downloads a released listlint binary for this machine and installs it after
# checking the archive against its published SHA-256:
#
#   dist/download-release.sh VERSION DEST
#
# VERSION is a release tag (`v1.2.3` or `1.2.3`); the binary lands in DEST
# (`DEST/listlint`, `DEST/listlint.exe` on Windows).
#
# Environment:
#   LISTLINT_DOWNLOAD_URL  where releases live; the archive is fetched from
#                          $LISTLINT_DOWNLOAD_URL/vVERSION/ARCHIVE (default:
#                          the GitHub releases of listlint/listlint)
#   LISTLINT_TARGET        the target to fetch (default: this machine's)
#
# Exit status:
#   0  installed
#   3  no release matches: VERSION is not a version (a branch, a commit), no
#      release is built for this platform, or the server has no such archive
#      (404); the caller may build from source
#   1  anything else, first of all an archive whose SHA-256 differs from the
#      published one: that is never a reason to fall back silently
set -euo pipefail

if [ "$#" -ne 2 ]; then
    echo "usage: $0 VERSION DEST" >&2
    exit 1
fi
requested="$1"
dest="$2"
base="${LISTLINT_DOWNLOAD_URL:-https://github.com/listlint/listlint/releases/download}"
base="${base%/}"

no_release() {
    echo "listlint: no release binary: $*" >&2
    exit 3
}
fail() {
    echo "error: $*" >&2
    exit 1
}

if ! [[ "$requested" =~ ^v?([0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?)$ ]]; then
    no_release "\`$requested\` is not a release version"
fi
version="${BASH_REMATCH[1]}"

target="${LISTLINT_TARGET:-}"
if [ -z "$target" ]; then
    os="$(uname -s)"
    arch="$(uname -m)"
    case "$arch" in
        x86_64 | amd64) arch=x86_64 ;;
        aarch64 | arm64) arch=aarch64 ;;
        *) no_release "no build for the $arch architecture" ;;
    esac
    case "$os" in
        Linux) target="$arch-unknown-linux-musl" ;;
        Darwin) target="$arch-apple-darwin" ;;
        MINGW* | MSYS* | CYGWIN* | Windows_NT)
            [ "$arch" = x86_64 ] || no_release "no build for Windows on $arch"
            target="$arch-pc-windows-msvc"
            ;;
        *) no_release "no build for $os" ;;
    esac
fi
name="listlint-$version-$target"
case "$target" in
    *windows*) exe=listlint.exe archive="$name.zip" ;;
    *) exe=listlint archive="$name.tar.gz" ;;
esac
url="$base/v$version/$archive"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Prints the HTTP status; curl's own failures (no connection) are fatal.
fetch() {
    curl --silent --show-error --location --retry 3 --connect-timeout 20 \
        --output "$2" --write-out '%{http_code}' "$1" ||
        fail "cannot download $1"
}

echo "listlint: downloading $url" >&2
status="$(fetch "$url" "$work/$archive")"
case "$status" in
    200) ;;
    404) no_release "$url: 404 Not Found" ;;
    *) fail "$url: HTTP status $status" ;;
esac
# A release that has the archive must have its checksum: a missing one is
# an error, not a reason to skip the check.
status="$(fetch "$url.sha256" "$work/$archive.sha256")"
[ "$status" = 200 ] || fail "$url.sha256: HTTP status $status"

expected="$(cut -d ' ' -f 1 <"$work/$archive.sha256" | tr 'A-F' 'a-f')"
[[ "$expected" =~ ^[0-9a-f]{64}$ ]] || fail "$url.sha256 does not hold a SHA-256"
if command -v sha256sum >/dev/null 2>&1; then
    actual="$(sha256sum "$work/$archive" | cut -d ' ' -f 1)"
else
    actual="$(shasum -a 256 "$work/$archive" | cut -d ' ' -f 1)"
fi
actual="${actual#\\}"
if [ "$actual" != "$expected" ]; then
    fail "checksum mismatch for $archive: expected $expected, got $actual; not installing it"
fi

mkdir "$work/x"
case "$archive" in
    *.zip)
        if command -v unzip >/dev/null 2>&1; then
            unzip -q "$work/$archive" -d "$work/x"
        else
            7z x -bd -o"$work/x" "$work/$archive" >/dev/null
        fi
        ;;
    *) tar -xzf "$work/$archive" -C "$work/x" ;;
esac
[ -f "$work/x/$name/$exe" ] || fail "$archive has no $name/$exe"

mkdir -p "$dest"
cp "$work/x/$name/$exe" "$dest/$exe.tmp"
chmod +x "$dest/$exe.tmp"
mv -f "$dest/$exe.tmp" "$dest/$exe"
echo "listlint: installed $dest/$exe ($archive, SHA-256 $actual)" >&2
