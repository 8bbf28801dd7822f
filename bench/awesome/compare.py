#!/usr/bin/env python3
"""Compare listlint's awesome preset with awesome-lint on real awesome lists.

For every awesome-style list of the corpus (the files listlint itself puts in
the `awesome` preset), the script builds the directory awesome-lint expects:

    WORK/<name>/readme.md        the list
    WORK/<name>/contributing.md  so that the contributing check can pass
    WORK/<name>/listlint.toml    preset = "awesome", awesome-lint styles
    WORK/<name>/.git             one commit dated 2020-01-01, `origin` set to
                                 the list's GitHub repository (from SOURCES.tsv)
                                 and the branch tracking it

then runs awesome-lint there without any network (`unshare --net`, so its
GitHub API checks cannot run) with a small JSON reporter, runs
`listlint check --format json` on the same copy, and compares the findings
rule by rule and location by location. Both sides' locations are moved to
the first line of the list item they fall in, so that a finding on the
second line of a wrapped entry still matches.

    python3 bench/awesome/compare.py --corpus CORPUS_DIR \
        --listlint target/release/listlint --out /tmp/awcmp/results.json

Needs: Python 3.9+, git, awesome-lint on PATH (or --awesome-lint), and
`unshare` with the right to create a network namespace (root). The results
file holds the per-rule table, every finding of both tools, the differences
and, for each rule, a sample of up to --sample differences of each side with
the source line, for reading. `--judgments FILE` (JSON, see README.md) adds
the verdicts of such a reading to the table.
"""

import argparse
import collections
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import time

OLD_DATE = "2020-01-01T00:00:00+00:00"

# A reporter module for awesome-lint's `--reporter` option: it is imported by
# path and its `report(files)` result is printed on stdout.
REPORTER_JS = """\
export function report(files) {
\tconst out = [];
\tfor (const file of files) {
\t\tfor (const m of file.messages) {
\t\t\tout.push({
\t\t\t\tfile: file.path,
\t\t\t\tline: m.line ?? null,
\t\t\t\tcolumn: m.column ?? null,
\t\t\t\truleId: m.ruleId ?? null,
\t\t\t\tsource: m.source ?? null,
\t\t\t\treason: String(m.reason ?? m.message ?? ''),
\t\t\t\tfatal: m.fatal ?? null,
\t\t\t});
\t\t}
\t}
\treturn '@@AWCMP@@' + JSON.stringify(out);
}
"""

# awesome-lint's `awesome-list-item` rule covers several things listlint
# splits into rules: its messages are sorted into these classes first.
LIST_ITEM_CLASSES = [
    ("valid casing", "list-item: description case"),
    ("non-empty string", "list-item: description case"),
    ("proper punctuation", "list-item: description punctuation"),
    ("", "list-item: entry format"),  # everything else: separator, link, marker
]

# awesome-lint rule (or list-item class) -> listlint rules that check the same.
# An empty tuple: listlint has no counterpart. `scope` False: out of scope.
GROUPS = collections.OrderedDict([
    ("list-item: entry format", {"al": "awesome-list-item", "ll": ("awesome-entry-format",), "scope": True}),
    ("list-item: description case", {"al": "awesome-list-item", "ll": ("awesome-description-case",), "scope": True}),
    ("list-item: description punctuation", {"al": "awesome-list-item", "ll": ("awesome-description-punctuation",), "scope": True}),
    ("no-repeat-item-in-description", {"al": "no-repeat-item-in-description", "ll": ("awesome-description-repeats-name",), "scope": True}),
    ("awesome-toc", {"al": "awesome-toc", "ll": ("awesome-toc",), "scope": True}),
    ("double-link", {"al": "double-link", "ll": ("duplicate-link",), "scope": True}),
    ("awesome-badge", {"al": "awesome-badge", "ll": ("awesome-badge",), "scope": True}),
    ("awesome-no-ci-badge", {"al": "awesome-no-ci-badge", "ll": ("awesome-ci-badge",), "scope": True}),
    ("awesome-contributing", {"al": "awesome-contributing", "ll": ("awesome-contributing",), "scope": True}),
    ("awesome-license", {"al": "awesome-license", "ll": ("awesome-license-section",), "scope": True}),
    ("awesome-spell-check", {"al": "awesome-spell-check", "ll": ("awesome-spelling",), "scope": True}),
    ("awesome-heading", {"al": "awesome-heading", "ll": ("awesome-heading",), "scope": True}),
    ("awesome-github", {"al": "awesome-github", "ll": ("awesome-repo-metadata",), "scope": True}),
    ("awesome-git-repo-age", {"al": "awesome-git-repo-age", "ll": ("awesome-repo-age",), "scope": True}),
    ("awesome-code-of-conduct", {"al": "awesome-code-of-conduct", "ll": ("code-of-conduct",), "scope": True}),
    ("balanced-punctuation", {"al": "balanced-punctuation", "ll": ("balanced-punctuation",), "scope": True}),
    ("no-repeat-punctuation", {"al": "no-repeat-punctuation", "ll": ("no-repeat-punctuation",), "scope": True}),
])

