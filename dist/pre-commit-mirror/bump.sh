#!/usr/bin/env bash
# Points the mirror at another listlint release: `./bump.sh 0.2.0` sets the
# package version and the pinned wheel, and the `rev:` the README shows.
# Then commit, tag `v0.2.0` and push the tag.
set -euo pipefail
if [ "$#" -ne 1 ] || ! [[ "$1" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]]; then
    echo "usage: $0 VERSION (e.g. 0.2.0)" >&2
    exit 2
fi
cd "$(dirname "$0")"
sed -i.bak -e "s/^version = \".*\"/version = \"$1\"/" \
    -e "s/\"listlint==[^\"]*\"/\"listlint==$1\"/" pyproject.toml
sed -i.bak -e "s/rev: v[0-9][^ ]*/rev: v$1/" README.md
rm -f pyproject.toml.bak README.md.bak
grep -n "$1" pyproject.toml README.md
