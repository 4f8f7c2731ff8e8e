"""Reading a format-2 body: what a person sees is what coach reads (docs/notes.md).

One pass over the lines finds the parts of the note by their ``## `` headings
and hidden markers: the summary, the reviews of earlier actions, each
section and its questions' answers, feedback statements and the action
items (Obsidian Tasks lines, :mod:`coachcli.tasks`). A part coach cannot
understand (a marker whose heading was deleted, a mangled task line, a
review without its outcome) becomes one warning naming the line; the rest of
the note is still read. Standard library only: the index reads every note
through here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from coachcli.notes.body import (
    OUTCOME_WORDS,
    BadAnswer,
    Fences,
    QuestionMarker,
    answer_value,
    decode_prompt,
    heading_text,
    is_blank,
    parse_marker,
    parse_named_marker,
    strip_marker,
    trim,
)
from coachcli.properties_v1 import SECTION_KINDS
from coachcli.records import ReviewOutcome
from coachcli.tasks import Task, parse_task
from coachcli.visibility import SHARED, is_shared

SUMMARY = "Summary"
REVIEWS = "Commitments from last time"
FEEDBACK = "Feedback"
ACTIONS = "Action items"
_OUTCOMES: dict[str, ReviewOutcome] = {word: key for key, word in OUTCOME_WORDS.items()}  # type: ignore[misc]


@dataclass(slots=True)
class ScannedAnswer:
    id: str
    type: str
    prompt: str = ""
    """Empty when read for the index (``values=False``), as are ``value`` and ``line``."""
    value: object = None
    line: int = 0
    shared: bool = False
    """Its marker's visibility, else its section's (read with ``values=True`` only)."""


@dataclass(slots=True)
class ScannedSection:
    id: str
    kind: str
    title: str
    line: int
    answers: list[ScannedAnswer] = field(default_factory=list)
    shared: bool = False


@dataclass(frozen=True, slots=True)
class ScannedReview:
    action: str
    outcome: ReviewOutcome
    label: str
    comment: str
    shared: bool = False


@dataclass(frozen=True, slots=True)
class ScannedFeedback:
    template: str
    style: str
    name: str
    text: str
    shared: bool = False


@dataclass(frozen=True, slots=True)
class ScannedTask:
    task: Task
    line: int
    comment: str
    """The latest comment written under it (``coach actions done ID -m TEXT``)."""


@dataclass(slots=True)
class Body:
    """What a format-2 body says."""

    framework_name: str = ""
    summary: str = ""
    summary_shared: bool = False
    actions_shared: bool = False
    reviews: list[ScannedReview] = field(default_factory=list)
    sections: list[ScannedSection] = field(default_factory=list)
    feedback: list[ScannedFeedback] = field(default_factory=list)
    tasks: list[ScannedTask] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """One line per part that could not be read: ``line 42: ...``."""

    @property
    def questions_asked(self) -> tuple[str, ...]:
        return tuple(a.id for s in self.sections for a in s.answers)


@dataclass(slots=True)
class Part:
    """The lines under one ``## `` heading (or before the first)."""

    title: str
    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)


def scan_body(body: str, first_line: int = 1, *, values: bool = True) -> Body:
    """Everything a format-2 body says; problems are collected, never raised.

    ``values=False`` reads the structure only: which questions were asked
    (ids and types), the summary, reviews and action items; answers' values
    and prompts and feedback statements are left out. The index reads the
    same thing faster with :func:`coachcli.notes.lean.scan_structure`.
    """
    found = Body()
    parts: list[Part] = [Part("", first_line)]
    fences = Fences()
    for number, line in enumerate(body.split("\n"), start=first_line):
        if fences.open is None and line.startswith("## "):
            parts.append(Part(heading_text(line) or "", number))
            continue
        if fences.open is None and line.startswith("# ") and not found.framework_name:
            title = (heading_text(line) or "").split(" · ")
            found.framework_name = " · ".join(title[1:-1]) if len(title) >= 3 else ""
        fences.is_code(line)
        parts[-1].lines.append((number, line))
    for part in parts[1:]:
        if part.title in (REVIEWS, FEEDBACK, ACTIONS):
            scan_stray_answers(part, found)
        if part.title == SUMMARY:
            found.summary, found.summary_shared = scan_summary(part, found)
        elif part.title == REVIEWS:
            scan_reviews(part, found)
        elif part.title == FEEDBACK:
            if values:
                _feedback(part, found)
        elif part.title == ACTIONS:
            found.actions_shared = scan_tasks(part, found)
        else:
            _section(part, found, values)
    return found


