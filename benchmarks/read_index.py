"""Time the index: cold build, warm loads, a no-change refresh, one changed note, search.

    python benchmarks/read_index.py [HOME] [--notes 10000] [--reps 50] [--runs 7]

Without HOME, a home of ``--notes`` notes across ``--reps`` reps is generated
into a temporary folder first (benchmarks/generate.py; about a minute for
10,000). The index lives in a temporary cache folder (``XDG_CACHE_HOME``), so
the user's own cache is never touched.

Each measurement runs in a fresh ``python`` process, as a command would, and
reports the median over ``--runs`` of the time spent in the call being
measured, the median wall time of the whole process, and the largest peak
RSS seen (``ru_maxrss``). This script only prints figures: nothing in the
test suite times anything.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROBE = """
import json, resource, sys, time
began = time.perf_counter()
from pathlib import Path
from coachcli import index
from coachcli.home import Home
home = Home(Path(sys.argv[1]))
what, arg = sys.argv[2], sys.argv[3]
start = time.perf_counter()
stats = None  # what the refresh did, where the call says
if what == "load":
    result = index.load_corpus(home, arg or None)
    size = len(result.notes)
elif what == "refresh":
    stats = index.refresh(home, arg or None)
    size = stats.files
elif what == "search":
    hits, stats = index.search(home, arg)
    size = len(hits)
elif what == "rebuild":
    size, stats = index.rebuild(home)
else:
    raise SystemExit(f"unknown measurement {what}")
took = time.perf_counter() - start
print(json.dumps({
    "call": took,
    "size": size,
    "read": stats.read if stats else None,
    "cached": stats.cached if stats else None,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def probe(home: Path, env: dict[str, str], what: str, arg: str = "") -> dict[str, float]:
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(home), what, arg],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - began
    if done.returncode != 0:
        sys.exit(f"{what} {arg!r} failed:\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout)
    result["wall"] = wall
    return result


def touch_one_note(home: Path) -> Path:
    """Rewrite one note (the same text, a new mtime long enough ago not to be racy)."""
    folder = sorted(p for p in (home / "reps").iterdir() if p.is_dir())[0]
    note = sorted(folder.glob("*.md"))[-1]
    note.write_bytes(note.read_bytes())
    settled = time.time() - 60
    os.utime(note, (settled, settled))
    return note


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home", type=Path, nargs="?")
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="coachcli-bench-") as scratch:
        sys.path.insert(0, str(Path(__file__).parent))
        from generate import home_to_measure

        home = home_to_measure(args.home, Path(scratch), args.notes, args.reps)
        env = {**os.environ, "XDG_CACHE_HOME": str(Path(scratch) / "cache")}
        one_rep = sorted(p.name for p in (home / "reps").iterdir() if p.is_dir())[0]

        cold = probe(home, env, "rebuild")
        rows: list[tuple[str, list[dict[str, float]]]] = [("cold build (rebuild)", [cold])]
        cases = [
            ("warm load_corpus, all reps", "load", ""),
            (f"warm load_corpus, one rep ({one_rep})", "load", one_rep),
            ("no-change refresh, all reps", "refresh", ""),
            ("search: pipeline (in ~every note)", "search", "pipeline"),
            ('search: champion "economic buyer"', "search", 'champion "economic buyer"'),
            ("search: a word in no note", "search", "zyzzyva"),
        ]
        results: dict[str, list[dict[str, float]]] = {label: [] for label, _, _ in cases}
        changed: list[dict[str, float]] = []
        for _ in range(args.runs):  # interleaved, so a busy moment hits every case alike
            for label, what, arg in cases:
                results[label].append(probe(home, env, what, arg))
            touch_one_note(home)
            changed.append(probe(home, env, "refresh"))
        rows += [(label, results[label]) for label, _, _ in cases]
        rows.append(("refresh after one note changed", changed))

        print(f"\n{home}: {cold['size']:.0f} notes, python {sys.version.split()[0]}")
        print(f"{'measurement':44} {'call s':>8} {'process s':>10} {'peak MB':>8} {'read':>6}")
        for label, runs in rows:
            call = statistics.median(r["call"] for r in runs)
            wall = statistics.median(r["wall"] for r in runs)
            rss = max(r["rss_mb"] for r in runs)
            reads = [int(r["read"]) for r in runs if r["read"] is not None]
            read = str(max(reads)) if reads else "-"  # a load does not say
            print(f"{label:44} {call:8.3f} {wall:10.3f} {rss:8.1f} {read:>6}")
        if not all(r["cached"] is not False for _, runs in rows for r in runs):
            print("warning: some runs could not use the cache (see RefreshStats.cached)")


if __name__ == "__main__":
    main()
