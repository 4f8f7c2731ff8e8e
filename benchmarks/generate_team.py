"""Write an organisation's team publications: managers × reps × years of sessions.

    python benchmarks/generate_team.py FOLDER [--managers 50] [--reps 10] [--years 2]

The files are written directly in the pinned layout (docs/team.md, "What a
manager publishes"): ``FOLDER/managers/<slug>/`` with ``manager.toml``,
``sessions.csv``, ``reps.csv`` and ``actions.csv``; no note is written, as
`coach team` reads none. Distributions, seeded so every run writes the same
bytes: each manager has a style, from mostly inspecting (a coaching share
near 15%) to mostly coaching (near 70%), a cadence of 7 or 14 days that they
keep more or less well (1:1s slip by a few days, some are skipped), sessions
of 30 to 60 minutes split by kind, two action items agreed per session on
average with most of them kept, and a rep or two who joined late or left
(archived).
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from datetime import date, timedelta
from pathlib import Path

FRAMEWORKS = {
    "coaching": ["grow", "skill-will", "role-play", "oskar"],
    "performance": ["pipeline-review", "forecast", "deal-review", "accountability-check-in"],
    "mixed": ["weekly-1-1", "call-coaching", "post-call-debrief"],
}
FIRST = ["Morgan", "Sam", "Jo", "Alex", "Dana", "Chris", "Robin", "Lee", "Kai", "Noa", "Ari", "Sky"]
LAST = ["Lee", "Rivera", "Park", "Kim", "Cruz", "Hart", "Diaz", "Fox", "Ng", "Ho", "Li", "Ma"]


def _csv(header: str, rows: list[list[str]]) -> str:
    out = io.StringIO(newline="")
    out.write(header + "\n")
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def generate_team(folder: Path, managers: int, reps: int, years: float, today: date) -> int:
    """Write the publications; return the number of sessions."""
    rng = random.Random(16)
    start = today - timedelta(days=round(365 * years))
    total = 0
    for m in range(managers):
        name = f"{FIRST[m % len(FIRST)]} {LAST[(m // len(FIRST) + m) % len(LAST)]} {m + 1}"
        slug = name.lower().replace(" ", "-")
        style = rng.random()  # 0: inspects, 1: coaches
        cadence = rng.choice((7, 7, 14))
        discipline = rng.uniform(0.6, 1.0)  # how well cadence is kept
        target = rng.choice((0.5, 0.6, 0.6, 0.7))
        folder_m = folder / "managers" / slug
        folder_m.mkdir(parents=True, exist_ok=True)
        (folder_m / "manager.toml").write_text(
            f'format = 1\nname = "{name}"\nslug = "{slug}"\ncoaching_target = {target}\n'
            f'cadence_days = {cadence}\npublished = "{today.isoformat()}"\n',
            "utf-8",
        )
        sessions: list[list[str]] = []
        rep_rows: list[list[str]] = []
        actions: list[list[str]] = []
        for r in range(reps):
            rep = f"{FIRST[(r + m) % len(FIRST)]} {LAST[(r * 7 + m) % len(LAST)]} {r + 1}"
            rep_slug = rep.lower().replace(" ", "-")
            joined = start + timedelta(days=rng.choice((0, 0, 0, rng.randrange(400))))
            left = rng.random() < 0.08
            end = joined + timedelta(days=rng.randrange(200, 500)) if left else today
            own = rng.choice(("", "", "", "14"))
            rep_rows.append([rep_slug, rep, own, "1" if left else "0", joined.isoformat()])
            every = int(own or cadence)
            day = joined
            seq = 0
            while day <= min(end, today):
                if rng.random() < discipline:
                    coach_p = min(max(rng.gauss(0.1 + 0.65 * style, 0.15), 0), 1)
                    kind = rng.choices(
                        ("coaching", "performance", "mixed"), (coach_p, 1 - coach_p, 0.3)
                    )[0]
                    minutes = rng.choice((30, 30, 45, 60))
                    neutral = rng.choice((0, 0, 5))
                    if kind == "coaching":
                        c, p = minutes - neutral, 0
                    elif kind == "performance":
                        c, p = 0, minutes - neutral
                    else:
                        c = round((minutes - neutral) * coach_p)
                        p = minutes - neutral - c
                    framework = rng.choice(FRAMEWORKS[kind])
                    note = f"{day.isoformat()}-{framework}.md"
                    kept = sum(rng.random() < 0.5 + 0.4 * discipline for _ in range(2))
                    missed = rng.randrange(0, 3 - kept) if kept < 2 else 0
                    ratings = f"discovery={rng.randint(1, 5)}" if kind != "performance" else ""
                    metrics = f"win-rate={rng.randint(10, 40)}" if kind != "coaching" else ""
                    sessions.append(
                        [
                            note,
                            day.isoformat(),
                            rep_slug,
                            rep,
                            framework,
                            kind,
                            _num(minutes),
                            _num(c),
                            _num(p),
                            _num(neutral),
                            "1" if day.year < 2025 and rng.random() < 0.2 else "0",
                            ratings,
                            metrics,
                            str(kept),
                            str(missed),
                        ]
                    )
                    for _ in range(rng.choice((1, 2, 3))):
                        seq += 1
                        due = day + timedelta(days=rng.choice((7, 14)))
                        status = (
                            "open"
                            if due > today - timedelta(days=10)
                            else rng.choices(("done", "dropped", "open"), (0.8, 0.1, 0.1))[0]
                        )
                        closed = (due - timedelta(days=1)).isoformat() if status != "open" else ""
                        owner = rng.choice(("rep", "rep", "manager"))
                        actions.append(
                            [
                                f"{rep_slug[:3]}{seq:05d}",
                                rep_slug,
                                owner,
                                day.isoformat(),
                                due.isoformat(),
                                status,
                                closed,
                            ]
                        )
                day += timedelta(days=every + rng.choice((0, 0, 1, 2, 3, 7)))
        sessions.sort(key=lambda row: (row[1], row[2], row[0]))
        actions.sort(key=lambda row: (row[1], row[0]))
        rep_rows.sort()
        total += len(sessions)
        files = {
            "sessions.csv": _csv(
                "note,date,rep_slug,rep,framework,kind,minutes,coaching_minutes,"
                "performance_minutes,neutral_minutes,estimated,ratings,metrics,"
                "kept,missed",
                sessions,
            ),
            "reps.csv": _csv("rep_slug,rep,cadence_days,archived,start_date", rep_rows),
            "actions.csv": _csv("id,rep_slug,owner,created,due,status,closed", actions),
        }
        for file_name, text in files.items():
            (folder_m / file_name).write_text(text, "utf-8")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--managers", type=int, default=50)
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--years", type=float, default=2.0)
    args = parser.parse_args()
    count = generate_team(args.folder, args.managers, args.reps, args.years, date.today())
    print(
        f"{args.managers} managers, {args.managers * args.reps} reps, {count} sessions "
        f"in {args.folder}"
    )


if __name__ == "__main__":
    main()