def scan_stray_answers(part: Part, found: Body) -> None:
    """Answers in a part that holds none (a question block moved below ``## Action items``)."""
    fences = Fences()
    stray: list[tuple[int, str]] = []
    for number, line in part.lines:
        marker = parse_marker(line) if fences.open is None else None
        if marker is not None:
            stray.append((number, marker[0]))
        fences.is_code(line)
    if len(stray) == 1:
        found.problems.append(
            f"line {stray[0][0]}: the answer to {stray[0][1]!r} is not under a section "
            "(## Title · kind), so it is not read"
        )
    elif stray:
        found.problems.append(
            f"line {stray[0][0]}: the answers to {stray[0][1]!r} and {len(stray) - 1} more "
            "below it are not under a section (## Title · kind), so they are not read"
        )


def line_marker(line: str) -> tuple[str, list[str]] | None:
    """A summary's, section's or feedback statement's marker: the whole line, never its end."""
    named = parse_named_marker(line)
    return named if named is not None and not strip_marker(line).strip() else None


def scan_summary(part: Part, found: Body) -> tuple[str, bool]:
    """The summary's text, and whether it is shared."""
    return summary_of([line for _, line in part.lines])


def summary_of(lines: list[str]) -> tuple[str, bool]:
    """The summary's text, and whether it is shared, from the lines under ``## Summary``."""
    lines = trim(lines)
    json_form = shared = False
    if lines:
        named = line_marker(lines[0])
        if named is not None and named[0] == "summary":
            json_form, lines = "json" in named[1], trim(lines[1:])
            shared = is_shared(named[1])
    try:
        return str(answer_value("text", lines, json_form=json_form) or ""), shared
    except BadAnswer:  # pragma: no cover - text always reads
        return "\n".join(lines), shared


def scan_reviews(part: Part, found: Body) -> None:
    for number, line in part.lines:
        named = parse_named_marker(line)
        if named is None or named[0] != "review":
            if line.lstrip().startswith(("- ", "* ")):
                found.problems.append(
                    f"line {number}: a review without its <!-- review: ID --> marker"
                )
            continue
        review = review_of(strip_marker(line), named[1])
        if review is None:
            found.problems.append(
                f"line {number}: a review should start with done, not done or dropped"
            )
            continue
        found.reviews.append(review)


def review_of(text: str, tokens: list[str]) -> ScannedReview | None:
    """The review on a line whose marker's tokens are ``tokens``; ``text``: the line before it.

    None when the line does not start with an outcome (or the marker names no action).
    """
    text = text.strip()
    text = text[2:] if text.startswith(("- ", "* ")) else text
    word, _, rest = text.partition("·")  # the label may be empty: "- done · <!-- ..."
    outcome = _OUTCOMES.get(word.strip().casefold())
    if outcome is None or not tokens:
        return None
    label, _, comment = rest.partition(" — ")
    return ScannedReview(tokens[0], outcome, label.strip(), comment.strip(), is_shared(tokens[1:]))


def _feedback(part: Part, found: Body) -> None:
    name = ""
    current: tuple[str, str, bool, bool] | None = None
    lines: list[str] = []

    def close() -> None:
        if current is None:
            return
        template, style, json_form, shared = current
        if json_form:
            text = str(answer_value("text", trim(lines), json_form=True) or "")
        else:
            quote = [line.lstrip()[1:] for line in lines if line.lstrip().startswith(">")]
            quote = [q[1:] if q.startswith(" ") else q for q in quote]
            text = str(answer_value("text", trim(quote), json_form=False) or "")
        found.feedback.append(ScannedFeedback(template, style, name, text, shared))

    for _, line in part.lines:
        named = line_marker(line)
        if named is not None and named[0] == "feedback":
            tokens = [*named[1], "", ""]
            flags = named[1][2:]
            current = (tokens[0], tokens[1] or "any", "json" in flags, is_shared(flags))
            lines = []
            continue
        if line.startswith("**") and line.rstrip().endswith("**") and len(line.strip()) > 4:
            close()
            current, lines = None, []
            name = line.strip()[2:-2]
            continue
        lines.append(line)
    close()