LISTLINT_AWESOME_RULES = {r for g in GROUPS.values() for r in g["ll"]}
# listlint rules that may report an awesome-lint finding's problem under
# another name (a link awesome-lint calls invalid is a link-syntax error…).
LISTLINT_RELATED_RULES = LISTLINT_AWESOME_RULES | {"entry-link", "link-syntax", "relative-link", "link-fragment"}

ITEM_RE = re.compile(r"^(\s*)(?:[-*+]|\d{1,9}[.)])(?:\s|$)")
HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE_RE = re.compile(r"^\s{0,3}(```+|~~~+)")


def log(*args):
    print(*args, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- corpus ---

def read_sources(corpus):
    """file name -> GitHub repository, from SOURCES.tsv beside or above CORPUS."""
    for candidate in (os.path.join(corpus, "SOURCES.tsv"),
                      os.path.join(os.path.dirname(os.path.abspath(corpus)), "SOURCES.tsv")):
        if os.path.exists(candidate):
            break
    else:
        sys.exit(f"no SOURCES.tsv in {corpus} or its parent")
    repos = {}
    with open(candidate, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            row = dict(zip(header, line.rstrip("\n").split("\t")))
            if row.get("file") and row.get("repo"):
                repos[os.path.basename(row["file"])] = row["repo"]
    return repos


def detect_presets(listlint, corpus):
    """file name -> (preset or None, listlint's reason), from `check --verbose`."""
    proc = subprocess.run([listlint, "check", "--verbose", "--no-config", "--format", "json",
                           "--fail-on", "never", corpus],
                          capture_output=True, text=True)
    presets = {}
    for line in proc.stderr.splitlines():
        m = re.match(r"^(.*?\.(?:md|markdown)): (preset (\w+)|no preset)(?:: | )?(.*)$", line)
        if m:
            presets[os.path.basename(m.group(1))] = (m.group(3), m.group(4))
    if not presets:
        sys.exit("listlint --verbose printed no preset lines:\n" + proc.stderr[-2000:])
    return presets


# ------------------------------------------------------------- work dirs ---

def git(cwd, *args, env=None):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


def setup_dir(workdir, name, source_path, repo):
    d = os.path.join(workdir, name)
    if os.path.exists(d):
        shutil.rmtree(d)
    os.makedirs(d)
    shutil.copyfile(source_path, os.path.join(d, "readme.md"))
    os.chmod(os.path.join(d, "readme.md"), 0o644)
    with open(os.path.join(d, "contributing.md"), "w", encoding="utf-8") as fh:
        fh.write("# Contributing\n\nPlease open a pull request that adds one entry, "
                 "in the list's format.\n")
    with open(os.path.join(d, "listlint.toml"), "w", encoding="utf-8") as fh:
        # Compared with awesome-lint, listlint applies awesome-lint's
        # conventions, not the list's own (the `consistent` default).
        fh.write(
            'preset = "awesome"\n[rules]\n'
            'awesome-description-punctuation = { style = "awesome-lint" }\n'
            'awesome-entry-format = { style = "awesome-lint" }\n'
            'list-marker = { style = "awesome-lint" }\n'
        )
    env = dict(os.environ, GIT_AUTHOR_DATE=OLD_DATE, GIT_COMMITTER_DATE=OLD_DATE,
               GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.invalid",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.invalid",
               GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    git(d, "init", "-q", "-b", "main", env=env)
    git(d, "remote", "add", "origin", f"https://github.com/{repo}.git", env=env)
    # awesome-github reads the remote of the current branch's upstream.
    git(d, "config", "branch.main.remote", "origin", env=env)
    git(d, "config", "branch.main.merge", "refs/heads/main", env=env)
    git(d, "add", "-A", env=env)
    git(d, "commit", "-q", "-m", "Import the list", env=env)
    return d


# ----------------------------------------------------------------- tools ---

def run_awesome_lint(d, awesome_lint, reporter):
    cmd = ["unshare", "--net", awesome_lint, "--reporter", reporter]
    t0 = time.monotonic()
    proc = subprocess.run(cmd, cwd=d, capture_output=True, text=True, timeout=1800)
    elapsed = time.monotonic() - t0
    marker = proc.stdout.rfind("@@AWCMP@@")
    if marker < 0:  # the reporter is called even with no findings
        raise RuntimeError(f"awesome-lint failed in {d} (exit {proc.returncode}):\n"
                           f"{proc.stdout[-1500:]}\n{proc.stderr[-1500:]}")
    payload = proc.stdout[marker + len("@@AWCMP@@"):].strip().splitlines()[0]
    out = []
    for m in json.loads(payload):
        rule = (m.get("ruleId") or "").replace("remark-lint:", "")
        out.append({"file": m.get("file"), "line": m.get("line") or 1, "column": m.get("column") or 1,
                    "rule": rule, "message": m.get("reason", ""), "fatal": m.get("fatal")})
    return out, elapsed


def run_listlint(d, listlint):
    t0 = time.monotonic()
    proc = subprocess.run([listlint, "check", "--format", "json", "--fail-on", "never", "readme.md"],
                          cwd=d, capture_output=True, text=True, timeout=600)
    elapsed = time.monotonic() - t0
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"listlint failed in {d} (exit {proc.returncode}):\n{proc.stderr[-1500:]}")
    data = json.loads(proc.stdout)
    out = []
    for diag in data.get("diagnostics", []):
        if os.path.basename(diag.get("path", "")) != "readme.md":
            continue
        out.append({"line": diag.get("line") or 1, "column": diag.get("column") or 1,
                    "rule": diag["rule"], "message": diag.get("message", ""),
                    "severity": diag.get("severity")})
    return out, elapsed


# -------------------------------------------------------------- locations ---

class Doc:
    """Lines of a list, with each line's list item start and the headings."""

    def __init__(self, path):
        with open(path, encoding="utf-8", errors="replace") as fh:
            self.lines = fh.read().split("\n")
        self.item_start = {}
        self.headings = []  # (line, text)
        current = None
        fence = None
        for i, text in enumerate(self.lines, start=1):
            f = FENCE_RE.match(text)
            if fence:
                if f and f.group(1)[0] == fence[0] and len(f.group(1)) >= len(fence):
                    fence = None
                current = None
                continue
            if f:
                fence = f.group(1)
                current = None
                continue
            if not text.strip():
                current = None
                continue
            h = HEADING_RE.match(text)
            if h:
                self.headings.append((i, h.group(2)))
                current = None
                continue
            if ITEM_RE.match(text):
                current = i
            self.item_start[i] = current if current is not None else i

    def entry_line(self, line):
        return self.item_start.get(line, line)

    def text(self, line):
        if 1 <= line <= len(self.lines):
            return self.lines[line - 1]
        return ""

    def heading_line(self, title):
        norm = lambda s: re.sub(r"\s+", " ", re.sub(r"<[^>]*>|[*_`]", "", s)).strip().lower()
        want = norm(title)
        for line, text in self.headings:
            if norm(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)) == want:
                return line
        return None


def al_group(f):
    rule = f["rule"]
    if rule == "awesome-list-item":
        for needle, group in LIST_ITEM_CLASSES:
            if needle in f["message"]:
                return group
    if rule in {g["al"] for g in GROUPS.values()}:
        return rule
    return None  # a generic remark-lint rule


def al_key_lines(f, doc):
    """The lines an awesome-lint finding is compared at (the first is where
    it is reported)."""
    line = doc.entry_line(f["line"])
    if f["rule"] != "awesome-toc":
        return [line]
    # ToC problems are about a heading: "ToC missing item for X" is
    # reported at the ToC list, "ToC item A does not match corresponding
    # heading B" at the ToC item (by position, so B is often the heading the
    # ToC misses).
    keys = []
    for title in re.findall(r'(?:missing item for|corresponding heading) "(.*)"$', f["message"]):
        heading = doc.heading_line(title)
        if heading:
            keys.append(heading)
    if "missing item for" in f["message"] and keys:
        return keys
    return [line] + keys


def ll_key_lines(f, doc):
    lines = [doc.entry_line(f["line"])]
    if f["rule"] == "duplicate-link":
        # listlint reports the later copies and names the first one.
        m = re.search(r"already listed at line (\d+)", f["message"])
        if m:
            lines.append(doc.entry_line(int(m.group(1))))
    return lines


# ------------------------------------------------------------ comparison ---

def compare_file(name, doc, al, ll):
    """Per group: matched, awesome-lint-only and listlint-only findings."""
    result = {}
    for group, spec in GROUPS.items():
        al_f = [f for f in al if al_group(f) == group]
        ll_f = [f for f in ll if f["rule"] in spec["ll"]]
        ll_covered = set()
        for f in ll_f:
            ll_covered.update(ll_key_lines(f, doc))
        al_lines = set()
        for f in al_f:
            al_lines.update(al_key_lines(f, doc))
        al_only, matched = [], 0
        for f in al_f:
            if any(k in ll_covered for k in al_key_lines(f, doc)):
                matched += 1
            else:
                al_only.append(f)
        ll_only = [f for f in ll_f if not any(k in al_lines for k in ll_key_lines(f, doc))]
        result[group] = {"al": len(al_f), "ll": len(ll_f), "matched": matched,
                         "al_only": al_only, "ll_only": ll_only}
    return result


def spread(items, n):
    """Up to n items spread evenly over the list (deterministic)."""
    if len(items) <= n:
        return list(items)
    if n <= 0:
        return []
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def kind(message):
    """A message without its quoted parts: the kind of finding it is."""
    return re.sub(r'"[^"]*"|`[^`]*`', "…", message)


def stratified(items, n):
    """Up to n items: every kind of message gets its share, each share spread
    over the corpus, so that rare kinds are read too."""
    by_kind = collections.OrderedDict()
    for item in items:
        by_kind.setdefault(kind(item["message"]), []).append(item)
    kinds = sorted(by_kind.values(), key=len)
    picked, left = [], n
    for i, group in enumerate(kinds):
        share = left // (len(kinds) - i)
        chosen = spread(group, min(share, len(group)))
        picked.extend(chosen)
        left -= len(chosen)
    order = {id(item): i for i, item in enumerate(items)}
    return sorted(picked, key=lambda item: order[id(item)])


def context(doc, al, ll, line):
    """Both tools' findings on the entry of LINE, for reading a difference."""
    return {
        "awesome_lint": sorted({f"{f['rule']}: {f['message']}" for f in al if doc.entry_line(f["line"]) == line}),
        "listlint": sorted({f"{f['rule']}: {f['message']}" for f in ll if doc.entry_line(f["line"]) == line}),
    }


# ------------------------------------------------------------------ main ---

def process(name, args, repos, reporter):
    source = os.path.join(args.corpus, name)
    stem = name[:-3] if name.endswith(".md") else name
    d = os.path.join(args.workdir, stem)
    cache = os.path.join(d, "awesome-lint.json")
    al_elapsed = None
    if args.reuse_awesome_lint and os.path.exists(cache):
        with open(cache, encoding="utf-8") as fh:
            cached = json.load(fh)
        al, al_elapsed = cached["findings"], cached["seconds"]
    else:
        d = setup_dir(args.workdir, stem, source, repos[name])
        al, al_elapsed = run_awesome_lint(d, args.awesome_lint, reporter)
        with open(cache, "w", encoding="utf-8") as fh:
            json.dump({"findings": al, "seconds": al_elapsed}, fh)
    ll, ll_elapsed = ([], None)
    if args.listlint:
        ll, ll_elapsed = run_listlint(d, args.listlint)
    return stem, d, al, al_elapsed, ll, ll_elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True, help="directory of real lists, with SOURCES.tsv beside or above it")
    ap.add_argument("--listlint", help="listlint binary (omit to run awesome-lint only; then give --files)")
    ap.add_argument("--awesome-lint", default="awesome-lint")
    ap.add_argument("--out", required=True, help="results JSON")
    ap.add_argument("--workdir", help="where the per-list directories go (default: OUT's directory/work)")
    ap.add_argument("--files", help="comma-separated corpus file names instead of listlint's detection")
    ap.add_argument("--sample", type=int, default=20, help="differences read per rule and side (default 20)")
    ap.add_argument("--jobs", type=int, default=max(1, min(4, os.cpu_count() or 1)))
    ap.add_argument("--reuse-awesome-lint", action="store_true",
                    help="reuse WORKDIR/<name>/awesome-lint.json from an earlier run")
    ap.add_argument("--judgments", help="JSON verdicts on the sampled differences (see README.md)")
    args = ap.parse_args()

    args.corpus = os.path.abspath(args.corpus)
    args.out = os.path.abspath(args.out)
    args.workdir = os.path.abspath(args.workdir or os.path.join(os.path.dirname(args.out), "work"))
    if args.listlint:
        args.listlint = os.path.abspath(args.listlint)
    awesome_lint = shutil.which(args.awesome_lint)
    if not awesome_lint:
        sys.exit(f"{args.awesome_lint} not found")
    args.awesome_lint = awesome_lint
    if subprocess.run(["unshare", "--net", "true"], capture_output=True).returncode != 0:
        sys.exit("`unshare --net` does not work here (run as root): awesome-lint must run without network")
    os.makedirs(args.workdir, exist_ok=True)
    reporter = os.path.join(args.workdir, "awcmp-json-reporter.mjs")
    with open(reporter, "w", encoding="utf-8") as fh:
        fh.write(REPORTER_JS)

    repos = read_sources(args.corpus)
    presets = {}
    if args.files:
        selected = [f.strip() for f in args.files.split(",") if f.strip()]
        excluded = {}
    elif args.listlint:
        presets = detect_presets(args.listlint, args.corpus)
        selected = sorted(n for n, (p, _) in presets.items() if p == "awesome")
        excluded = {n: why for n, (p, why) in sorted(presets.items()) if p != "awesome"}
    else:
        sys.exit("give --listlint (to select the awesome lists by listlint's detection) or --files")
    missing = [n for n in selected if n not in repos]
    if missing:
        sys.exit(f"not in SOURCES.tsv: {', '.join(missing)}")
    log(f"{len(selected)} awesome lists; work directory {args.workdir}")

    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(process, n, args, repos, reporter): n for n in selected}
        for fut in concurrent.futures.as_completed(futures):
            stem, d, al, al_s, ll, ll_s = fut.result()
            results[stem] = (d, al, al_s, ll, ll_s)
            log(f"  {stem}: awesome-lint {len(al)} findings ({al_s:.1f} s)"
                + (f", listlint {len(ll)} ({ll_s:.2f} s)" if ll_s is not None else ""))

    judgments = {}
    if args.judgments:
        with open(args.judgments, encoding="utf-8") as fh:
            judgments = json.load(fh)

    table = collections.OrderedDict((g, {"awesome_lint": 0, "listlint": 0, "matched": 0,
                                          "awesome_lint_only": [], "listlint_only": []})
                                    for g in GROUPS)
    generic = collections.Counter()
    files_out = {}
    for stem in sorted(results):
        d, al, al_s, ll, ll_s = results[stem]
        doc = Doc(os.path.join(d, "readme.md"))
        for f in al:
            if al_group(f) is None:
                generic[f["rule"]] += 1
        per = compare_file(stem, doc, al, ll)
        for group, r in per.items():
            t = table[group]
            t["awesome_lint"] += r["al"]
            t["listlint"] += r["ll"]
            t["matched"] += r["matched"]
            for side, key in (("awesome_lint_only", "al_only"), ("listlint_only", "ll_only")):
                for f in r[key]:
                    line = doc.entry_line(f["line"]) if side == "listlint_only" else al_key_lines(f, doc)[0]
                    item = {"file": stem, "line": f["line"], "entry_line": line,
                            "rule": f["rule"], "message": f["message"],
                            "text": doc.text(line)[:400],
                            "context": context(doc, al, ll, line)}
                    if side == "awesome_lint_only":
                        item["listlint_other_rule"] = sorted({
                            g["rule"] for g in ll
                            if g["rule"] in LISTLINT_RELATED_RULES and doc.entry_line(g["line"]) == line})
                    t[side].append(item)
        files_out[stem] = {
            "awesome_lint_seconds": al_s, "listlint_seconds": ll_s,
            "awesome_lint": al, "listlint": ll,
            "listlint_rules": dict(collections.Counter(f["rule"] for f in ll)),
        }

    rows = []
    for group, t in table.items():
        spec = GROUPS[group]
        row = {"rule": group, "awesome_lint_rule": spec["al"], "listlint_rules": list(spec["ll"]),
               "in_scope": spec["scope"], "awesome_lint": t["awesome_lint"], "listlint": t["listlint"],
               "matched": t["matched"], "awesome_lint_only": len(t["awesome_lint_only"]),
               "listlint_only": len(t["listlint_only"]),
               "awesome_lint_only_on_entries_listlint_flags": sum(
                   1 for item in t["awesome_lint_only"] if item.get("listlint_other_rule"))}
        for side in ("awesome_lint_only", "listlint_only"):
            sample = stratified(t[side], args.sample)
            verdicts = collections.Counter()
            for item in sample:
                key = f"{item['rule']}|{item['file']}|{item['entry_line']}"
                v = judgments.get(key)
                if isinstance(v, dict):
                    item["judgment"] = v
                    verdicts[v.get("verdict", "?")] += 1
            row[side + "_read"] = len(sample)
            row[side + "_verdicts"] = dict(verdicts)
            row[side + "_sample"] = sample
        rows.append(row)
    for rule, n in sorted(generic.items(), key=lambda kv: -kv[1]):
        rows.append({"rule": rule, "awesome_lint_rule": rule, "listlint_rules": [], "in_scope": False,
                     "awesome_lint": n, "listlint": None, "matched": None})

    out = {
        "awesome_lint_version": awesome_lint_version(args.awesome_lint),
        "listlint": args.listlint,
        "listlint_version": listlint_version(args.listlint),
        "corpus": args.corpus,
        "lists": sorted(results),
        "excluded": excluded,
        "table": rows,
        "differences": {g: {"awesome_lint_only": t["awesome_lint_only"], "listlint_only": t["listlint_only"]}
                        for g, t in table.items()},
        "files": files_out,
    }
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(out, fh, indent=1, ensure_ascii=False)
    print_table(rows, len(results))
    log(f"wrote {args.out}")


