#!/usr/bin/env python3
"""Best-of-N wall time of the same listlint command for several binaries,
run in turns so that the machine's load touches each alike.

    python3 bench/mojibake/time_check.py "check --no-config --fail-on never \\
        --format concise CORPUS_DIR" base=OLD_BINARY new=target/release/listlint
"""

import subprocess
import sys
import time


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    args = sys.argv[1].split()
    binaries = dict(a.split("=", 1) for a in sys.argv[2:])
    best = {name: float("inf") for name in binaries}
    for _ in range(15):
        for name, binary in binaries.items():
            start = time.perf_counter()
            subprocess.run([binary, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            best[name] = min(best[name], time.perf_counter() - start)
    for name, seconds in best.items():
        print(f"{name}: {seconds * 1000:.1f} ms")


if __name__ == "__main__":
    main()
