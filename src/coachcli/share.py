"""`coach share`: the message a rep receives after a 1:1, from the note as it stands.

The note is read back whole (hand edits count, its marks say what is
shared), the shared parts are taken (:func:`coachcli.sharing.shared_parts`)
and laid out (:mod:`coachcli.share_render`). Names, units and scale labels
come from the session's framework when it is still there.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from coachcli.aims import target_wording
from coachcli.errors import CoachError
from coachcli.framework import Framework, Metric, NumberQuestion, ScaleQuestion
from coachcli.home import Home
from coachcli.self_review_ids import is_self_review, is_self_review_note
from coachcli.share_render import Labels, ShareFormat, render
from coachcli.wording import with_unit

if TYPE_CHECKING:
    from coachcli.session import Session


@dataclass(frozen=True, slots=True)
class Shared:
    """What ``coach share`` prints or writes."""

    text: str
    note: Path
    left_out: int
    """How many private parts were left out."""
    empty: bool
    """Nothing of the note is shared: the message holds only its title."""
    self_review: bool = False
    """The note is the manager's self-review: there is no rep to send it to."""


def labels_of(framework: Framework | None) -> Labels:
    """Names, units, targets and scale labels of a framework (none when it is gone)."""
    if framework is None:
        return Labels()
    questions = [q for s in framework.sections for q in s.questions]
    return Labels(
        ratings={r.id: (r.name, r.max) for r in framework.ratings},
        metrics={m.id: (m.name, m.unit, _target(m)) for m in framework.metrics},
        scales={q.id: (q.min, tuple(q.labels)) for q in questions if isinstance(q, ScaleQuestion)},
        units={q.id: q.unit for q in questions if isinstance(q, NumberQuestion)},
    )


def _target(metric: Metric) -> str:
    return target_wording(metric.aim, lambda value: with_unit(value, metric.unit))


def framework_or_none(home: Home, framework_id: str) -> Framework | None:
    """The framework a note was written with, or None when it is gone or broken."""
    from coachcli.loader import resolve

    try:
        return resolve(home, framework_id)
    except CoachError:
        return None


def note_path(home: Home, rep_ref: str, which: str | None) -> Path:
    """The note chosen: a file given by its path, else as `coach show` chooses one."""
    if which is not None and which.endswith(".md"):
        path = Path(which).expanduser()
        if not path.is_file():
            raise CoachError(
                f"{which}: there is no such note file.",
                hint="Give the note's path, its date (2026-11-27) or nothing for the newest.",
            )
        return path
    from coachcli.queries import pick_note

    return pick_note(home, rep_ref, which).path


def _check_rep(home: Home, rep_ref: str, written: str, path: Path) -> None:
    """A note given by its path must be the named rep's: sharing one rep's note with another
    is the mistake this command must never make."""
    from coachcli.names import name_key
    from coachcli.reps import get_rep

    rep = get_rep(home, rep_ref, begun=True)
    if name_key(written) not in {name_key(n) for n in (rep.name, *rep.former_names)}:
        raise CoachError(
            f"{path} is {written}'s note, not {rep.name}'s.",
            hint=f'Share it with its own rep: coach share "{written}" {path}',
        )


def share_note(home: Home, rep_ref: str, which: str | None, fmt: ShareFormat) -> Shared:
    """The rep's message from one note: only its shared parts, in ``fmt``."""
    path = note_path(home, rep_ref, which)
    session = read_note(path)
    if which is not None and which.endswith(".md"):
        _check_rep(home, rep_ref, session.rep, path)
    return message(home, session, path, fmt, framework_or_none(home, session.framework))


def read_note(path: Path, text: str | None = None) -> Session:
    """The note at ``path`` (whose ``text`` may be given) read back whole; CoachError when
    it is not UTF-8, cannot be read, or predates the marks of what is shared (format 1)."""
    from coachcli.frontmatter import read_front_matter
    from coachcli.fsys import read_bytes
    from coachcli.notes import from_markdown

    if text is None:
        try:
            text = read_bytes(path).decode("utf-8")
        except UnicodeDecodeError:
            raise CoachError(
                f"{path}: not UTF-8 text.", hint="Save it as UTF-8 in your editor, then share it."
            ) from None
    if read_front_matter(text, str(path)).get("schema") == 1:
        raise CoachError(
            f"{path}: written by coachcli 0.1, before notes said what is shared.",
            hint="Run `coach migrate`: it marks each part as the note's framework says.",
        )
    return from_markdown(text, str(path))


def message(
    home: Home,
    session: Session,
    path: Path,
    fmt: ShareFormat,
    framework: Framework | None,
    manager_name: str | None = None,
) -> Shared:
    """The rep's message from a note read back: its shared parts laid out with ``framework``'s
    names and units. A note without a manager's name takes ``manager_name`` (default: the
    ``manager_name`` setting)."""
    from coachcli.sharing import shared_parts

    if session.manager == "":
        if manager_name is None:
            from coachcli.config import load_config

            manager_name = load_config(home).manager_name
        session = session.model_copy(update={"manager": manager_name})
    parts = shared_parts(session)
    if framework is not None:  # not the note's title, which a person may have typed over
        parts = replace(parts, framework_name=framework.name)
    own = is_self_review_note(session.framework, session.metrics) or (
        framework is not None and is_self_review(framework)
    )
    parts = replace(parts, self_review=own)
    labels = labels_of(framework)
    empty = not (
        parts.summary
        or parts.actions
        or parts.reviews
        or parts.feedback
        or parts.sections
        or parts.ratings
        or parts.metrics
    )
    return Shared(render(parts, labels, fmt), path, parts.left_out, empty, own)
