"""Time a cold index build against the floor: reading the notes and splitting their front matter.

    python benchmarks/cold_build.py [HOME] [--notes 10000] [--reps 50] [--runs 5]

Without HOME, a home of ``--notes`` notes across ``--reps`` reps is generated
into a temporary folder first (benchmarks/generate.py). HOME is only read:
the index is built in a temporary cache folder (``XDG_CACHE_HOME``), never
the user's cache and never inside the home.

Each run starts two fresh processes, one after the other, in alternating
order (so a busy moment hits both alike):

- the floor: ``python`` reading every note file of every rep folder and
  splitting its front matter from its body with the standard library
  (``str.partition``; no YAML, nothing of coachcli);
- ``coach index rebuild`` on the same home.

It prints the median wall time of each (and the largest peak RSS of the
``coach`` process and of its worker processes), and the median of the runs'
ratios coach / floor. This script only prints figures: nothing in the test
suite times anything.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = r"""
import os, sys
reps = os.path.join(sys.argv[1], "reps")
notes = fronts = 0
for rep in sorted(os.listdir(reps)):
    folder = os.path.join(reps, rep)
    if rep.startswith(".") or not os.path.isdir(folder):
        continue
    for name in os.listdir(folder):
        if not name.endswith(".md") or not name[:4].isdigit():
            continue  # a note is YYYY-MM-DD....md; the rep's page is not one
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            text = handle.read()
        notes += 1
        if text.startswith("---\n"):
            front, found, body = text[4:].partition("\n---\n")
            fronts += bool(found)
print(notes, fronts)
"""


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, str, float]:
    """(wall s, CPU s, stdout, peak RSS in MB of any process so far) of ``command``.

    The CPU time counts the worker processes too (they are waited for).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - began
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    # RUSAGE_CHILDREN's maxrss is the largest of any child waited for so far
    return wall, cpu, done.stdout, after.ru_maxrss / 1024


def coach_command() -> list[str]:
    """``coach`` beside this Python, else ``python -m coachcli``."""
    script = Path(sys.executable).parent / "coach"
    return [str(script)] if script.exists() else [sys.executable, "-m", "coachcli"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home", type=Path, nargs="?")
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="coachcli-bench-") as scratch:
        sys.path.insert(0, str(Path(__file__).parent))
        from generate import home_to_measure

        home = home_to_measure(args.home, Path(scratch), args.notes, args.reps)
        cache = Path(scratch) / "cache"
        env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
        floor_cmd = [sys.executable, "-c", FLOOR, str(home)]
        coach_cmd = [*coach_command(), "--home", str(home), "index", "rebuild"]

        walls: dict[str, list[float]] = {"floor": [], "coach": []}
        cpus: dict[str, list[float]] = {"floor": [], "coach": []}
        peak = 0.0
        counted = ""
        for run in range(args.runs):
            shutil.rmtree(cache, ignore_errors=True)  # cold: no index at all
            for which in ("floor", "coach") if run % 2 == 0 else ("coach", "floor"):
                wall, cpu, out, rss = timed(floor_cmd if which == "floor" else coach_cmd, env)
                walls[which].append(wall)
                cpus[which].append(cpu)
                if which == "floor":
                    counted = out.split()[0]
                else:
                    peak = rss  # the floor's own RSS is far below the build's
        ratios = [b / f for b, f in zip(walls["coach"], walls["floor"], strict=True)]

        print(f"\n{home}: {counted} notes, python {sys.version.split()[0]}, {args.runs} runs")
        print(f"{'measurement':24} {'wall s':>7} {'min s':>7} {'CPU s':>7}")
        for label, which in (("floor: read + split", "floor"), ("coach index rebuild", "coach")):
            wall_s, least = statistics.median(walls[which]), min(walls[which])
            print(f"{label:24} {wall_s:7.3f} {least:7.3f} {statistics.median(cpus[which]):7.3f}")
        print(f"median ratio coach / floor (wall, paired): {statistics.median(ratios):.2f}x")
        print(f"peak RSS of the largest process (coach or a worker): {peak:.0f} MB")


if __name__ == "__main__":
    main()