def awesome_lint_version(exe):
    root = subprocess.run(["npm", "root", "-g"], capture_output=True, text=True).stdout.strip()
    try:
        with open(os.path.join(root, "awesome-lint", "package.json"), encoding="utf-8") as fh:
            return json.load(fh).get("version")
    except OSError:
        return None


def listlint_version(exe):
    """`listlint --version`, the binary's build time and the HEAD of the
    repository it sits in (the binary may be older than HEAD)."""
    if not exe:
        return None
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
    built = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(os.path.getmtime(exe)))
    repo = os.path.dirname(os.path.dirname(os.path.dirname(exe)))  # target/release/listlint
    head = subprocess.run(["git", "log", "-1", "--format=%h %ci"], cwd=repo,
                          capture_output=True, text=True).stdout.strip()
    return f"{version}, built {built} UTC, repository HEAD {head or '?'}"


def verdicts(row, side):
    """`right/wrong/unclear of read` for one side's sample, or the count read."""
    read = row.get(side + "_read", 0)
    v = row.get(side + "_verdicts") or {}
    if not read:
        return "–"
    if not v:
        return f"{read} read"
    return f"{v.get('right', 0)}/{v.get('wrong', 0)}/{v.get('unclear', 0)} of {read}"


def print_table(rows, n):
    print(f"{n} lists\n")
    print("| awesome-lint rule | listlint rule(s) | awesome-lint | listlint | matched "
          "| awesome-lint only | listlint only | awesome-lint only: right/wrong/unclear "
          "| listlint only: right/wrong/unclear |")
    print("|---|---|---:|---:|---:|---:|---:|---|---|")
    for r in rows:
        ll_rules = ", ".join(r["listlint_rules"]) or "—"
        scope = "" if r["in_scope"] else " (out of scope)"
        if r["listlint"] is None:
            print(f"| {r['rule']}{scope} | — | {r['awesome_lint']} | | | | | | |")
            continue
        print(f"| {r['rule']}{scope} | {ll_rules} | {r['awesome_lint']} | {r['listlint']} | {r['matched']} "
              f"| {r['awesome_lint_only']} | {r['listlint_only']} "
              f"| {verdicts(r, 'awesome_lint_only')} | {verdicts(r, 'listlint_only')} |")


if __name__ == "__main__":
    main()
