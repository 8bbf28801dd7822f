#!/usr/bin/env python3
"""Score mojibake fixers line by line on the cases written by gen_cases.py.

Tools:
  ftfy-default  ftfy.fix_text(line) with ftfy's defaults (in-process, per line)
  ftfy-best     ftfy.fix_text(line, FTFY_BEST): encoding repair only; no HTML
                unescaping, quote uncurling, width folding, ligature splitting,
                normalization or control-character removal
  listlint      the listlint binary, run ONCE on the whole batch:
                `listlint fix --stdin --no-config --select mojibake`, the lines
                joined by "\\n"; the output is split on "\\n" and compared line
                by line (`--unsafe-fixes` adds that flag)

Metrics, per tool, overall and per category / chain / source:
  recall        share of damaged lines the tool changed at all
  exact         share of damaged lines whose output equals the expected line
  false-change  share of legitimate lines (and, separately, of code-span lines
                holding a mojibake sample) that the tool changed
  throughput    lines/s and MB/s (UTF-8 input bytes) over the whole batch, and
                listlint's ratio to each ftfy setting

Prints Markdown tables; --json PATH writes everything, with a few failing
examples per category; --failures PATH writes failing cases of one tool as
text, by family (worst first), and the legitimate and code-span lines it
changed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

# ftfy settings that only repair encoding. Everything a linter must not do is
# off: HTML unescaping, quote uncurling, full-width/half-width folding (it
# narrows CJK punctuation such as ，and ：), ligature splitting, Unicode
# normalization, removing control characters or terminal escapes, rewriting
# line breaks and surrogates. fix_encoding and its sub-fixes stay on, as they
# are the repair being measured.
FTFY_BEST_OPTIONS = dict(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

ALL_TOOLS = ["ftfy-default", "ftfy-best", "listlint"]


def load_jsonl(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8", newline="\n") as f:
        for raw in f:
            raw = raw.rstrip("\n")
            if raw:
                rows.append(json.loads(raw))
    return rows


class Unscorable(Exception):
    pass


def run_ftfy(lines: list[str], best: bool, repeat: int = 1) -> tuple[list[str], float, dict]:
    try:
        import ftfy
    except ImportError as e:
        raise Unscorable(f"ftfy is not installed ({e}): pip install ftfy") from e
    if best:
        config = ftfy.TextFixerConfig(**FTFY_BEST_OPTIONS)
        desc = {"ftfy": ftfy.__version__ if hasattr(ftfy, "__version__") else "?", "config": FTFY_BEST_OPTIONS}
    else:
        config = ftfy.TextFixerConfig(explain=False)
        desc = {"ftfy": getattr(ftfy, "__version__", "?"), "config": "defaults"}
    fix = ftfy.fix_text
    best_time = None
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        out = [fix(line, config) for line in lines]
        elapsed = time.perf_counter() - t0
        best_time = elapsed if best_time is None else min(best_time, elapsed)
    desc["runs"] = max(1, repeat)
    return out, best_time, desc


def find_listlint(explicit: str | None) -> str | None:
    if explicit:
        return explicit
    if os.environ.get("LISTLINT"):
        return os.environ["LISTLINT"]
    for p in (REPO / "target" / "release" / "listlint", REPO / "target" / "debug" / "listlint"):
        if p.is_file() and os.access(p, os.X_OK):
            return str(p)
    return shutil.which("listlint")


def _listlint_run(proc: subprocess.CompletedProcess, cmd: list[str], elapsed: float,
                  best_time: float | None) -> tuple[float, str]:
    """Checks one run; returns the best time so far and the run's output."""
    err = proc.stderr.decode("utf-8", "replace").strip()
    # 0: clean, 1: diagnostics remain (the fixed document is still on stdout)
    if proc.returncode not in (0, 1):
        first = err.splitlines()[0] if err else ""
        why = "unknown rule `mojibake`" if "unknown" in err.lower() and "mojibake" in err else first
        raise Unscorable(f"`{' '.join(cmd[1:])}` exited {proc.returncode}: {why}")
    out_text = proc.stdout.decode("utf-8", "replace")
    return (elapsed if best_time is None else min(best_time, elapsed)), out_text


