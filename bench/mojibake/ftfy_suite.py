#!/usr/bin/env python3
"""Score `listlint fix --select mojibake` on ftfy's own test cases.

The cases are the `tests/test_cases.json` of ftfy's source distribution
(6.3.1), written by ftfy's authors from text found in the wild: nobody here
wrote them. The script downloads the sdist with pip into
`bench/mojibake/ftfy-sdist/` (git ignores it) unless `--cases` names a
`test_cases.json`; the cases are never copied into the repository.

Each case is one document given to `listlint fix --stdin --no-config
--select mojibake` (with and without `--unsafe-fixes`). A case is
*positive* when its expected text (`fixed-encoding`, else `fixed`) differs
from the original once curly quotes are made straight (ftfy's `fixed` also
uncurls quotes, which is not an encoding repair); the output must then equal
the expected text, quotes made straight. A *negative* case must come out
byte for byte as it went in. ftfy itself is scored the same way (with
`fix_encoding` only) when it is installed.

Prints Markdown tables by group (ftfy's `expect: pass` cases by kind:
language names, synthetic, in the wild; and its `expect: fail` cases) and
lists every case that listlint gets wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
FTFY_VERSION = "6.3.1"
CACHE = HERE / "ftfy-sdist"

QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"'})


def straight(s: str) -> str:
    return s.translate(QUOTES)


def fetch_cases() -> Path:
    target = CACHE / f"ftfy-{FTFY_VERSION}" / "tests" / "test_cases.json"
    if target.is_file():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
         f"ftfy=={FTFY_VERSION}", "-d", str(CACHE)],
        check=True,
    )
    sdist = next(CACHE.glob(f"ftfy-{FTFY_VERSION}.tar.gz"))
    with tarfile.open(sdist) as tar:
        member = tar.getmember(f"ftfy-{FTFY_VERSION}/tests/test_cases.json")
        tar.extract(member, CACHE, filter="data")
    return target


def find_listlint(explicit: str | None) -> str:
    for p in (explicit, os.environ.get("LISTLINT"), REPO / "target" / "release" / "listlint",
              shutil.which("listlint")):
        if p and Path(p).is_file():
            return str(p)
    sys.exit("no listlint binary: cargo build --release, or pass --listlint")


def run_listlint(binary: str, text: str, unsafe: bool) -> str:
    cmd = [binary, "fix", "--stdin", "--no-config", "--select", "mojibake"]
    if unsafe:
        cmd.append("--unsafe-fixes")
    proc = subprocess.run(cmd, input=text.encode("utf-8"), capture_output=True, timeout=60)
    if proc.returncode not in (0, 1):
        # A crash is scored as a wrong answer and shown.
        return f"<listlint exited {proc.returncode}: {proc.stderr.decode()[:200]}>"
    return proc.stdout.decode("utf-8")


def group_of(case: dict) -> str:
    if case["expect"] != "pass":
        return "ftfy expects to fail"
    label = case["label"]
    if label.startswith("Messy language names"):
        return "language names"
    if "ynthetic" in label:
        return "synthetic"
    return "in the wild"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", help="path of test_cases.json (default: download ftfy's sdist)")
    ap.add_argument("--listlint", help="listlint binary (default: target/release/listlint)")
    ap.add_argument("--json", help="write every outcome here")
    args = ap.parse_args()
    cases = json.loads(Path(args.cases or fetch_cases()).read_text(encoding="utf-8"))
    binary = find_listlint(args.listlint)
    try:
        import ftfy  # noqa: F401
        have_ftfy = True
    except ImportError:
        have_ftfy = False
        print("ftfy is not installed (pip install ftfy): scoring listlint only\n")

    rows = []
    for case in cases:
        original = case["original"]
        expected = case.get("fixed-encoding", case["fixed"])
        positive = straight(expected) != straight(original)
        row = {"label": case["label"], "group": group_of(case), "positive": positive,
               "original": original, "expected": expected}
        outputs = {"listlint": run_listlint(binary, original, False),
                   "listlint --unsafe-fixes": run_listlint(binary, original, True)}
        if have_ftfy:
            import ftfy
            outputs["ftfy fix_encoding"] = ftfy.fix_encoding(original)
        row["outputs"] = outputs
        row["ok"] = {}
        for tool, out in outputs.items():
            if positive:
                row["ok"][tool] = straight(out) == straight(expected)
            else:
                row["ok"][tool] = out == original
        row["changed"] = {tool: out != original for tool, out in outputs.items()}
        rows.append(row)

    tools = list(rows[0]["outputs"])
    groups = ["language names", "synthetic", "in the wild", "ftfy expects to fail"]
    print(f"cases: {len(rows)} from {args.cases or 'ftfy ' + FTFY_VERSION + ' sdist'}\n")
    print("| group | kind | cases | " + " | ".join(tools) + " |")
    print("|---|---|---:|" + "---:|" * len(tools))
    for positive in (True, False):
        kind = "positive (fixed exactly)" if positive else "negative (unchanged)"
        for g in groups + ["all ftfy passes", "all"]:
            sel = [r for r in rows if r["positive"] == positive and (
                g == "all" or (g == "all ftfy passes" and r["group"] != "ftfy expects to fail") or r["group"] == g)]
            if not sel:
                continue
            cells = [f"{sum(r['ok'][t] for r in sel)} ({100 * sum(r['ok'][t] for r in sel) / len(sel):.0f} %)"
                     for t in tools]
            print(f"| {g} | {kind} | {len(sel)} | " + " | ".join(cells) + " |")
    print()
    for t in tools:
        wrong = [r for r in rows if r["positive"] and r["changed"][t] and not r["ok"][t]]
        print(f"{t}: positives changed but not to the expected text: {len(wrong)}")
    print()
    for r in rows:
        if r["ok"]["listlint --unsafe-fixes"] and r["ok"]["listlint"] == (not r["positive"] or r["ok"]["listlint"]):
            continue
        print(f"- [{'POS' if r['positive'] else 'NEG'} / {r['group']}] {r['label'][:70]}")
        print(f"    original: {r['original']!r}")
        print(f"    expected: {r['expected']!r}")
        print(f"    listlint: {r['outputs']['listlint']!r}")
        if r["outputs"]["listlint --unsafe-fixes"] != r["outputs"]["listlint"]:
            print(f"    unsafe:   {r['outputs']['listlint --unsafe-fixes']!r}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
