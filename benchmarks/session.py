"""Time the two costs a manager feels during a session.

    python benchmarks/session.py [--notes 10 10000] [--runs 50]

1. Saving the draft after an answer (atomic write + fsync), on a draft that
   holds a whole session's answers. Bar: under 20 ms.
2. Finishing a session (building the record, writing the note, removing the
   draft) in a home with few notes and with many. Bar: the same cost at 10
   notes and at 10,000.

Homes are generated with benchmarks/generate.py into a temporary folder.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from coachcli.banks import plan_questions
from coachcli.drafts import Draft, discard_draft, save_draft
from coachcli.engine import Engine
from coachcli.home import Home
from coachcli.loader import resolve
from coachcli.notes import write_note
from coachcli.reps import list_reps, rep_dir
from generate import generate


def full_draft(home: Home, rep_name: str, slug: str) -> tuple[Draft, Engine]:
    framework = resolve(home, "grow")
    now = datetime.now(timezone(timedelta(hours=1)))
    plan = plan_questions(framework, [])
    draft = Draft(
        rep=rep_name, rep_slug=slug, framework=framework.id,
        framework_version=framework.version, framework_ref=framework.id,
        started=now, today=now.date(), plan=plan,
    )  # fmt: skip
    for qids in plan.values():
        for qid in qids:
            draft.answers[f"q:{qid}"] = "A considered answer of a few sentences. " * 4
    for n in range(1, 4):
        draft.answers[f"act:{n}:text"] = f"Action item number {n}"
        draft.answers[f"act:{n}:owner"] = "rep"
        draft.answers[f"act:{n}:due"] = now.date().isoformat()
    draft.answers["summary"] = "A summary. " * 5
    engine = Engine(framework, draft, save=lambda d: None)
    draft.cursor = len(engine.steps())
    return draft, engine


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def time_home(notes: int, runs: int) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        home = generate(Path(tmp) / "home", notes, min(50, max(1, notes // 10)))
        rep = max(list_reps(home).reps, key=lambda r: len(list(rep_dir(home, r).glob("*.md"))))
        folder = rep_dir(home, rep)
        draft, engine = full_draft(home, rep.name, rep.slug)
        saves = []
        for _ in range(runs):
            began = time.perf_counter()
            save_draft(folder, draft)
            saves.append(time.perf_counter() - began)
        finishes = []
        counter = iter(range(10**9))
        for _ in range(runs):
            save_draft(folder, draft)
            began = time.perf_counter()
            session = engine.session(lambda: f"x{next(counter)}")
            write_note(folder, session, engine.fw)
            discard_draft(folder)
            finishes.append(time.perf_counter() - began)
        size = len(draft.model_dump_json())
        return median_ms(saves), median_ms(finishes), size / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, nargs="+", default=[10, 10_000])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    rows = []
    for notes in args.notes:
        print(f"generating {notes} notes ...", file=sys.stderr)
        rows.append((notes, *time_home(notes, args.runs)))
    print(f"{'notes in home':>13}  {'save draft ms':>13}  {'finish ms':>9}  {'draft KiB':>9}")
    for notes, save, finish, size in rows:
        print(f"{notes:>13}  {save:>13.2f}  {finish:>9.2f}  {size:>9.1f}")
    worst_save = max(r[1] for r in rows)
    print(f"{'PASS' if worst_save < 20 else 'FAIL'}  saving the draft < 20 ms: {worst_save:.2f} ms")
    if len(rows) > 1:
        ratio = rows[-1][2] / rows[0][2]
        verdict = "PASS" if ratio < 1.5 else "FAIL"
        print(f"{verdict}  finishing at {rows[-1][0]} vs {rows[0][0]} notes: {ratio:.2f}x")


if __name__ == "__main__":
    main()
