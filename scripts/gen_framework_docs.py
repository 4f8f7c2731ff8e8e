"""Regenerate docs/frameworks/: one page per built-in framework, and the index.

Each page is exactly what ``coach frameworks show ID --markdown`` prints for
the built-in framework (coachcli.outline.to_markdown), so the docs never drift
from the TOML files; tests/test_library.py fails when a page is out of date.

    python scripts/gen_framework_docs.py           # rewrite the pages
    python scripts/gen_framework_docs.py --check   # exit 1 if any page is out of date

Run it from a checkout with coachcli installed (``pip install -e .``). It
reads the built-ins only: your own frameworks folder and COACH_HOME are ignored.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from coachcli.feedback_templates import FeedbackTemplate
from coachcli.framework import Framework
from coachcli.home import Home
from coachcli.loader import discover, feedback_library
from coachcli.outline import to_markdown

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "frameworks"

# The order of the index: coaching, then performance, then mixed; anything new goes last.
ORDER = [
    "grow",
    "oskar",
    "clear",
    "skill-will",
    "role-play",
    "career",
    "skip-level",
    "pipeline-review",
    "deal-review",
    "deal-risk",
    "forecast",
    "account-plan",
    "territory-plan",
    "win-loss-debrief",
    "pre-call-plan",
    "post-call-debrief",
    "spin-call-scorecard",
    "call-coaching",
    "ride-along",
    "negotiation-prep",
    "accountability-check-in",
    "performance-improvement-plan",
    "weekly-1on1",
    "new-hire-30-60-90",
    "manager-self-review",
]

INTRO = """\
# The built-in frameworks

coachcli comes with these frameworks. Each page shows one in full: its
sections and timeboxes, every question with its help and probes, the skill
ratings with their behavioural anchors, the metrics with their targets, and
the feedback templates it offers.

The pages are generated from the TOML files in `frameworks/` and are exactly
what `coach frameworks show ID --markdown` prints. Don't edit them by hand:
edit the TOML, then run `python scripts/gen_framework_docs.py` (a test fails
while a page is out of date). To adapt a framework for your team, copy it:
`coach frameworks new my-grow --from grow` (see [the authoring
guide](../frameworks.md)).

## Which one when

- **A skill to develop, the rep chooses it:** [grow](grow.md); when the rep is
  stuck or discouraged and needs to build on what already works:
  [oskar](oskar.md).
- **A situation the rep wants to think through** (a stuck deal, a hard loss,
  a decision they keep putting off), when listening comes first:
  [clear](clear.md).
- **Not sure how much help the rep needs on a task:** [skill-will](skill-will.md)
  first, then the mode it points to.
- **Practise before a real conversation:** [role-play](role-play.md).
- **A recording of a call that matters:** [call-coaching](call-coaching.md);
  to score its questioning against SPIN Selling:
  [spin-call-scorecard](spin-call-scorecard.md).
- **Before and after an important call:** [pre-call-plan](pre-call-plan.md),
  then [post-call-debrief](post-call-debrief.md) against that plan.
- **Where the rep's career is going:** [career](career.md), every three to six months.
- **The weekly numbers:** [pipeline-review](pipeline-review.md); one big deal
  in depth: [deal-review](deal-review.md); a fast sweep for warning signs:
  [deal-risk](deal-risk.md); the quarter's number and plan:
  [forecast](forecast.md).
- **A deal that has just closed, won or lost:**
  [win-loss-debrief](win-loss-debrief.md).
- **Planning ahead:** one strategic account before its business review:
  [account-plan](account-plan.md); the territory and the pipeline the number
  needs at the rep's own win rate: [territory-plan](territory-plan.md); a
  negotiation that matters, planned and then rehearsed:
  [negotiation-prep](negotiation-prep.md).
- **See a live call for yourself:** [ride-along](ride-along.md).
- **Below an agreed standard, or commitments slipping:**
  [accountability-check-in](accountability-check-in.md); still below it after
  that, when your company's process calls for a formal, written plan and its
  check-ins: [performance-improvement-plan](performance-improvement-plan.md).
- **The standing weekly conversation:** [weekly-1on1](weekly-1on1.md); a new
  rep at day 30, 60 and 90: [new-hire-30-60-90](new-hire-30-60-90.md).
- **As a leader, hearing from the reps in your managers' teams:**
  [skip-level](skip-level.md).
- **Your own coaching, once a month** (balance, cadence, follow-through, from
  `coach balance`): [manager-self-review](manager-self-review.md).

Coaching frameworks develop *how* the rep sells; performance frameworks check
*what* got done; mixed ones do a little of both, by section. Which
conversation for which situation, and why `coach balance` suggests one:
[choosing the conversation](../choosing.md).

## The frameworks

| framework | kind | minutes | what it does |
|---|---|---|---|
"""

FEEDBACK_INTRO = """
## Shared feedback templates

Any framework can offer these with `use_feedback` (they live in
`frameworks/feedback/library.toml`; your own go in
`<home>/frameworks/feedback/`). Each framework page lists the ones it offers.

| template | style | slots |
|---|---|---|
"""


def _order(frameworks: dict[str, Framework]) -> list[Framework]:
    known = [frameworks[i] for i in ORDER if i in frameworks]
    rest = sorted((f for i, f in frameworks.items() if i not in ORDER), key=lambda f: f.id)
    return known + rest


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_index(frameworks: dict[str, Framework], library: dict[str, FeedbackTemplate]) -> str:
    out = [INTRO.rstrip("\n")]
    for fw in _order(frameworks):
        link = f"[{_cell(fw.name)}]({fw.id}.md) `{fw.id}`"
        out.append(f"| {link} | {fw.kind} | {fw.minutes} | {_cell(fw.summary)} |")
    out.append(FEEDBACK_INTRO.rstrip("\n"))
    for template in library.values():
        slots = ", ".join(f"`{s.name}`" for s in template.slots)
        out.append(f"| {_cell(template.name)} `{template.id}` | {template.style} | {slots} |")
    return "\n".join(out) + "\n"


def render_all() -> dict[Path, str]:
    """Every generated file and its content, from the built-ins only."""
    with tempfile.TemporaryDirectory() as empty:
        home = Home(Path(empty))
        sources = discover(home)
        broken = [s for s in sources if s.error is not None]
        if broken:
            for source in broken:
                print(source.error, file=sys.stderr)
            raise SystemExit("Fix the invalid frameworks first (coach frameworks validate).")
        frameworks = {s.id: s.framework for s in sources if s.framework is not None}
        library = feedback_library(None)[0]
    files = {DOCS / f"{fw_id}.md": to_markdown(fw) for fw_id, fw in frameworks.items()}
    files[DOCS / "README.md"] = render_index(frameworks, library)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report, don't write")
    args = parser.parse_args(argv)
    files = render_all()
    stale = sorted(p for p in DOCS.glob("*.md") if p not in files)
    changed = [
        path
        for path, text in files.items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]
    if args.check:
        for path in changed:
            print(f"out of date: {path.relative_to(ROOT)}")
        for path in stale:
            print(f"no longer a built-in framework: {path.relative_to(ROOT)}")
        if changed or stale:
            print("Run: python scripts/gen_framework_docs.py")
            return 1
        print(f"{len(files)} pages up to date in {DOCS.relative_to(ROOT)}")
        return 0
    DOCS.mkdir(parents=True, exist_ok=True)
    for path in changed:
        path.write_text(files[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    for path in stale:
        path.unlink()
        print(f"removed {path.relative_to(ROOT)}")
    if not changed and not stale:
        print(f"{len(files)} pages up to date in {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
