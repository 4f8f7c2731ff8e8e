"""Generate a home full of realistic notes, written through coachcli's own note writer.

    python benchmarks/generate.py HOME [--notes 10000] [--reps 50] [--seed 1]

Each rep gets a profile and notes spread over the last two years, alternating
the built-in frameworks, with answers to the questions a session would pick,
ratings, metrics, feedback, action items and reviews of earlier actions.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from coachcli.banks import plan_questions
from coachcli.framework import Framework
from coachcli.home import Home
from coachcli.loader import discover
from coachcli.notes import write_note
from coachcli.reps import add_rep, rep_dir
from coachcli.session import ActionItem, Answer, Feedback, Review, SectionRecord, Session
from coachcli.sharing import mark_visibility

WORDS = (
    "pipeline discovery budget champion pricing objection renewal procurement legal "
    "security review demo proposal timeline stakeholder economic buyer decision criteria "
    "competitor value pain urgency follow-up next step forecast quarter quota coverage "
    "meeting prospect cadence email call voicemail referral expansion upsell churn risk"
).split()
FIRST = "Alex Sam Jo Priya Chen Maria Tom Aisha Lucas Emma Noah Zoë Omar Lena Ivan".split()
LAST = "Kim Rivera Park Shah Wei García Novak Okafor Silva Brown Müller Haddad Rossi".split()


def sentence(rng: random.Random, words: int = 12) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


ACCOUNTS = ("Acme renewal", "Globex pilot", "Initech expansion", "Umbrella platform", "Hooli")
RISKS = ("no next step", "close date pushed 1× (+30 days)", "no activity in 21 days")


def value_for(question: object, rng: random.Random) -> object:
    kind = getattr(question, "type", "text")
    if kind == "text":
        return " ".join(sentence(rng, rng.randint(6, 20)) for _ in range(rng.randint(1, 3)))
    if kind == "scale":
        return rng.randint(question.min, question.max)
    if kind == "choice":
        return rng.choice(question.options)
    if kind == "multi":
        options = question.options or [  # options_from: the deals at risk a snapshot would give
            f"{rng.choice(ACCOUNTS)} ({rng.randint(5, 200)},000; {rng.choice(RISKS)})"
            for _ in range(3)
        ]
        return rng.sample(options, k=rng.randint(1, min(3, len(options))))
    if kind == "number":
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else 100
        number = rng.uniform(low, high)
        return int(number) if question.integer else round(number, 1)
    if kind == "yesno":
        return rng.random() < 0.6
    return [sentence(rng, 4) for _ in range(rng.randint(1, 4))]


def make_session(
    rep_name: str,
    slug: str,
    fw: Framework,
    started: datetime,
    rng: random.Random,
    recent: list[list[str]],
    open_ids: list[str],
    next_id: list[int],
) -> Session:
    plan = plan_questions(fw, recent)
    questions = {q.id: q for s in fw.sections for q in s.questions}
    sections = []
    for section in fw.sections:
        answers = [
            Answer(id=qid, prompt=questions[qid].prompt, type=questions[qid].type,
                   value=value_for(questions[qid], rng) if rng.random() < 0.9 else None)
            for qid in plan[section.id]
        ]  # fmt: skip
        seconds = int(section.minutes * 60 * rng.uniform(0.6, 1.4))
        sections.append(
            SectionRecord(id=section.id, title=section.title, kind=section.kind,
                          planned_minutes=section.minutes, seconds=seconds, answers=answers)
        )  # fmt: skip
    reviews = []
    for action_id in list(open_ids):
        outcome = rng.choice(["done", "done", "not-done", "dropped"])
        reviews.append(Review(action=action_id, text=sentence(rng, 5), outcome=outcome))
        if outcome != "not-done":
            open_ids.remove(action_id)
    actions = []
    for _ in range(rng.randint(1, 3)):
        next_id[0] += 1
        action_id = f"b{next_id[0]:06d}"
        due = started.date() + timedelta(days=rng.randint(3, 14))
        actions.append(
            ActionItem(
                id=action_id, text=sentence(rng, 6), owner=rng.choice(["rep", "manager"]), due=due
            )
        )
        open_ids.append(action_id)
    feedback = []
    if fw.feedback and rng.random() < 0.7:
        template = rng.choice(fw.feedback)
        slots = {slot.name: sentence(rng, 5).rstrip(".") for slot in template.slots}
        feedback.append(Feedback(template=template.id, name=template.name, style=template.style,
                                 slots=slots, text=template.render(slots)))  # fmt: skip
    duration = sum(s.seconds for s in sections)
    return Session(
        rep=rep_name,
        rep_slug=slug,
        manager="Sam Rivera",
        started=started,
        ended=started + timedelta(seconds=duration),
        framework=fw.id,
        framework_name=fw.name,
        framework_version=fw.version,
        kind=fw.kind,
        sections=sections,
        ratings={r.id: rng.randint(r.min, r.max) for r in fw.ratings if rng.random() < 0.8},
        metrics={m.id: round(rng.uniform(0, (m.target or 10) * 1.5), 1) for m in fw.metrics},
        feedback=feedback,
        actions=actions,
        reviews=reviews,
        summary=sentence(rng, 14),
        tags=[fw.kind, fw.id],
    )


def generate(root: Path, notes: int, reps: int, seed: int = 1) -> Home:
    """Fill ``root`` with ``notes`` notes across ``reps`` reps; return the home."""
    rng = random.Random(seed)
    home = Home(root)
    frameworks = [s.framework for s in discover(home) if s.framework is not None]
    frameworks = [f for f in frameworks if f.sections] or frameworks
    today = date.today()
    tz = timezone(timedelta(hours=1))
    next_id = [0]
    names: set[str] = set()
    per_rep = [notes // reps + (1 if i < notes % reps else 0) for i in range(reps)]
    for index, count in enumerate(per_rep):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        while name in names:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {index}"
        names.add(name)
        rep = add_rep(home, name, role="Account Executive", today=today - timedelta(days=800))
        folder = rep_dir(home, rep)
        recent: list[list[str]] = []
        open_ids: list[str] = []
        written: list[tuple[Session, Framework]] = []
        agreed_in: dict[str, int] = {}  # action id -> the session that agreed it
        for n in range(count):
            day = today - timedelta(days=int(730 * (count - n) / max(count, 1)))
            started = datetime(day.year, day.month, day.day, 9 + n % 8, 0, tzinfo=tz)
            fw = frameworks[(n + index) % len(frameworks)]
            session = make_session(rep.name, rep.slug, fw, started, rng, recent, open_ids, next_id)
            recent.insert(0, session.questions_asked)
            del recent[5:]
            # as `coach start` does: an action reviewed done or dropped is ticked in its note
            for review in session.reviews:
                if review.outcome in ("done", "dropped") and review.action in agreed_in:
                    at = agreed_in[review.action]
                    earlier, earlier_fw = written[at]
                    status = "done" if review.outcome == "done" else "dropped"
                    actions = [
                        a.model_copy(update={"status": status, "closed_on": session.date})
                        if a.id == review.action else a
                        for a in earlier.actions
                    ]  # fmt: skip
                    written[at] = (earlier.model_copy(update={"actions": actions}), earlier_fw)
            for action in session.actions:
                agreed_in[action.id] = len(written)
            written.append((mark_visibility(session, fw), fw))
        for session, fw in written:
            write_note(folder, session, fw)
    return home


def home_to_measure(home: Path | None, scratch: Path, notes: int, reps: int) -> Path:
    """``home`` when a benchmark is given one, else a home generated into ``scratch``."""
    if home is not None:
        return home
    home = scratch / "home"
    print(f"generating {notes} notes for {reps} reps in {home} ...", flush=True)
    began = time.perf_counter()
    generate(home, notes, reps)
    print(f"  done in {time.perf_counter() - began:.0f} s", flush=True)
    return home


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home", type=Path)
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.home.exists() and any(args.home.iterdir()):
        sys.exit(f"{args.home} is not empty")
    began = time.perf_counter()
    generate(args.home, args.notes, args.reps, args.seed)
    took = time.perf_counter() - began
    print(f"wrote {args.notes} notes for {args.reps} reps into {args.home} in {took:.1f} s")


if __name__ == "__main__":
    main()
