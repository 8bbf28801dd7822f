#!/bin/sh
# Compares what two listlint binaries' `fix --diff` would change on every
# Markdown file of a corpus: the lines only the new binary adds (new
# changes, to read for wrong fixes) and the lines only the old one added
# (changes no longer made).
#
#   bench/fix-audit/compare.sh OLD_BINARY NEW_BINARY CORPUS_DIR [extra fix flags]
#
# e.g. bench/fix-audit/compare.sh ../main/target/release/listlint \
#        target/release/listlint CORPUS_DIR --unsafe-fixes
set -eu
if [ "$#" -lt 3 ]; then
    echo "usage: $0 OLD_BINARY NEW_BINARY CORPUS_DIR [extra fix flags]" >&2
    exit 2
fi
old=$1 new=$2 corpus=$3
shift 3
if [ ! -d "$corpus" ]; then
    echo "$0: no corpus directory: $corpus" >&2
    exit 2
fi
out=$(mktemp -d)
for f in "$corpus"/*.md; do
    n=$(basename "$f")
    "$old" fix --diff --no-config "$@" "$f" 2>/dev/null | grep '^+[^+]' | sort > "$out/$n.old" || true
    "$new" fix --diff --no-config "$@" "$f" 2>/dev/null | grep '^+[^+]' | sort > "$out/$n.new" || true
    comm -13 "$out/$n.old" "$out/$n.new" | sed "s|^|$n: new |"
    comm -23 "$out/$n.old" "$out/$n.new" | sed "s|^|$n: gone |"
done
echo "changed lines: old $(cat "$out"/*.old | wc -l), new $(cat "$out"/*.new | wc -l)" >&2
rm -rf "$out"