def run_listlint(lines: list[str], binary: str | None, repeat: int, unsafe: bool = False,
                 timeout: float = 600) -> tuple[list[str], float, dict]:
    if not binary:
        raise Unscorable("no binary (build it with `cargo build --release` or pass --listlint PATH)")
    cmd = [binary, "fix", "--stdin", "--no-config", "--select", "mojibake"] + (["--unsafe-fixes"] if unsafe else [])
    data = ("\n".join(lines) + "\n").encode("utf-8")
    best_time = None
    out_text = ""
    # Standard input and output are files, as with `listlint fix --stdin <
    # in.md > out.md`: Python's pipe loop (`input=`, `capture_output`) would
    # add its own I/O, on the same cores, to listlint's time.
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.md"
        src.write_bytes(data)
        for _ in range(max(1, repeat)):
            with open(src, "rb") as fin, open(Path(tmp) / "out.md", "w+b") as fout, \
                    open(Path(tmp) / "err.txt", "w+b") as ferr:
                # `wait()` without a timeout returns as the process ends;
                # with one, Python polls with sleeps of up to 50 ms, which
                # would be timed too. A timer kills a run that hangs.
                t0 = time.perf_counter()
                try:
                    child = subprocess.Popen(cmd, stdin=fin, stdout=fout, stderr=ferr)
                except OSError as e:
                    raise Unscorable(f"cannot run {binary}: {e}") from e
                fired = threading.Event()

                def kill(child: subprocess.Popen = child, fired: threading.Event = fired) -> None:
                    fired.set()
                    child.kill()

                timer = threading.Timer(timeout, kill)
                timer.daemon = True
                timer.start()
                try:
                    returncode = child.wait()
                finally:
                    timer.cancel()
                elapsed = time.perf_counter() - t0
                if fired.is_set():
                    raise Unscorable(f"no answer within {timeout} s")
                fout.seek(0)
                ferr.seek(0)
                proc = subprocess.CompletedProcess(cmd, returncode, fout.read(), ferr.read())
            best_time, out_text = _listlint_run(proc, cmd, elapsed, best_time)
    if out_text.endswith("\n"):
        out_text = out_text[:-1]
    out = out_text.split("\n")
    if len(out) != len(lines):
        raise Unscorable(f"it returned {len(out)} lines for {len(lines)}")
    return out, best_time, {"command": " ".join(cmd[1:]), "binary": binary, "runs": max(1, repeat)}


def rate(n: int, d: int) -> float | None:
    return n / d if d else None


LATIN1_FAMILY = {"cp1252", "sloppy-cp1252", "latin-1"}

# charset label (gen_cases.py's chain) -> family
CHARSET_FAMILY = {
    "cp1252": "windows-1252/latin-1", "sloppy-cp1252": "windows-1252/latin-1",
    "latin-1": "windows-1252/latin-1",
    "cp1250": "windows-1250", "sloppy-cp1250": "windows-1250",
    "cp1251": "windows-1251", "sloppy-cp1251": "windows-1251",
    "cp1257": "windows-1257", "sloppy-cp1257": "windows-1257",
    "iso-8859-2": "iso-8859-2", "iso-8859-15": "iso-8859-15",
    "mac_roman": "mac-roman", "cp437": "cp437/cp850", "cp850": "cp437/cp850",
    "koi8-r": "koi8-r",
}


def _greek_or_hebrew(text: str) -> bool:
    return any(0x0370 <= ord(c) <= 0x03FF or 0x1F00 <= ord(c) <= 0x1FFF or 0x0590 <= ord(c) <= 0x05FF
               for c in text)


def family(r: dict) -> str:
    """The family of damage a case belongs to, one per family the rule must
    repair: each single charset (Windows-1252 and Latin-1, sloppy or strict,
    together; CP437 with CP850), Greek and Hebrew text read as Windows-1252
    or Latin-1, double and triple mojibake, CESU-8 emoji, C1 controls from
    Windows-1252 bytes, the lost no-break space, percent-encoded URLs, and
    mojibake next to a code-span sample."""
    cat = r["category"]
    if cat in ("url", "codespan-mixed", "cesu-8", "c1", "lost-nbsp"):
        return cat
    chain = r["chain"]
    if len(chain) == 2:
        return "double"
    if len(chain) >= 3:
        return "triple"
    # cases written before the `span` field: the source language decides
    greek_hebrew = _greek_or_hebrew(r["span"]) if "span" in r else r.get("source") in ("el", "he")
    if chain[0] in LATIN1_FAMILY and greek_hebrew:
        return "greek/hebrew via cp1252"
    return CHARSET_FAMILY.get(chain[0], chain[0])


