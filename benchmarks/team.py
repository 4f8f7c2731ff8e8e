"""`coach team` at organisation scale: 50 managers × 10 reps × 2 years of published sessions.

    python benchmarks/team.py [FOLDER] [--managers 50] [--reps 10] [--years 2] [--runs 7]

Without FOLDER the publications are generated (benchmarks/generate_team.py)
in a temporary folder, which a throwaway home reads as a folder source
(`coach team add`), so no git is timed. Each command runs in a fresh
process, started by a small launcher that reports its wall time and peak RSS
(as benchmarks/read.py does); the table shows the median and the fastest of
the runs, the median CPU time (user + system, which other work on a shared
machine moves less than the wall time), and the largest peak RSS. `coach team` reads only the
publications' CSV files, never a note: the floor row is reading those files
with the csv module and nothing else.

Bar (issue 16): `coach team` well under a second, peak RSS < 60 MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_team import generate_team  # noqa: E402

BAR_SECONDS = 1.0
BAR_MB = 60

LAUNCHER = """
import resource, subprocess, sys, time
began = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
took = time.perf_counter() - began
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(took, used.ru_utime + used.ru_stime, used.ru_maxrss, code)
"""
FLOOR = """
import csv, pathlib, sys
for path in pathlib.Path(sys.argv[1]).glob("managers/*/*.csv"):
    with open(path, encoding="utf-8", newline="") as handle:
        for _ in csv.reader(handle):
            pass
"""


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system: less moved by other work on a shared machine)
    and peak RSS in MB of one run."""
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, *command],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    took, cpu, rss, code = done.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(command)} failed ({code})")
    return float(took), float(cpu), int(rss) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--managers", type=int, default=50)
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--years", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="coach-team-"))
    folder = args.folder or scratch / "publications"
    if args.folder is None:
        count = generate_team(folder, args.managers, args.reps, args.years, date.today())
        print(f"{args.managers} managers, {args.managers * args.reps} reps, {count} sessions")
    env = {**os.environ, "COACH_HOME": str(scratch / "home"), "NO_COLOR": "1"}
    coach = [sys.executable, "-m", "coachcli"]
    subprocess.run(
        [*coach, "team", "add", "Org", str(folder)], env=env, check=True, capture_output=True
    )
    commands = {
        "floor: csv.reader over the files": [sys.executable, "-c", FLOOR, str(folder)],
        "coach team": [*coach, "team", "--no-fetch"],
        "coach team --json": [*coach, "team", "--no-fetch", "--json"],
        "coach team --since 1y": [*coach, "team", "--no-fetch", "--since", "1y"],
        "coach --version (start-up)": [*coach, "--version"],
    }
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'command':34} {'median s':>9} {'min s':>7} {'CPU s':>7} {'peak RSS MB':>12}")
    found: dict[str, tuple[float, float]] = {}
    for label, command in commands.items():
        timed(command, env)  # warm the file cache and the bytecode
        runs = [timed(command, env) for _ in range(args.runs)]
        walls = [w for w, _, _ in runs]
        cpu = statistics.median(c for _, c, _ in runs)
        peak = max(r for _, _, r in runs)
        found[label] = (statistics.median(walls), peak)
        print(
            f"{label:34} {statistics.median(walls):9.3f} {min(walls):7.3f} {cpu:7.3f} {peak:12.1f}"
        )
    wall, peak = found["coach team"]
    print(
        f"{'PASS' if wall < BAR_SECONDS else 'FAIL'}: coach team median {wall:.3f} s "
        f"(bar < {BAR_SECONDS} s)"
    )
    worst = max(rss for label, (_, rss) in found.items() if label.startswith("coach team"))
    print(
        f"{'PASS' if worst < BAR_MB else 'FAIL'}: coach team peak RSS {worst:.1f} MB "
        f"(bar < {BAR_MB} MB)"
    )


if __name__ == "__main__":
    main()
