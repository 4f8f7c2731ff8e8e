"""`coach calendar`'s question answered: the 1:1s due and the action items, as calendar events.

Each active rep's next 1:1 and each open action item's due date become an
all-day event; :meth:`CalendarFeed.to_ics` writes them as an iCalendar file
(RFC 5545) for Google Calendar or Outlook to import. The dates come from the
read paths `coach reps` and `coach actions` use (:func:`coachcli.queries.reps_view`,
:func:`coachcli.queries.actions_view`), so a 1:1's due date and an action's
state follow the same rules everywhere.

Re-importing must update, not duplicate: every event's UID is built from the
data home, the rep's id (:attr:`coachcli.rep_record.Rep.identity`: their
folder's name, kept by every rename) and, for an action item, the action's
id, so it stays the same while the text, the date, the state or the rep's
name changes. Calendars apply an update
only when it is newer (DTSTAMP, LAST-MODIFIED) and of a higher SEQUENCE: all
three come from the time the file is written, and nothing else in the file
does, so two files written from the same notes differ only in those lines.
An action done or dropped lately stays in the file as a cancelled event, so
a calendar that holds it learns it is over.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from coachcli.errors import CoachError
from coachcli.home import Home, home_digest
from coachcli.view import Result
from coachcli.wording import days_ago, plural, start_command

if TYPE_CHECKING:
    from coachcli.analytics import ActionState, RepRow
    from coachcli.rep_record import Rep

Progress = Callable[[int, int], None]

CLOSED_KEPT_DAYS = 30
"""An action done or dropped this many days ago or less is in the file, cancelled."""
_SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
PRODUCT_ID = "-//coachcli//coach calendar//EN"
CALENDAR_NAME = "coach: 1:1s and action items"


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day event: a 1:1 due, or an action item's due date."""

    uid: str
    day: date
    summary: str
    description: str
    cancelled: bool = False