def score(cases: dict, out: list[str], examples: int) -> dict:
    damaged, legit, codespan = cases["damaged"], cases["legit"], cases["codespan"]
    nd, nl = len(damaged), len(legit)
    d_out, l_out, c_out = out[:nd], out[nd:nd + nl], out[nd + nl:]

    def group(rows, outs, key, fn):
        acc: dict = {}
        for r, o in zip(rows, outs):
            k = "+".join(r[key]) if isinstance(r[key], list) else r[key]
            acc.setdefault(k, []).append(fn(r, o))
        return acc

    def dstat(r, o):
        return (o != r["input"], o == r["expected"])

    def summarize_d(vals):
        n = len(vals)
        return {"n": n, "recall": rate(sum(v[0] for v in vals), n), "exact": rate(sum(v[1] for v in vals), n)}

    def summarize_l(vals):
        n = len(vals)
        return {"n": n, "changed": sum(vals), "false_change": rate(sum(vals), n)}

    res: dict = {
        "damaged": summarize_d([dstat(r, o) for r, o in zip(damaged, d_out)]),
        "legit": summarize_l([o != r["line"] for r, o in zip(legit, l_out)]),
        "codespan": summarize_l([o != r["line"] for r, o in zip(codespan, c_out)]),
    }
    for r in damaged:
        r.setdefault("family", family(r))
    for key in ("family", "category", "chain", "source", "scope"):
        res[f"damaged_by_{key}"] = {k: summarize_d(v) for k, v in sorted(group(damaged, d_out, key, dstat).items())}
    for key in ("category", "template"):
        res[f"legit_by_{key}"] = {k: summarize_l(v) for k, v in sorted(
            group(legit, l_out, key, lambda r, o: o != r["line"]).items())}
    res["codespan_by_chain"] = {k: summarize_l(v) for k, v in sorted(
        group(codespan, c_out, "chain", lambda r, o: o != r["line"]).items())}

    if examples:
        ex: dict = {"damaged": {}, "legit": {}, "codespan": []}
        for r, o in zip(damaged, d_out):
            lst = ex["damaged"].setdefault(r["category"], [])
            if o != r["expected"] and len(lst) < examples:
                lst.append({"id": r["id"], "chain": r["chain"], "input": r["input"], "output": o, "expected": r["expected"]})
        for r, o in zip(legit, l_out):
            lst = ex["legit"].setdefault(r["category"], [])
            if o != r["line"] and len(lst) < examples:
                lst.append({"id": r["id"], "line": r["line"], "output": o})
        for r, o in zip(codespan, c_out):
            if o != r["line"] and len(ex["codespan"]) < examples:
                ex["codespan"].append({"id": r["id"], "line": r["line"], "output": o})
        ex["legit"] = {k: v for k, v in ex["legit"].items() if v}
        ex["damaged"] = {k: v for k, v in ex["damaged"].items() if v}
        res["examples"] = ex
    return res


def pct(x: float | None, digits: int = 1) -> str:
    return "–" if x is None else f"{100 * x:.{digits}f}%"


