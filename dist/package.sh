#!/usr/bin/env bash
# Packs a built listlint for one target the way releases ship it:
#
#   dist/package.sh BINARY TARGET OUTDIR
#
# writes OUTDIR/listlint-VERSION-TARGET.tar.gz (.zip for Windows targets),
# holding listlint-VERSION-TARGET/ with the binary, the README and the
# licences, and beside it ARCHIVE.sha256 in `sha256sum` format. VERSION is
# the one in Cargo.toml. The release workflow, `cargo binstall` (Cargo.toml)
# and dist/download-release.sh all rely on these names.
set -euo pipefail

if [ "$#" -ne 3 ]; then
    echo "usage: $0 BINARY TARGET OUTDIR" >&2
    exit 2
fi
binary="$1"
target="$2"
outdir="$3"
root="$(cd "$(dirname "$0")/.." && pwd)"

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)"
if [ -z "$version" ]; then
    echo "error: no version in $root/Cargo.toml" >&2
    exit 1
fi
name="listlint-$version-$target"
case "$target" in
    *windows*) exe=listlint.exe archive="$name.zip" ;;
    *) exe=listlint archive="$name.tar.gz" ;;
esac

mkdir -p "$outdir"
outdir="$(cd "$outdir" && pwd)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
cp "$binary" "$stage/$name/$exe"
chmod +x "$stage/$name/$exe"
cp "$root/README.md" "$root/LICENSE-MIT" "$root/LICENSE-APACHE" "$stage/$name/"

rm -f "$outdir/$archive"
case "$archive" in
    *.zip)
        # Windows runners have 7-Zip, and PowerShell, but not always zip.
        if command -v zip >/dev/null 2>&1; then
            (cd "$stage" && zip -qr "$outdir/$archive" "$name")
        elif command -v 7z >/dev/null 2>&1; then
            (cd "$stage" && 7z a -tzip -bd "$outdir/$archive" "$name" >/dev/null)
        else
            (cd "$stage" && powershell -NoProfile -Command \
                "Compress-Archive -Path '$name' -DestinationPath '$(cygpath -w "$outdir/$archive" 2>/dev/null || echo "$outdir/$archive")'")
        fi
        ;;
    *) tar -C "$stage" -czf "$outdir/$archive" "$name" ;;
esac

if command -v sha256sum >/dev/null 2>&1; then
    (cd "$outdir" && sha256sum "$archive" >"$archive.sha256")
else
    (cd "$outdir" && shasum -a 256 "$archive" >"$archive.sha256")
fi
echo "$outdir/$archive"