@dataclass
class CalendarFeed(Result):
    events: list[CalendarEvent] = field(default_factory=list)

    def to_ics(self, written: datetime) -> bytes:
        """The events as an iCalendar file, as of ``written`` (an aware time: the DTSTAMP,
        LAST-MODIFIED and SEQUENCE of every event; nothing else depends on it)."""
        import icalendar  # here, not at start-up: `coach --help` never loads it

        stamp = written.astimezone(UTC).replace(microsecond=0)
        sequence = int((stamp - _SEQUENCE_EPOCH).total_seconds()) // 60
        calendar = icalendar.Calendar()
        calendar.add("prodid", PRODUCT_ID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", CALENDAR_NAME)
        for event in self.events:
            entry = icalendar.Event()
            entry.add("uid", event.uid)
            entry.add("dtstamp", stamp)
            entry.add("last-modified", stamp)
            entry.add("sequence", sequence)
            entry.add("dtstart", event.day)
            entry.add("dtend", event.day + timedelta(days=1))
            entry.add("summary", _as_typed(event.summary))
            entry.add("description", _as_typed(event.description))
            entry.add("class", "PRIVATE")
            entry.add("transp", "TRANSPARENT")  # a reminder for the day, not a busy slot
            entry.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
            calendar.add_component(entry)
        data: bytes = calendar.to_ical()
        return data


def _as_typed(value: str) -> Any:
    """``value`` as an iCalendar TEXT that comes back as typed.

    icalendar 7 escapes TEXT after first reading a typed ``\\N`` as a line break
    (``parser.escape_char``), so an action about ``C:\\Notes`` would come back
    broken in two. This escapes as RFC 5545 3.3.11 says and nothing more:
    backslash first, then ``;``, ``,`` and line breaks.
    """
    from icalendar import vText

    class _Typed(vText):
        def to_ical(self) -> bytes:
            text = str(self).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            text = text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
            return text.encode("utf-8")

    return _Typed(value)


def event_uid(home: Home, kind: Literal["1on1", "action"], rep_id: str, action_id: str = "") -> str:
    """The UID of a rep's next 1:1 (``kind`` 1on1) or of an action item: the same on every run
    for the same home, whatever the event's date or text, and across a rename of the rep
    (``rep_id`` is :func:`rep_ids`'s)."""
    local = f"coach-{kind}-{rep_id}" + (f"-{action_id}" if action_id else "")
    return f"{local}@{home_digest(home)}.coachcli"


def rep_ids(reps: list[Rep]) -> dict[str, str]:
    """The id each rep's events are named by, by folder: the rep's own (:attr:`Rep.identity`,
    which a rename keeps). An id two reps share (a profile edited by hand) stays the one's whose
    folder it names; the other's is told apart by their folder (``alex-kim.alex-kim-lee``)."""
    shared = Counter(rep.identity for rep in reps)
    return {
        rep.slug: rep.identity
        if shared[rep.identity] == 1 or rep.identity == rep.slug
        else f"{rep.identity}.{rep.slug}"
        for rep in reps
    }


def calendar_feed(
    home: Home,
    today: date,
    rep_ref: str | None = None,
    *,
    actions: bool = True,
    owner: str | None = None,
    progress: Progress | None = None,
) -> CalendarFeed:
    """The calendar's events: each active rep's next 1:1 (an overdue one on ``today``), and
    unless ``actions`` is false the action items (``owner``'s only when given), open ones on
    their due date and those closed in the last :data:`CLOSED_KEPT_DAYS` days cancelled."""
    from coachcli.queries import actions_view, reps_view
    from coachcli.reps import get_rep, list_reps

    rep = get_rep(home, rep_ref, begun=True) if rep_ref else None
    if rep is not None and rep.archived:
        raise CoachError(
            f"{rep.name} is archived: no 1:1 is due.",
            hint=f'Bring them back with: coach rep edit "{rep.name}" --no-archive',
        )
    reps = reps_view(home, today, progress=progress)
    warnings = list(reps.warnings)
    rows = [r for r in reps.rows if rep is None or r.slug == rep.slug]
    names = {r.slug: r.name for r in rows}
    ids = rep_ids(list_reps(home).reps)
    events = [_one_on_one(home, row, today, ids) for row in sorted(rows, key=lambda r: r.slug)]
    if actions and rows:
        view = actions_view(
            home, today, rep.name if rep else None, owner=owner, include_closed=True,
            progress=progress,
        )  # fmt: skip
        warnings += [w for w in view.warnings if w not in warnings]
        events += [
            _action(home, state, names[state.rep_slug], ids, view.mine(state))
            for state in sorted(view.actions, key=lambda s: (s.due, s.rep_slug, s.id))
            if state.rep_slug in names and _kept(state, today)
        ]
    if not events:
        raise CoachError(
            "Nothing to put in a calendar: no active rep.",
            hint=f"Start with: {start_command('Alex Kim')}",
        )
    return CalendarFeed(warnings=warnings, names=names, events=events)


def _kept(state: ActionState, today: date) -> bool:
    if state.status == "open":
        return True
    return state.closed_on is not None and (today - state.closed_on).days <= CLOSED_KEPT_DAYS


def _one_on_one(home: Home, row: RepRow, today: date, ids: dict[str, str]) -> CalendarEvent:
    lines = []
    if row.last_date is None:
        summary = f"1:1 with {row.name} (first)"
        lines.append("No 1:1 yet: the first one is due today.")
    else:
        kind = ", ".join(k for k in (row.last_kind, row.last_framework) if k)
        lines.append(f"Last 1:1: {row.last_date.isoformat()}" + (f" ({kind})" if kind else "."))
        summary = f"1:1 with {row.name} ({'overdue' if row.overdue else 'due'})"
    if row.overdue:
        lines.append(
            f"It was due {row.next_due.isoformat()} ({days_ago(row.days_overdue)}): "
            "shown on today, the first day it can still happen."
        )
    lines.append(f"Cadence: every {plural(row.cadence_days, 'day')}.")
    if row.open_actions:
        late = f", {row.overdue_actions} overdue" if row.overdue_actions else ""
        lines.append(f"Open action items: {row.open_actions}{late}.")
    lines.append(f"Start it with: {start_command(row.name)}")
    return CalendarEvent(
        uid=event_uid(home, "1on1", ids.get(row.slug, row.slug)),
        day=today if row.overdue else row.next_due,
        summary=summary,
        description="\n".join(lines),
    )


def _action(
    home: Home, state: ActionState, rep_name: str, ids: dict[str, str], mine: bool = False
) -> CalendarEvent:
    """``mine``: the action is in the manager's own folder (a self-review's), so it is theirs."""
    if mine:
        who = "you (your own commitment)"
    else:
        who = f"{rep_name} (the rep)" if state.owner == "rep" else "you (the manager)"
    lines = [
        f"Owner: {who}.",
        f"Agreed in the 1:1 of {state.created.isoformat()}; due {state.due.isoformat()}.",
    ]
    if state.status != "open":
        when = f" on {state.closed_on.isoformat()}" if state.closed_on else ""
        lines.append(f"{state.status.capitalize()}{when}.")
    else:
        if state.overdue:
            lines.append(f"Overdue by {plural(state.days_overdue, 'day')}.")
        lines.append(f"Close it with: coach actions done {state.id}")
    return CalendarEvent(
        uid=event_uid(home, "action", ids.get(state.rep_slug, state.rep_slug), state.id),
        day=state.due,
        summary=f"{rep_name}: {state.text}",
        description="\n".join(lines),
        cancelled=state.status != "open",
    )
