#!/usr/bin/env python3
"""Regenerate the rule table of README.md from `listlint rules --format json`.

Usage: cargo build && python3 scripts/update_readme_rules.py
(tests/it/cli.rs checks the table; this writes what it expects).
"""
import json
import pathlib
import subprocess

root = pathlib.Path(__file__).resolve().parent.parent
rows = json.loads(subprocess.check_output([str(root / "target/debug/listlint"), "rules", "--format", "json"]))
table = "| Rule | Default | Fix | Presets | Summary |\n|---|---|---|---|---|\n"
for r in rows:
    cell = {k: str(v).replace("|", "\\|") for k, v in r.items()}
    table += f"| [`{cell['id']}`](rules/{cell['id']}.md) | {cell['default']} | {cell['fix']} | {cell['presets']} | {cell['summary']} |\n"
readme = root / "README.md"
text = readme.read_text(encoding="utf-8")
start = text.index("<!-- rules:start -->")
end = text.index("<!-- rules:end -->")
readme.write_text(text[:start] + "<!-- rules:start -->\n" + table + text[end:], encoding="utf-8")
