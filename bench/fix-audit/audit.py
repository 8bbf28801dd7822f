#!/usr/bin/env python3
"""Audit `listlint fix` (safe fixes only) on a corpus of real lists.

For every Markdown file of CORPUS_DIR, on a temporary copy:

1. `listlint check --no-config --format json` lists the diagnostics; the
   rules with a safe fix are the ones `fix` may apply.
2. `listlint fix --no-config` applies the safe fixes; the lines it changes
   are counted.
3. Each of those rules is applied alone (`fix --no-config --select RULE` on
   a fresh copy) to attribute the changed lines to it (a line two rules
   change counts for both; `unattributed` counts lines of the whole fix no
   rule changes alone).
4. The file before and after is rendered with cmark-gfm (the `cmarkgfm`
   package from PyPI, GitHub's own parser with its extensions) and the
   HTML structure, the sequence of tags without text or attributes, is
   compared. A change that only removes `</ul><ul>` (or `</ol><ol>`)
   between two lists, with the paragraph tags of items that become loose
   or tight, is a split list the fix rejoined: listed apart. So is a change
   that only inserts `</li><li>` pairs: a line glued to its marker
   (`-[Name](url) - …`), which cmark-gfm reads as a continuation of the
   item above, made the item it was meant to be.

Usage:
    python3 bench/fix-audit/audit.py CORPUS_DIR [--listlint BIN]
        [--json OUT] [--samples RULE[,RULE]] [--max-samples N]

Prints Markdown tables: changed lines by rule, then files whose structure
changed. `--samples` prints up to N changed lines (before and after) of
those rules per file, for reading by hand.
"""

import argparse
import collections
import difflib
import html.parser
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

try:
    import cmarkgfm
    from cmarkgfm.cmark import Options as CmarkOptions
except ImportError:  # pragma: no cover
    sys.exit("audit.py needs cmarkgfm: pip install cmarkgfm")


def render(text: str) -> str:
    # Unsafe: raw HTML is kept (GitHub renders it, then sanitises it).
    return cmarkgfm.github_flavored_markdown_to_html(
        text, options=CmarkOptions.CMARK_OPT_UNSAFE
    )


