#!/usr/bin/env bash
# Runs listlint for the GitHub Action (action.yml), from its inputs:
#
#   INPUT_ARGS         the arguments after `listlint`, split as a POSIX shell
#                      splits words: quotes and backslashes group, nothing
#                      is expanded or run (`'docs/**/*.md'` stays a glob for
#                      listlint, `$(...)` stays text)
#   INPUT_FORMAT       --format, unless the arguments give one
#   INPUT_OUTPUT       a file for the report instead of standard output
#   INPUT_SUMMARY      `true`: the Markdown summary goes to the job summary
#   INPUT_LINKS_CACHE  with --links, use the cache (kept by actions/cache)
#   INPUT_FAIL         `false`: the step succeeds whatever listlint finds
#   LISTLINT           the command to run (default: listlint on PATH)
#
# Outputs (to $GITHUB_OUTPUT when set): `exit-code`, `dead-links` (the
# number of `dead-link` diagnostics) and `summary` (the summary's path).
set -euo pipefail

fail() {
    echo "error: $*" >&2
    exit 2
}

python=""
for p in python3 python; do
    if command -v "$p" >/dev/null 2>&1; then
        python="$p"
        break
    fi
done
[ -n "$python" ] || fail "the action needs Python 3 to split its \`args\` input"

# shlex splits like a POSIX shell and evaluates nothing; each word ends
# with a NUL, the one byte no argument can hold.
# shellcheck disable=SC2016
split='import shlex, sys
try:
    words = shlex.split(sys.argv[1])
except ValueError as e:
    sys.exit("error: the `args` input cannot be split: %s" % e)
sys.stdout.buffer.write("".join(w + "\0" for w in words).encode("utf-8"))'
words="$(mktemp)"
trap 'rm -f "$words"' EXIT
"$python" -c "$split" "${INPUT_ARGS:-check .}" > "$words" || exit 2
args=()
while IFS= read -r -d '' word; do
    args+=("$word")
done < "$words"
if [ "${#args[@]}" -eq 0 ]; then
    args=(check .)
fi

has() {
    local a
    for a in "${args[@]}"; do
        case "$a" in
            "$1" | "$1"=*) return 0 ;;
        esac
    done
    return 1
}

summary=""
case "${args[0]:-}" in
    check | fix)
        if ! has --format; then
            args+=(--format "${INPUT_FORMAT:-github}")
        fi
        # The summary's path is an output: the one the arguments name, or
        # a file of our own, copied to the job summary after the run.
        for ((i = 0; i < ${#args[@]}; i++)); do
            case "${args[$i]}" in
                --summary) summary="${args[$((i + 1))]:-}" ;;
                --summary=*) summary="${args[$i]#--summary=}" ;;
            esac
        done
        if [ -z "$summary" ]; then
            summary="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/listlint-summary.md"
            : > "$summary"
            args+=(--summary "$summary")
        fi
        if [ -n "${INPUT_LINKS_CACHE:-}" ] && has --links; then
            args+=(--cache)
        fi
        ;;
esac

status=0
if [ -n "${INPUT_OUTPUT:-}" ]; then
    "${LISTLINT:-listlint}" "${args[@]}" > "$INPUT_OUTPUT" || status=$?
else
    "${LISTLINT:-listlint}" "${args[@]}" || status=$?
fi

# The `dead-link` rows of the summary's rules table (one per severity).
dead=0
if [ -n "$summary" ] && [ -f "$summary" ]; then
    while IFS= read -r n; do
        dead=$((dead + n))
    done < <(sed -n 's/^| \[`dead-link`\]([^)]*) | [a-z]* | \([0-9][0-9]*\) |$/\1/p' "$summary")
    if [ "${INPUT_SUMMARY:-true}" = "true" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ] &&
        [ "$summary" != "$GITHUB_STEP_SUMMARY" ]; then
        cat "$summary" >> "$GITHUB_STEP_SUMMARY"
    fi
fi

{
    echo "exit-code=$status"
    echo "dead-links=$dead"
    echo "summary=$summary"
} >> "${GITHUB_OUTPUT:-/dev/null}"

if [ "${INPUT_FAIL:-true}" = "false" ]; then
    exit 0
fi
exit "$status"