def table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def report(results: dict, counts: dict) -> str:
    tools = [t for t in results["tools"] if results["tools"][t]["status"] == "ok"]
    parts = []
    c = counts
    parts.append(f"Cases: {c['damaged']} damaged, {c['legit']} legitimate, {c['codespan']} code-span "
                 f"({c['bytes'] / 1e6:.2f} MB in {c['lines']} lines)\n")
    rows = []
    for t in results["tools"]:
        r = results["tools"][t]
        if r["status"] != "ok":
            rows.append([t, "not scored", "–", "–", "–", "–", "–", "–"])
            continue
        s = r["scores"]
        th = r["throughput"]
        rows.append([t, pct(s["damaged"]["recall"]), pct(s["damaged"]["exact"]),
                     pct(s["legit"]["false_change"], 2) + f" ({s['legit']['changed']})",
                     pct(s["codespan"]["false_change"], 1) + f" ({s['codespan']['changed']})",
                     f"{th['lines_per_s']:,.0f}", f"{th['mb_per_s']:.2f}", f"{th['seconds']:.2f} s"])
    parts.append(table(["tool", "recall", "exact fix", "legit changed", "code-span changed",
                        "lines/s", "MB/s", "time"], rows))
    for t, r in results["tools"].items():
        if r["status"] != "ok":
            parts.append(f"\n{t} could not be scored: {r['reason']}")
    if results.get("ratios"):
        parts.append("\nThroughput ratio: " + ", ".join(f"{k} = {v:.1f}×" for k, v in results["ratios"].items()))
    if not tools:
        return "\n".join(parts)

    def breakdown(title, key, kind):
        keys: list = []
        for t in tools:
            for k in results["tools"][t]["scores"][key]:
                if k not in keys:
                    keys.append(k)
        ns = results["tools"][tools[0]]["scores"][key]
        if kind == "d":
            hdr = [title, "n"] + [f"{t} exact (recall)" for t in tools]
            rows = [[k, str(ns[k]["n"])] + [
                f"{pct(results['tools'][t]['scores'][key][k]['exact'])} ({pct(results['tools'][t]['scores'][key][k]['recall'])})"
                for t in tools] for k in keys]
        else:
            hdr = [title, "n"] + [f"{t} changed" for t in tools]
            rows = [[k, str(ns[k]["n"])] + [
                pct(results["tools"][t]["scores"][key][k]["false_change"], 2) for t in tools] for k in keys]
        return f"\n### {title}\n\n" + table(hdr, rows)

    parts.append(breakdown("Damaged lines by charset family", "damaged_by_family", "d"))
    parts.append(breakdown("Damaged lines by category", "damaged_by_category", "d"))
    parts.append(breakdown("Damaged lines by charset chain", "damaged_by_chain", "d"))
    parts.append(breakdown("Damaged lines by source text", "damaged_by_source", "d"))
    parts.append(breakdown("Legitimate lines by source text", "legit_by_category", "l"))
    parts.append(breakdown("Legitimate lines by line shape", "legit_by_template", "l"))
    parts.append(breakdown("Code-span samples by charset chain", "codespan_by_chain", "l"))
    return "\n".join(parts)


