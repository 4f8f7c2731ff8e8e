"""Building the index from format-2 notes against the same sessions in format 1, in one run.

    python benchmarks/note_format.py [--notes 10000] [--reps 50] [--runs 5]

The same generated sessions (benchmarks/generate.py) are written twice: as
coachcli writes them now (format 2: flat properties, the body the truth) and
as coachcli 0.1 did (format 1: everything in nested YAML front matter,
benchmarks/v1_format.py). Then ``coach index rebuild`` runs on each home in
turn, A B A B ..., each run a fresh process with its own empty cache folder,
and the medians of wall and CPU time are compared, each format read on one
core (``COACH_WORKERS=0``, as every build was before) and on every core.
Bar (issue: note format 2): format 2, read as coach reads it now, builds in
at most a third of the time format 1 took before (wall time: what the
manager waits for; CPU time is shown too). This script only prints figures.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from coachcli.home import Home  # noqa: E402
from coachcli.loader import discover  # noqa: E402
from coachcli.notes import to_markdown  # noqa: E402
from generate import FIRST, LAST, make_session  # noqa: E402
from v1_format import to_markdown_v1  # noqa: E402


def write_both(root: Path, notes: int, reps: int, seed: int = 1) -> tuple[Home, Home]:
    """Two homes holding the same sessions, one per note format."""
    rng = random.Random(seed)
    new, old = Home(root / "format-2"), Home(root / "format-1")
    frameworks = [s.framework for s in discover(new) if s.framework is not None]
    tz = timezone(timedelta(hours=1))
    today = date.today()
    next_id = [0]
    for index in range(reps):
        count = notes // reps + (1 if index < notes % reps else 0)
        slug = f"rep-{index:03d}"
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {index}"
        recent: list[list[str]] = []
        open_ids: list[str] = []
        for home in (new, old):
            (home.reps_dir / slug).mkdir(parents=True, exist_ok=True)
        for n in range(count):
            day = today - timedelta(days=int(730 * (count - n) / max(count, 1)))
            started = datetime(day.year, day.month, day.day, 9 + n % 8, 0, tzinfo=tz)
            fw = frameworks[(n + index) % len(frameworks)]
            session = make_session(name, slug, fw, started, rng, recent, open_ids, next_id)
            recent.insert(0, session.questions_asked)
            del recent[5:]
            file = f"{day.isoformat()}-{fw.id}-{n}.md"
            (new.reps_dir / slug / file).write_text(to_markdown(session, fw), encoding="utf-8")
            (old.reps_dir / slug / file).write_text(to_markdown_v1(session, fw), encoding="utf-8")
    return new, old


def rebuild(home: Home, scratch: Path, *, one_core: bool = False) -> tuple[float, float]:
    """(wall, CPU) seconds of one cold ``coach index rebuild`` in a fresh process."""
    cache = Path(tempfile.mkdtemp(dir=scratch))
    env = {**os.environ, "COACH_HOME": str(home.root), "XDG_CACHE_HOME": str(cache)}
    if one_core:
        env["COACH_WORKERS"] = "0"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "coachcli", "index", "rebuild"],
        env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        new, old = write_both(root, args.notes, args.reps)
        size = {h: sum(p.stat().st_size for p in h.reps_dir.rglob("*.md")) for h in (new, old)}
        print(f"{args.notes} notes, {args.reps} reps: format 2 {size[new] / 1e6:.1f} MB, "
              f"format 1 {size[old] / 1e6:.1f} MB; {args.runs} runs each, alternating")  # fmt: skip
        runs = {
            "format 1, one core (as before)": (old, True),
            "format 1, every core": (old, False),
            "format 2, one core": (new, True),
            "format 2, every core": (new, False),
        }
        times: dict[str, list[tuple[float, float]]] = {label: [] for label in runs}
        for _ in range(args.runs):
            for label, (home, one_core) in runs.items():
                times[label].append(rebuild(home, root, one_core=one_core))
        print(f"{'':32} {'wall (median)':>14} {'CPU (median)':>13}")
        for label, found in times.items():
            wall = statistics.median(t[0] for t in found)
            cpu = statistics.median(t[1] for t in found)
            print(f"{label:32} {wall:13.2f}s {cpu:12.2f}s")
        before = times["format 1, one core (as before)"]
        for label in ("format 2, every core", "format 2, one core"):
            pairs = list(zip(times[label], before, strict=True))
            wall = statistics.median(n[0] / o[0] for n, o in pairs)
            cpu = statistics.median(n[1] / o[1] for n, o in pairs)
            verdict = ("PASS" if wall <= 1 / 3 else "FAIL") if "every" in label else ""
            print(f"{label} / format 1 as before, paired medians: wall {wall:.2f}, "
                  f"CPU {cpu:.2f} {'(bar: wall 0.33) ' + verdict if verdict else ''}")  # fmt: skip


if __name__ == "__main__":
    main()
