#!/bin/sh
# Runs `check --format json` and `fix --diff` with two listlint binaries on
# every .md file under the given directories (one run per file, from the
# same working directory, on the same paths) and reports any difference in
# stdout, stderr or exit status. Exit 0: identical; 1: differences.
set -u
if [ "$#" -lt 3 ]; then
    echo "usage: $0 OLD_BIN NEW_BIN DIR..." >&2
    exit 2
fi
old=$1
new=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
files=0
diffs=0
run() { # bin out-prefix args...
    bin=$1
    out=$2
    shift 2
    "$bin" "$@" >"$out.stdout" 2>"$out.stderr"
    echo "$?" >"$out.status"
}
for dir in "$@"; do
    find "$dir" -name '*.md' -type f | LC_ALL=C sort >"$work/list"
    while IFS= read -r f; do
        files=$((files + 1))
        for cmd in check fix; do
            if [ "$cmd" = check ]; then
                run "$old" "$work/old" check --format json "$f"
                run "$new" "$work/new" check --format json "$f"
            else
                run "$old" "$work/old" fix --diff "$f"
                run "$new" "$work/new" fix --diff "$f"
            fi
            for part in stdout stderr status; do
                if ! cmp -s "$work/old.$part" "$work/new.$part"; then
                    diffs=$((diffs + 1))
                    echo "differs: $cmd $f ($part)"
                    diff "$work/old.$part" "$work/new.$part" | head -n 10
                fi
            done
        done
    done <"$work/list"
done
echo "$files files, $diffs differences"
[ "$diffs" -eq 0 ]