class Tags(html.parser.HTMLParser):
    """The sequence of start and end tags of an HTML text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(f"<{tag}>")

    def handle_startendtag(self, tag, attrs):
        self.tags.append(f"<{tag}/>")

    def handle_endtag(self, tag):
        self.tags.append(f"</{tag}>")


def structure(text: str) -> list:
    p = Tags()
    p.feed(render(text))
    p.close()
    return p.tags


def rejoined_only(before: list, after: list) -> bool:
    """Whether `after` differs from `before` only by lists joined together
    (a `</ul><ul>` or `</ol><ol>` pair removed), and the `<p>` tags of
    items whose list became loose or tight by it."""
    sm = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    joined = False
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        removed = before[i1:i2] if op in ("delete", "replace") else []
        added = after[j1:j2] if op in ("insert", "replace") else []
        rest = [t for t in removed if t not in ("<p>", "</p>")]
        if any(t not in ("<p>", "</p>") for t in added):
            return False
        while rest:
            if rest[:2] in (["</ul>", "<ul>"], ["</ol>", "<ol>"]):
                rest = rest[2:]
                joined = True
            else:
                return False
    return joined


def items_split_only(before: list, after: list) -> bool:
    """Whether `after` differs from `before` only by `</li><li>` pairs
    inserted: text glued to a list marker, which cmark-gfm reads as a lazy
    continuation of the item above, became an item of its own."""
    sm = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    split = False
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        added = after[j1:j2]
        if op != "insert" or len(added) % 2 or added != ["</li>", "<li>"] * (len(added) // 2):
            return False
        split = True
    return split


def run(cmd, cwd):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)


def changed_lines(before: str, after: str) -> dict:
    """Lines of `before` (1-based) that the fix changed, with their new
    text (the lines that replace them, joined)."""
    a = before.splitlines(keepends=False)
    b = after.splitlines(keepends=False)
    out = {}
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        new = "\n".join(b[j1:j2])
        if i1 == i2:
            # Pure insertion: count it at the line before.
            out.setdefault(max(i1, 1), ("", new))
            continue
        for k in range(i1, i2):
            out[k + 1] = (a[k], new if k == i1 else "")
    return out


def fix_copy(binary, src: pathlib.Path, tmp: pathlib.Path, select=None) -> str:
    dst = tmp / src.name
    shutil.copyfile(src, dst)
    cmd = [binary, "fix", "--no-config", "--quiet", "--format", "concise"]
    if select:
        cmd += ["--select", select]
    cmd.append(dst.name)
    r = run(cmd, tmp)
    if r.returncode == 2:
        raise RuntimeError(f"{src.name}: fix failed: {r.stderr.strip()}")
    return dst.read_text(encoding="utf-8", errors="surrogateescape")


def audit_file(binary, path: pathlib.Path, samples, max_samples):
    before = path.read_text(encoding="utf-8", errors="surrogateescape")
    with tempfile.TemporaryDirectory(prefix="fix-audit-") as t:
        tmp = pathlib.Path(t)
        shutil.copyfile(path, tmp / path.name)
        r = run(
            [binary, "check", "--no-config", "--format", "json", "--fail-on", "never", path.name],
            tmp,
        )
        report = json.loads(r.stdout)
        safe_rules = sorted(
            {d["rule"] for d in report["diagnostics"] if d.get("fix") == "safe"}
        )
        after = fix_copy(binary, path, tmp)
        total = changed_lines(before, after)
        by_rule = {}
        for rule in safe_rules:
            alone = fix_copy(binary, path, tmp, select=rule)
            lines = changed_lines(before, alone)
            if lines:
                by_rule[rule] = lines
    attributed = set().union(*[set(v) for v in by_rule.values()]) if by_rule else set()
    unattributed = {k: v for k, v in total.items() if k not in attributed}
    if unattributed:
        by_rule["unattributed"] = unattributed
    s_before, s_after = structure(before), structure(after)
    if s_before == s_after:
        verdict = "same"
    elif rejoined_only(s_before, s_after):
        verdict = "rejoined"
    elif items_split_only(s_before, s_after):
        verdict = "item split off"
    else:
        verdict = "changed"
    shown = []
    for rule in samples:
        for line, (old, new) in list(sorted(by_rule.get(rule, {}).items()))[:max_samples]:
            shown.append((rule, line, old, new))
    return {
        "file": path.name,
        "changed_lines": len(total),
        "by_rule": {k: len(v) for k, v in by_rule.items()},
        "structure": verdict,
        "samples": shown,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=pathlib.Path)
    ap.add_argument("--listlint", default="target/release/listlint")
    ap.add_argument("--json", type=pathlib.Path, help="write the results here")
    ap.add_argument("--samples", default="", help="rules whose changes to print")
    ap.add_argument("--max-samples", type=int, default=5)
    args = ap.parse_args()
    binary = os.path.abspath(args.listlint)
    files = sorted(
        p for p in args.corpus.iterdir() if p.suffix in (".md", ".markdown") and p.is_file()
    )
    samples = [s for s in args.samples.split(",") if s]
    results = []
    for p in files:
        res = audit_file(binary, p, samples, args.max_samples)
        results.append(res)
        print(
            f"{res['file']}: {res['changed_lines']} lines, structure {res['structure']}",
            file=sys.stderr,
        )
    totals = collections.Counter()
    files_by_rule = collections.Counter()
    for r in results:
        for rule, n in r["by_rule"].items():
            totals[rule] += n
            files_by_rule[rule] += 1
    print(f"## Changed lines by rule ({len(files)} files)\n")
    print("| rule | lines | files |\n| --- | ---: | ---: |")
    for rule, n in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"| {rule} | {n} | {files_by_rule[rule]} |")
    print(f"| **all (whole fix)** | {sum(r['changed_lines'] for r in results)} | "
          f"{sum(1 for r in results if r['changed_lines'])} |")
    print("\n## Rendered structure\n")
    for verdict in ("changed", "rejoined", "item split off"):
        names = [r["file"] for r in results if r["structure"] == verdict]
        print(f"- {verdict}: {len(names)}" + (": " + ", ".join(names) if names else ""))
    print(f"- same: {sum(1 for r in results if r['structure'] == 'same')}")
    if samples:
        print("\n## Samples\n")
        for r in results:
            for rule, line, old, new in r["samples"]:
                print(f"{r['file']}:{line} [{rule}]\n  - {old}\n  + {new}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