def _show(text: str) -> str:
    """`text` with invisible characters (controls, format characters, spaces
    other than U+0020) spelled as \\uXXXX, so that C1 controls and NBSPs show."""
    out = []
    for c in text:
        cat = unicodedata.category(c)
        if c != " " and (cat in ("Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cs") or c == "\\"):
            out.append("\\\\" if c == "\\" else f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return "".join(out)


def write_failures(path: str, tool: str, cases: dict, out: list[str], scores: dict, per_group: int) -> None:
    """Failing damaged cases by family (worst family first) and changed
    legitimate and code-span lines, at most `per_group` of each, for `tool`."""
    damaged, legit, codespan = cases["damaged"], cases["legit"], cases["codespan"]
    nd, nl = len(damaged), len(legit)
    d_out, l_out, c_out = out[:nd], out[nd:nd + nl], out[nd + nl:]
    fams = scores["damaged_by_family"]
    lines = [f"# {tool}: failing cases (invisible characters as \\uXXXX, backslash as \\\\)", ""]
    for fam in sorted(fams, key=lambda k: (fams[k]["exact"] or 0, k)):
        fails = [(r, o) for r, o in zip(damaged, d_out) if r["family"] == fam and o != r["expected"]]
        if not fails:
            continue
        f = fams[fam]
        lines.append(f"## family {fam}: {pct(f['exact'])} exact of {f['n']}, {len(fails)} failing"
                     f" ({sum(o == r['input'] for r, o in fails)} unchanged), showing {min(per_group, len(fails))}")
        lines.append("")
        # a varied sample: one case of each (category, scope, chain) in turn
        kinds: dict = {}
        for r, o in fails:
            kinds.setdefault((r["category"], r.get("scope"), "+".join(r["chain"])), []).append((r, o))
        shown: list = []
        while len(shown) < min(per_group, len(fails)):
            for lst in kinds.values():
                if lst and len(shown) < per_group:
                    shown.append(lst.pop(0))
        shown.sort(key=lambda ro: ro[0]["id"])
        for r, o in shown:
            lines.append(f"{r['id']} {r['category']}/{r.get('scope', '?')} {'+'.join(r['chain'])} ({r['source']})")
            lines.append(f"  input:    {_show(r['input'])}")
            lines.append(f"  expected: {_show(r['expected'])}")
            lines.append(f"  output:   {_show(o)}" + ("   [unchanged]" if o == r["input"] else ""))
        lines.append("")
    for name, rows, outs in (("legitimate", legit, l_out), ("code-span", codespan, c_out)):
        changed = [(r, o) for r, o in zip(rows, outs) if o != r["line"]]
        lines.append(f"## {name} lines changed: {len(changed)} of {len(rows)} (showing {min(per_group, len(changed))})")
        lines.append("")
        for r, o in changed[:per_group]:
            lines.append(f"{r['id']} {r['category']}/{r.get('template', '?')}")
            lines.append(f"  line:     {_show(r['line'])}")
            lines.append(f"  output:   {_show(o)}")
        lines.append("")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", default=str(HERE / "cases"), help="folder with the .jsonl files")
    ap.add_argument("--tools", default=",".join(ALL_TOOLS), help=f"comma-separated, from {','.join(ALL_TOOLS)}")
    ap.add_argument("--listlint", help="listlint binary (default: $LISTLINT, target/release, target/debug, PATH)")
    ap.add_argument("--repeat", type=int, default=3, help="listlint runs; the fastest is timed (default 3)")
    ap.add_argument("--unsafe-fixes", action="store_true",
                    help="run listlint with --unsafe-fixes too (repairs that keep a `�` for a lost byte)")
    ap.add_argument("--ftfy-repeat", type=int, default=1,
                    help="ftfy runs per setting; the fastest is timed (default 1: a run takes seconds)")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N cases of each file")
    ap.add_argument("--json", help="write results here")
    ap.add_argument("--examples", type=int, default=5, help="failing examples per category in the JSON")
    ap.add_argument("--failures", help="write failing cases of one tool here, by family (text)")
    ap.add_argument("--failures-tool", default="listlint", help="the tool for --failures (default listlint)")
    ap.add_argument("--failures-per-group", type=int, default=15,
                    help="failing cases per family, and changed lines, in --failures (default 15)")
    args = ap.parse_args()

    cdir = Path(args.cases)
    cases = {}
    for name in ("damaged", "legit", "codespan"):
        p = cdir / f"{name}.jsonl"
        if not p.exists():
            print(f"error: {p} not found; run gen_cases.py first", file=sys.stderr)
            return 2
        rows = load_jsonl(p)
        cases[name] = rows[: args.limit] if args.limit else rows

    lines = [r["input"] for r in cases["damaged"]] + [r["line"] for r in cases["legit"]] + \
            [r["line"] for r in cases["codespan"]]
    bad = [i for i, l in enumerate(lines) if "\n" in l or "\r" in l]
    if bad:
        print(f"error: {len(bad)} case lines contain a line break", file=sys.stderr)
        return 2
    nbytes = sum(len(l.encode("utf-8")) + 1 for l in lines)
    counts = {"damaged": len(cases["damaged"]), "legit": len(cases["legit"]),
              "codespan": len(cases["codespan"]), "lines": len(lines), "bytes": nbytes}

    results: dict = {"cases": counts, "tools": {}, "ratios": {}}
    for tool in [t.strip() for t in args.tools.split(",") if t.strip()]:
        print(f"scoring {tool}…", file=sys.stderr)
        try:
            if tool == "ftfy-default":
                out, secs, desc = run_ftfy(lines, best=False, repeat=args.ftfy_repeat)
            elif tool == "ftfy-best":
                out, secs, desc = run_ftfy(lines, best=True, repeat=args.ftfy_repeat)
            elif tool == "listlint":
                out, secs, desc = run_listlint(lines, find_listlint(args.listlint), args.repeat, args.unsafe_fixes)
            else:
                print(f"error: unknown tool {tool!r}", file=sys.stderr)
                return 2
        except Unscorable as e:
            print(f"  {tool} could not be scored: {e}", file=sys.stderr)
            results["tools"][tool] = {"status": "not scored", "reason": str(e)}
            continue
        results["tools"][tool] = {
            "status": "ok",
            "setup": desc,
            "throughput": {"seconds": secs, "lines_per_s": len(lines) / secs, "mb_per_s": nbytes / 1e6 / secs},
            "scores": score(cases, out, args.examples),
        }
        if args.failures and tool == args.failures_tool:
            write_failures(args.failures, tool, cases, out, results["tools"][tool]["scores"],
                           args.failures_per_group)
            print(f"  failing cases written to {args.failures}", file=sys.stderr)

    ok = {t: r for t, r in results["tools"].items() if r["status"] == "ok"}
    if "listlint" in ok:
        for t in ("ftfy-best", "ftfy-default"):
            if t in ok:
                results["ratios"][f"listlint/{t}"] = ok["listlint"]["throughput"]["lines_per_s"] / ok[t]["throughput"]["lines_per_s"]

    print(report(results, counts))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, ensure_ascii=False, indent=1)
        print(f"\nresults written to {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
