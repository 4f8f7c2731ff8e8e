"""The index's reading of a format-2 body: the structure only, by whole-text searches.

:func:`scan_structure` gives exactly what ``scan_body(values=False)`` gives
(a property test holds the two equal), reading a body without fenced code
by regular-expression searches over its text instead of line by line, and
the questions of a section as coach writes it by one search. Reading the
bodies is most of what building the index costs.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from coachcli.notes.body import (
    OUTCOME_WORDS,
    answer_value,
    heading_text,
    marker,
    parse_marker,
    trim,
)
from coachcli.notes.scan import (
    ACTIONS,
    FEEDBACK,
    REVIEWS,
    SUMMARY,
    Body,
    Part,
    ScannedAnswer,
    ScannedReview,
    ScannedSection,
    line_marker,
    review_of,
    scan_body,
    scan_reviews,
    scan_stray_answers,
    scan_summary,
    scan_tasks,
    summary_of,
)
from coachcli.properties_v1 import SECTION_KINDS
from coachcli.tasks import Task, WrittenTask, written_tasks
from coachcli.visibility import WORDS, is_shared

# A line that could open fenced code; a body with none is read by searches.
_FENCE_LINE = re.compile(r"^ {0,3}(?:`{3}|~{3})", re.MULTILINE)
_PART_START = re.compile(r"\n## ")
_TITLE_LINE = re.compile(r"^# .*", re.MULTILINE)
_FIRST_TEXT = re.compile(r"^(?![ \t]*$).*", re.MULTILINE)
_SECTION_EVENT = re.compile(r"^(?:### |<!--).*", re.MULTILINE)
_COMMENT_LINE = re.compile(r"^<!--.*", re.MULTILINE)
# A question as coach writes it: its heading, then its marker with plain tokens.
_PLAIN = r"[A-Za-z0-9_][A-Za-z0-9_.-]*"
_Q_MARKER = re.compile(r"^[ \t]*<!--[ \t]*q:", re.MULTILINE)  # where a stray answer could be
_VISIBILITY = rf"(?: ({'|'.join(WORDS)}))?"
_SECTION_AS_WRITTEN = re.compile(rf"<!-- section: ({_PLAIN}) ({_PLAIN}){_VISIBILITY} -->(?=\n|$)")
_QUESTION_TEXT = (
    rf"### [^\n]*\n<!-- q: ({_PLAIN}) ({_PLAIN})(?: json)?(?: (?:{'|'.join(WORDS)}))? -->(?=\n|$)"
)
_QUESTION = re.compile(rf"\n{_QUESTION_TEXT}")


def scan_structure(body: str, first_line: int = 1) -> Body:
    """``scan_body(body, first_line, values=False)``, faster."""
    if ("```" in body or "~~~" in body) and _FENCE_LINE.search(body):
        return scan_body(body, first_line, values=False)
    found = Body(framework_name(body))
    starts = [0] if body.startswith("## ") else []
    starts += [match.start() + 1 for match in _PART_START.finditer(body)]
    line, counted = first_line, 0
    for index, start in enumerate(starts):
        line += body.count("\n", counted, start)
        counted = start
        eol = body.find("\n", start)
        eol = len(body) if eol < 0 else eol
        end = starts[index + 1] - 1 if index + 1 < len(starts) else len(body)
        text = body[eol + 1 : end] if eol < end else None
        title = heading_text(body[start:eol]) or ""
        if title in (SUMMARY, REVIEWS, FEEDBACK, ACTIONS):
            if title == FEEDBACK and (text is None or not _Q_MARKER.search(text)):
                continue  # nothing to read here: feedback is searched as text
            lines = [] if text is None else text.split("\n")
            part = Part(title, line, list(enumerate(lines, line + 1)))
            if title != SUMMARY and text is not None and _Q_MARKER.search(text):
                scan_stray_answers(part, found)
            if title == SUMMARY:
                found.summary, found.summary_shared = scan_summary(part, found)
            elif title == REVIEWS:
                scan_reviews(part, found)
            elif title == ACTIONS:
                found.actions_shared = scan_tasks(part, found)
        else:
            _section_lean(title, line, text, found)
    return found


def framework_name(body: str) -> str:
    """The framework's name in the body's title (``# Rep · Name · Date``); the first one given."""
    for match in _TITLE_LINE.finditer(body):
        words = (heading_text(match.group()) or "").split(" · ")
        name = " · ".join(words[1:-1]) if len(words) >= 3 else ""
        if name:
            return name
    return ""


def _section_lean(title: str, at: int, text: str | None, found: Body) -> None:
    """``_section(part, found, values=False)`` by searches over the section's text."""
    written = _SECTION_AS_WRITTEN.match(text) if text is not None else None
    if written is not None:
        tokens = [written[1], written[2], *([written[3]] if written[3] else [])]
        named: tuple[str, list[str]] | None = ("section", tokens)
    else:
        first = _FIRST_TEXT.search(text) if text is not None else None
        named = line_marker(first.group()) if first is not None else None
    if named is None or named[0] != "section":
        if text is not None and any(parse_marker(m.group()) for m in _COMMENT_LINE.finditer(text)):
            found.problems.append(
                f"line {at}: answers under a heading without its "
                "<!-- section: ID KIND --> marker are not read"
            )
        return
    assert text is not None
    tokens = [*named[1], "", ""]
    title = title.rsplit(" · ", 1)[0] if " · " in title else title
    section = ScannedSection(tokens[0], tokens[1], title, at)
    section.shared = is_shared(named[1][2:])
    found.sections.append(section)
    if section.kind not in SECTION_KINDS:
        found.problems.append(f"line {at}: a section's kind should be coaching or performance")
    if _questions_as_written(text, section):
        return
    heading: str | None = None
    heading_at = 0
    unread = False
    current: tuple[str, str] | None = None  # the question whose answer is being passed
    line, counted, after = at + 1, 0, 0

    def close_and_check() -> None:
        if current is not None:
            section.answers.append(ScannedAnswer(current[0], current[1]))
        if heading is not None and unread:
            found.problems.append(
                f"line {heading_at}: the question {heading!r} has lost its "
                "<!-- q: ID TYPE --> marker, so its answer is not read"
            )

    for event in _SECTION_EVENT.finditer(text):
        if current is None and text[after : event.start()].strip(" \t\n"):
            unread = True
        after = event.end()
        line += text.count("\n", counted, event.start())
        counted = event.start()
        found_line = event.group()
        if found_line.startswith("### "):
            close_and_check()
            current = None
            heading, heading_at, unread = heading_text(found_line) or "", line, False
            continue
        marker = parse_marker(found_line)
        if marker is None:
            unread = unread or current is None
            continue
        if current is not None:
            section.answers.append(ScannedAnswer(current[0], current[1]))
        if heading is None:
            found.problems.append(
                f"line {line}: the answer to {marker[0]!r} has lost its question heading (### ...)"
            )
        current, heading = (marker[0], marker[1]), None
    if current is None and text[after:].strip(" \t\n"):
        unread = True
    close_and_check()


def _questions_as_written(text: str, section: ScannedSection) -> bool:
    """Read the section's questions if every one is as coach writes it; else leave them.

    As written: the section's marker on its first line, every ``### `` line a
    question's heading with its marker on the next line, and no other line
    starting ``<!--``. Then no heading has lost its marker and no marker its
    heading, and one search finds them all.
    """
    if not text.startswith("<!--"):
        return False
    found = _QUESTION.findall(text)
    headings = text.count("\n### ") + text.startswith("### ")
    if headings != len(found) or text.count("\n<!--") != len(found):
        return False
    section.answers += [ScannedAnswer(qid, kind) for qid, kind in found]
    return True


# =========================================================================== as coach writes it


class Written(NamedTuple):
    """What the index reads of a body in the shape coach writes (:func:`scan_written`)."""

    framework_name: str
    summary: str
    questions_asked: tuple[str, ...]
    reviews: list[ScannedReview]
    tasks: list[tuple[Task | WrittenTask, str]]
    """Each action item, and the latest comment under it."""


_PART = "\n## "
_SUMMARY_HEAD = f"{_PART}{SUMMARY}\n"
_REVIEWS_HEAD = f"{_PART}{REVIEWS}\n"
_FEEDBACK_HEAD = f"{_PART}{FEEDBACK}\n"
_ACTIONS_HEAD = f"{_PART}{ACTIONS}\n"
# In the sections, each line starting "## ", "### " or "<!--": a section as coach writes it
# ("## Title · kind", its marker on the next line: id, kind, visibility), a question as coach
# writes it (id, type), or anything else (the last group).
_SECTIONS_AS_WRITTEN = re.compile(
    rf"\n(?:## [^\n]* · [^\n]*\n{_SECTION_AS_WRITTEN.pattern}|{_QUESTION_TEXT}|(## |### |<!--))"
)


def scan_written(body: str) -> Written | None:
    """The body's structure when every part is as coach writes it; None for anything else.

    As written: no fenced code; the parts in coach's order (summary, reviews,
    sections, feedback, action items); each section's heading ``## Title ·
    kind`` with its marker on the next line, each question's heading with
    its marker on the next line, and no other line of the sections starting
    ``<!--``; the summary, reviews and action items read without a warning.
    Then ``scan_structure`` reads the same (a property test holds them
    equal), and the sections are read by one search over all of them.
    """
    if body.startswith("## ") or (("```" in body or "~~~" in body) and _FENCE_LINE.search(body)):
        return None
    found = Body()
    end = len(body)
    at = body.find(_PART)
    at = end if at < 0 else at
    summary = ""
    if body.startswith(_SUMMARY_HEAD, at):
        after = _next_part(body, at)
        summary = _summary(body[at + len(_SUMMARY_HEAD) : after])
        at = after
    if body.startswith(_REVIEWS_HEAD, at):
        after = _next_part(body, at)
        _reviews(body[at + len(_REVIEWS_HEAD) : after], found)
        at = after
    stop = end
    tasks: list[tuple[Task | WrittenTask, str]] = []
    last = body.rfind(_PART, at)
    if last >= 0 and body.startswith(_ACTIONS_HEAD, last):
        tasks = _tasks(body[last + len(_ACTIONS_HEAD) :], found)
        stop = last
    last = body.rfind(_PART, at, stop)
    if last >= 0 and body.startswith(_FEEDBACK_HEAD, last):
        if _stray(body, last, stop):
            return None
        stop = last
    if found.problems:
        return None
    questions = []
    for _, kind, _, question, _, other in _SECTIONS_AS_WRITTEN.findall(body, at, stop):
        if other or (kind and kind not in SECTION_KINDS):
            return None
        if question:
            questions.append(question)
    return Written(framework_name(body), summary, tuple(questions), found.reviews, tasks)


def _next_part(body: str, at: int) -> int:
    found = body.find(_PART, at + 1)
    return len(body) if found < 0 else found


_OUTCOME = "|".join(re.escape(w) for w in OUTCOME_WORDS.values())
_REVIEW_AS_WRITTEN = re.compile(
    rf"^(- (?:{_OUTCOME}) ·[^\n]*?) <!-- review: ({_PLAIN}) ({'|'.join(WORDS)}) -->$", re.MULTILINE
)
_ACTIONS_MARKERS = tuple(f"{marker('actions', w)}\n\n" for w in WORDS)
_SUMMARY_MARKERS = tuple(f"{marker('summary', w)}\n" for w in WORDS)


def _summary(text: str) -> str:
    """The summary's text under ``## Summary``: ``summary_of``, its marker known at a glance."""
    for written in _SUMMARY_MARKERS:
        if text.startswith(written):
            lines = trim(text[len(written) :].split("\n"))
            return str(answer_value("text", lines, json_form=False) or "")
    return summary_of(text.split("\n"))[0]


def _stray(text: str, start: int, end: int) -> bool:
    """Whether a question's marker stands in ``text[start:end]`` (where no answer is read)."""
    return text.find("q:", start, end) >= 0 and _Q_MARKER.search(text, start, end) is not None


def _reviews(text: str, found: Body) -> None:
    """The reviews under ``## Commitments from last time``; as written, one search reads them."""
    lines = _REVIEW_AS_WRITTEN.findall(text)
    if text.startswith("\n") and len(lines) == text.count("\n") - 1 and text.endswith("\n"):
        reviews = [review_of(line, [action, seen]) for line, action, seen in lines]
        if None not in reviews:
            found.reviews += reviews  # type: ignore[arg-type]
            return
    if _stray(text, 0, len(text)):
        found.problems.append("stray answers")
    scan_reviews(Part(REVIEWS, 0, list(enumerate(text.split("\n")))), found)


def _tasks(text: str, found: Body) -> list[tuple[Task | WrittenTask, str]]:
    """The action items under ``## Action items``; as written, one search reads them."""
    if text.startswith(_ACTIONS_MARKERS) and text.endswith("\n"):
        tasks = written_tasks(text[text.index("\n\n") + 2 : -1])
        if tasks is not None and len({t.id for t in tasks}) == len(tasks):
            return [(task, "") for task in tasks]
    if _stray(text, 0, len(text)):
        found.problems.append("stray answers")
    scan_tasks(Part(ACTIONS, 0, list(enumerate(text.split("\n")))), found)
    return [(item.task, item.comment) for item in found.tasks]
