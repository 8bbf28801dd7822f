#!/usr/bin/env python3
"""Writes the hostile inputs of the linearity benchmark (see README.md).

    gen.py deep SIZE OUT   `- - - … - a` on one line: a list nested SIZE/2 deep
    gen.py flat SIZE OUT   an awesome list whose one section holds a single
                           list of about SIZE/200 clean entries of 200 bytes
    gen.py mixed SIZE OUT  the same, but one entry in two has a problem
                           that some rule reports (ten kinds, in turn)
    gen.py plain SIZE OUT  the same list with no links at all (`- Name - Description.`):
                           no preset is detected, the benchmark sets `awesome`
    gen.py notes SIZE OUT  reading notes: one numbered list of link entries
                           with `- Comment:` fields, one in two with a problem

SIZE is a byte count, with an optional K or M suffix (1000-based: 100K is
100,000 bytes). The output is deterministic.
"""

import sys


def size_of(arg: str) -> int:
    scale = {"K": 1000, "M": 1000 * 1000}.get(arg[-1:].upper(), 1)
    return int(arg[:-1] if scale > 1 else arg) * scale


def deep(size: int) -> str:
    # Each level is `- `; the innermost item holds `a`.
    return "- " * max(1, (size - 2) // 2) + "a\n"


HEADER = """# Awesome Generated [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)

> A generated list: one section, one long list of entries.

## Contents

- [Projects](#projects)

## Projects

"""

FOOTER = """
## Contributing

Contributions welcome! Read the [contribution guidelines](contributing.md) first.
"""

WORDS = (
    "parses streams of structured records and reports what it finds "
    "with clear messages, works offline, and keeps its memory use flat "
    "on large inputs so that it runs well in continuous integration"
).split()


def entry(i: int) -> str:
    # Unique name and URL per entry, names in sorted order, a description
    # that starts with a capital and ends with a period: a clean entry.
    head = f"- [Project{i:07d}](https://github.com/owner{i:07d}/project{i:07d}) - "
    desc = "Tool that"
    k = i
    while len(head) + len(desc) < 190:
        desc += " " + WORDS[k % len(WORDS)]
        k += 7
    return head + desc + ".\n"


def problem(i: int) -> str:
    """Entry `i` with one of ten problems, chosen by `i`."""
    e = entry(i)
    k = (i // 2) % 10
    if k == 0:  # a broken link: link-syntax's, and entry-link stays silent
        return e.replace("](", "] (", 1)
    if k == 1:  # no link at all
        return f"- Project{i:07d} without a link - " + e.split(" - ", 1)[1]
    if k == 2:  # insecure link, lowercase description without final period
        return e.replace("https://", "http://", 1).replace(" - Tool", " - tool", 1)[:-2] + "\n"
    if k == 3:  # tracking parameter, em dash separator
        return e.replace(") - ", "?utm_source=list) — ", 1)
    if k == 4:  # the previous entry's link again
        return entry(i - 1).split(" - ", 1)[0] + " - " + e.split(" - ", 1)[1]
    if k == 5:  # trailing whitespace
        return e[:-1] + "  \n"
    if k == 6:  # the description repeats the name
        return e.replace(" - Tool that", f" - Project{i:07d} is a tool that", 1)
    if k == 7:  # a bare URL in the description
        return e[:-2] + f", see https://example.com/{i}.\n"
    if k == 8:  # a fragment that no heading has
        return e.replace("https://github.com/", "#missing-", 1)
    # a misspelt word in the description
    return e.replace("Tool that", "Javascript tool that", 1)


def plain(i: int) -> str:
    """Entry `i` without its link: the name as text."""
    return f"- Project{i:07d} - " + entry(i).split(" - ", 1)[1]


def flat(size: int, kind: str) -> str:
    out = [HEADER]
    total = len(HEADER) + len(FOOTER)
    i = 0
    while total < size:
        if kind == "plain":
            e = plain(i)
        elif kind == "mixed" and i % 2:
            e = problem(i)
        else:
            e = entry(i)
        out.append(e)
        total += len(e)
        i += 1
    out.append(FOOTER)
    return "".join(out)


def note(i: int) -> str:
    """Entry `i` of a reading list, numbered `i + 1`; one in two has one
    of eight problems, chosen by `i`."""
    n = i + 1
    pad = " " * len(f"{n}. ")
    link = f"[Paper {i:07d}](https://example.org/papers/{i:07d})"
    comment = f"{pad}- Comment: " + entry(i).split(" - ", 1)[1]
    if i % 2 == 0:
        return f"{n}. {link}\n{comment}"
    k = (i // 2) % 8
    if k == 0:  # numbering slip
        return f"{n + 1}. {link}\n{comment}"
    if k == 1:  # no comment
        return f"{n}. {link}\n"
    if k == 2:  # field name spelt differently
        return f"{n}. {link}\n" + comment.replace("Comment:", "Comments:", 1)
    if k == 3:  # under-indented field
        return f"{n}. {link}\n" + comment[1:]
    if k == 4:  # no link
        return f"{n}. Paper {i:07d} without a link\n{comment}"
    if k == 5:  # a tracking parameter and an insecure link
        return f"{n}. {link}\n".replace("https:", "http:").replace(")", "?utm_source=x)", 1) + comment
    if k == 6:  # a free-text note besides the comment, and an empty field
        return f"{n}. {link}\n{comment}{pad}- A note without a field name.\n{pad}- Comment:\n"
    # the same link as the entry before
    prev = f"[Paper {i - 1:07d}](https://example.org/papers/{i - 1:07d})"
    return f"{n}. {prev}\n{comment}"


def notes(size: int) -> str:
    out = ["# Reading notes\n\n## Papers\n\n"]
    total = len(out[0])
    i = 0
    while total < size:
        e = note(i)
        out.append(e)
        total += len(e)
        i += 1
    return "".join(out)


def main() -> None:
    if len(sys.argv) != 4 or sys.argv[1] not in ("deep", "flat", "mixed", "plain", "notes"):
        sys.exit(__doc__)
    kind, size, path = sys.argv[1], size_of(sys.argv[2]), sys.argv[3]
    if kind == "deep":
        text = deep(size)
    elif kind == "notes":
        text = notes(size)
    else:
        text = flat(size, kind)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


if __name__ == "__main__":
    main()