def scan_tasks(part: Part, found: Body) -> bool:
    """The action items into ``found``; whether the part is shared (its marker says so)."""
    fences = Fences()
    shared = False
    for number, line in part.lines:
        if fences.is_code(line):
            continue
        named = line_marker(line) if line.startswith("<!--") else None
        if named is not None and named[0] == "actions":
            shared = is_shared(named[1])
            continue
        try:
            task = parse_task(line)
        except ValueError as exc:
            found.problems.append(f"line {number}: {exc}")
            continue
        if task is None:
            note = line.strip()
            if found.tasks and line.startswith((" ", "\t")) and note.startswith("- "):
                last = found.tasks[-1]
                found.tasks[-1] = ScannedTask(last.task, last.line, _comment(note[2:]))
            continue
        if task.indent:
            continue  # a sub-task a person added under an action: theirs
        if task.id is None:
            found.problems.append(f"line {number}: a task without an id (^abc1234) is not tracked")
            continue
        if task.due is None:
            found.problems.append(f"line {number}: the action {task.id} has no due date (📅)")
            continue
        first = next((t.line for t in found.tasks if t.task.id == task.id), None)
        if first is not None:
            found.problems.append(
                f"line {number}: the action id ^{task.id} is on line {first} too; "
                "only that one is read"
            )
            continue
        found.tasks.append(ScannedTask(task, number, ""))
    return shared


def _comment(text: str) -> str:
    """``2026-12-02 done: sent on Tuesday`` -> ``sent on Tuesday``."""
    head, colon, rest = text.partition(": ")
    words = head.split(" ")
    if colon and words and _is_date(words[0]):
        return rest.strip()
    return text.strip()


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _section(part: Part, found: Body, values: bool = True) -> None:
    rest = [(n, line) for n, line in part.lines if not is_blank(line)]
    named = line_marker(rest[0][1]) if rest else None
    markers = [n for n, line in part.lines if line.startswith("<!--") and parse_marker(line)]
    if named is None or named[0] != "section":
        if markers:
            found.problems.append(
                f"line {part.line}: answers under a heading without its "
                "<!-- section: ID KIND --> marker are not read"
            )
        return
    tokens = [*named[1], "", ""]
    title = part.title.rsplit(" · ", 1)[0] if " · " in part.title else part.title
    section = ScannedSection(tokens[0], tokens[1], title, part.line)
    section.shared = is_shared(named[1][2:])
    found.sections.append(section)
    if section.kind not in SECTION_KINDS:
        found.problems.append(
            f"line {part.line}: a section's kind should be coaching or performance"
        )
    heading: str | None = None  # the ### heading not yet used by a marker
    heading_at = 0
    unread = False  # text under that heading, which no marker claims
    block: list[str] = []
    current: tuple[QuestionMarker, int, str] | None = None
    fences = Fences()

    def close() -> None:
        if current is None:
            return
        (qid, kind, json_form, seen), line, prompt = current
        value = None
        if values:
            try:
                value = answer_value(kind, trim(block), json_form=json_form)
            except BadAnswer as exc:
                found.problems.append(f"line {line}: the answer to {qid!r} {exc}")
        if values:
            shared = section.shared if seen is None else seen == SHARED
            section.answers.append(
                ScannedAnswer(qid, kind, decode_prompt(prompt), value, line, shared)
            )
        else:
            section.answers.append(ScannedAnswer(qid, kind))

    def lost() -> None:
        if heading is not None and unread:
            found.problems.append(
                f"line {heading_at}: the question {heading!r} has lost its "
                "<!-- q: ID TYPE --> marker, so its answer is not read"
            )

    for number, line in part.lines:
        if fences.open is None:
            if line.startswith("### "):
                close()
                lost()
                current, block = None, []
                heading, heading_at, unread = heading_text(line) or "", number, False
                continue
            marker = parse_marker(line) if line.startswith("<!--") else None
            if marker is not None:
                close()
                block = []
                if heading is None:
                    found.problems.append(
                        f"line {number}: the answer to {marker[0]!r} has lost its question "
                        "heading (### ...)"
                    )
                current = (marker, number, heading or "")
                heading = None
                continue
        fences.is_code(line)
        if current is not None:
            block.append(line)
        elif not is_blank(line):
            unread = True
    close()
    lost()
