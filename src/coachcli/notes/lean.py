"""The index's reading of a format-2 body: the structure only, by whole-text searches.

:func:`scan_structure` gives exactly what ``scan_body(values=False)`` gives
(a property test holds the two equal), reading a body without fenced code
by regular-expression searches over its text instead of line by line, and
the questions of a section as coach writes it by one search. Reading the
bodies is most of what building the index costs.
"""

from __future__ import annotations

import re

from coachcli.notes.body import heading_text, parse_marker
from coachcli.notes.scan import (
    ACTIONS,
    FEEDBACK,
    REVIEWS,
    SUMMARY,
    Body,
    Part,
    ScannedAnswer,
    ScannedSection,
    line_marker,
    scan_body,
    scan_reviews,
    scan_stray_answers,
    scan_summary,
    scan_tasks,
)
from coachcli.properties_v1 import SECTION_KINDS
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
_QUESTION = re.compile(
    rf"\n### [^\n]*\n<!-- q: ({_PLAIN}) ({_PLAIN})(?: json)?(?: (?:{'|'.join(WORDS)}))? -->(?=\n|$)"
)


def scan_structure(body: str, first_line: int = 1) -> Body:
    """``scan_body(body, first_line, values=False)``, faster."""
    if ("```" in body or "~~~" in body) and _FENCE_LINE.search(body):
        return scan_body(body, first_line, values=False)
    found = Body()
    for match in _TITLE_LINE.finditer(body):
        words = (heading_text(match.group()) or "").split(" · ")
        found.framework_name = " · ".join(words[1:-1]) if len(words) >= 3 else ""
        if found.framework_name:
            break
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
