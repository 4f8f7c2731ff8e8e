"""`coach calendar`'s events and the .ics they make, read back by icalendar and by vobject."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject
from hypothesis import example, given, settings
from hypothesis import strategies as st

from coachcli.answers import start_from_file
from coachcli.calendar_feed import (
    CLOSED_KEPT_DAYS,
    CalendarEvent,
    CalendarFeed,
    calendar_feed,
    event_uid,
    rep_ids,
)
from coachcli.errors import CoachError
from coachcli.home import Home
from coachcli.queries import set_action_status
from coachcli.reps import add_rep, edit_rep, list_reps, rename_rep

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "grow-answers.toml"
MET = date(2026, 11, 10)  # Dana's 1:1: cadence 7 days, actions due +7d (rep) and +2d (manager)
WRITTEN = datetime(2026, 11, 12, 9, 30, tzinfo=UTC)


@pytest.fixture
def team(coach_home: Home) -> Home:
    """Dana Fox met on 2026-11-10, Sam Lee never met, Old Rep archived with an open action."""
    start_from_file(coach_home, "Dana Fox", EXAMPLE, "grow", day=MET.isoformat())
    add_rep(coach_home, "Sam Lee", cadence_days=14)
    start_from_file(coach_home, "Old Rep", EXAMPLE, "grow", day=MET.isoformat())
    edit_rep(coach_home, "Old Rep", archived=True)
    return coach_home


def parsed(data: bytes) -> list[dict[str, Any]]:
    """The events as icalendar reads them, checked equal to what vobject reads."""
    ours = [
        {
            "uid": str(e["UID"]),
            "day": e.decoded("DTSTART"),
            "end": e.decoded("DTEND"),
            "summary": str(e["SUMMARY"]),
            "description": str(e["DESCRIPTION"]),
            "status": str(e["STATUS"]),
            "sequence": int(e["SEQUENCE"]),
        }
        for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
    ]
    other = vobject.readOne(data.decode("utf-8"))
    theirs = [
        {
            "uid": e.uid.value,
            "day": e.dtstart.value,
            "end": e.dtend.value,
            "summary": e.summary.value,
            "description": e.description.value,
            "status": e.status.value,
            "sequence": int(e.sequence.value),
        }
        for e in other.vevent_list
    ]
    assert ours == theirs
    return ours


def by_summary(events: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {e["summary"]: e for e in events}


def test_the_calendar_holds_each_active_reps_1on1_and_the_open_actions(team: Home) -> None:
    today = date(2026, 11, 12)
    events = by_summary(parsed(calendar_feed(team, today).to_ics(WRITTEN)))
    assert sorted(events) == [
        "1:1 with Dana Fox (due)",
        "1:1 with Sam Lee (first)",
        "Dana Fox: Ask the comparison question on the Acme follow-up",
        "Dana Fox: Send Alex the Globex customer story",
    ]  # nothing of Old Rep, archived
    dana = events["1:1 with Dana Fox (due)"]
    assert (dana["day"], dana["end"]) == (date(2026, 11, 17), date(2026, 11, 18))
    assert dana["description"] == (
        "Last 1:1: 2026-11-10 (coaching, grow)\nCadence: every 7 days.\n"
        'Open action items: 2.\nStart it with: coach start "Dana Fox"'
    )
    sam = events["1:1 with Sam Lee (first)"]
    assert sam["day"] == today
    assert sam["description"].startswith("No 1:1 yet: the first one is due today.\n")
    assert "Cadence: every 14 days." in sam["description"]
    mine = events["Dana Fox: Send Alex the Globex customer story"]
    assert mine["day"] == date(2026, 11, 12) and mine["status"] == "CONFIRMED"
    assert mine["description"].startswith(
        "Owner: you (the manager).\nAgreed in the 1:1 of 2026-11-10; due 2026-11-12.\n"
    )
    theirs = events["Dana Fox: Ask the comparison question on the Acme follow-up"]
    assert theirs["description"].startswith("Owner: Dana Fox (the rep).")


def test_an_overdue_1on1_is_put_on_today_and_says_when_it_was_due(team: Home) -> None:
    today = date(2026, 12, 2)
    events = by_summary(parsed(calendar_feed(team, today).to_ics(WRITTEN)))
    dana = events["1:1 with Dana Fox (overdue)"]
    assert dana["day"] == today
    assert "It was due 2026-11-17 (15 days ago): shown on today" in dana["description"]
    assert "Open action items: 2, 2 overdue." in dana["description"]
    late = events["Dana Fox: Send Alex the Globex customer story"]
    assert late["day"] == date(2026, 11, 12)  # an action keeps the date agreed
    assert "Overdue by 20 days." in late["description"]


def test_the_same_notes_give_the_same_bytes_but_the_stamp_and_sequence(team: Home) -> None:
    today = date(2026, 11, 12)
    first = calendar_feed(team, today).to_ics(WRITTEN)
    assert calendar_feed(team, today).to_ics(WRITTEN) == first
    later = calendar_feed(team, today).to_ics(WRITTEN + timedelta(minutes=5))
    changed = {
        a.split(b":", 1)[0]
        for a, b in zip(first.split(b"\r\n"), later.split(b"\r\n"), strict=True)
        if a != b
    }
    assert changed == {b"DTSTAMP", b"LAST-MODIFIED", b"SEQUENCE"}
    sequences = [{e["sequence"] for e in parsed(data)} for data in (first, later)]
    assert sequences[1] == {sequences[0].pop() + 5}  # a later file is a newer version


def test_uids_stay_when_the_text_and_the_date_change(team: Home) -> None:
    before = {e["summary"]: e["uid"] for e in parsed(
        calendar_feed(team, date(2026, 11, 12)).to_ics(WRITTEN))}  # fmt: skip
    note = next((team.reps_dir / "dana-fox").glob("2026-11-10-grow.md"))
    text = note.read_text(encoding="utf-8")
    assert "Send Alex the Globex customer story" in text
    note.write_text(text.replace("Send Alex the Globex customer story", "Send the story"), "utf-8")
    after = {e["summary"]: e["uid"] for e in parsed(
        calendar_feed(team, date(2026, 12, 2)).to_ics(WRITTEN))}  # fmt: skip
    assert (
        after["Dana Fox: Send the story"] == before["Dana Fox: Send Alex the Globex customer story"]
    )
    assert after["1:1 with Dana Fox (overdue)"] == before["1:1 with Dana Fox (due)"]
    assert after["1:1 with Dana Fox (overdue)"] == event_uid(team, "1on1", "dana-fox")
    assert len(set(after.values())) == len(after)
    assert all(uid.endswith(".coachcli") for uid in after.values())
    other = Home(team.root.parent / "other")
    assert event_uid(other, "1on1", "dana-fox") != event_uid(team, "1on1", "dana-fox")


def _uids(home: Home, today: date) -> dict[str, str]:
    """Each event's UID, by its summary with the rep's name taken out (a rename changes it)."""
    events = parsed(calendar_feed(home, today).to_ics(WRITTEN))
    return {re.sub(r"Dana Fox(-Ruiz)?|Dana Fuchs", "REP", e["summary"]): e["uid"] for e in events}


def test_uids_stay_when_the_rep_is_renamed(team: Home) -> None:
    today = date(2026, 11, 12)
    before = _uids(team, today)
    assert len(before) == 4  # 1:1s with Dana and Sam, Dana's 2 action items
    rename_rep(team, "Dana Fox", "Dana Fox-Ruiz")  # a new folder: dana-fox-ruiz
    assert not (team.reps_dir / "dana-fox").exists()
    assert _uids(team, today) == before
    rename_rep(team, "Dana Fox-Ruiz", "Dana Fuchs")  # and again
    assert _uids(team, today) == before
    profile = tomllib.loads((team.reps_dir / "dana-fuchs" / "profile.toml").read_text())
    assert (profile["slug"], profile["id"]) == ("dana-fuchs", "dana-fox")


def test_uids_stay_unique_when_a_new_rep_takes_a_renamed_reps_old_folder(team: Home) -> None:
    today = date(2026, 11, 12)
    rename_rep(team, "Dana Fox", "Dana Fox-Ruiz")
    assert add_rep(team, "Dana Fox").slug == "dana-fox"  # another Dana, in the folder left free
    start_from_file(team, "Dana Fox", EXAMPLE, "grow", day=MET.isoformat())
    assert (team.reps_dir / "dana-fox" / "2026-11-10-grow.md").is_file()
    events = calendar_feed(team, today).events
    uids = [e.uid for e in events]
    assert len(uids) == len(set(uids)) == 3 + 2 + 2  # three 1:1s, two notes of 2 actions each
    ones = {e.summary: e.uid for e in events if e.summary.startswith("1:1")}
    assert ones["1:1 with Dana Fox-Ruiz (due)"] == event_uid(team, "1on1", "dana-fox")
    assert ones["1:1 with Dana Fox (due)"] == event_uid(team, "1on1", "dana-fox-2")


def test_an_id_two_profiles_share_still_gives_unique_uids(team: Home) -> None:
    rename_rep(team, "Dana Fox", "Dana Fox-Ruiz")
    copied = team.reps_dir / "sam-lee" / "profile.toml"  # a profile edited by hand: the same id
    copied.write_text(copied.read_text() + 'id = "dana-fox"\n')
    reps = {rep.slug: rep for rep in list_reps(team).reps}
    assert reps["sam-lee"].identity == "dana-fox"
    assert rep_ids(list(reps.values())) == {
        "dana-fox-ruiz": "dana-fox.dana-fox-ruiz", "sam-lee": "dana-fox.sam-lee",
        "old-rep": "old-rep",
    }  # fmt: skip
    uids = [e.uid for e in calendar_feed(team, date(2026, 11, 12)).events]
    assert len(uids) == len(set(uids))


def test_a_closed_action_is_cancelled_then_left_out(team: Home) -> None:
    today = date(2026, 11, 12)
    state = next(
        a for a in calendar_feed(team, today).events if a.summary.endswith("Globex customer story")
    )
    action_id = state.uid.split("@")[0].rsplit("-", 1)[1]
    set_action_status(team, action_id, "done", today, rep_ref="Dana Fox")
    events = by_summary(parsed(calendar_feed(team, today).to_ics(WRITTEN)))
    done = events["Dana Fox: Send Alex the Globex customer story"]
    assert done["status"] == "CANCELLED" and done["uid"] == state.uid
    assert "Done on 2026-11-12." in done["description"]
    assert "coach actions done" not in done["description"]
    kept = today + timedelta(days=CLOSED_KEPT_DAYS)
    assert state.uid in {e.uid for e in calendar_feed(team, kept).events}
    assert state.uid not in {e.uid for e in calendar_feed(team, kept + timedelta(1)).events}


def test_the_owner_and_no_actions_choose_the_events(team: Home) -> None:
    today = date(2026, 11, 12)
    mine = [e.summary for e in calendar_feed(team, today, owner="manager").events]
    assert mine == [
        "1:1 with Dana Fox (due)", "1:1 with Sam Lee (first)",
        "Dana Fox: Send Alex the Globex customer story",
    ]  # fmt: skip
    assert [e.summary for e in calendar_feed(team, today, actions=False).events] == mine[:2]


def test_one_rep(team: Home) -> None:
    events = calendar_feed(team, date(2026, 11, 12), "dana").events
    assert [e.summary.split(" (")[0] for e in events][:1] == ["1:1 with Dana Fox"]
    assert len(events) == 3 and all("Dana Fox" in e.summary for e in events)
    assert [e.summary for e in calendar_feed(team, date(2026, 11, 12), "Sam Lee").events] == [
        "1:1 with Sam Lee (first)"
    ]


def test_an_archived_or_unknown_rep_is_refused(team: Home) -> None:
    with pytest.raises(CoachError) as archived:
        calendar_feed(team, date(2026, 11, 12), "Old Rep")
    assert archived.value.message == "Old Rep is archived: no 1:1 is due."
    assert archived.value.hint == 'Bring them back with: coach rep edit "Old Rep" --no-archive'
    with pytest.raises(CoachError, match="No rep named 'Nobody'"):
        calendar_feed(team, date(2026, 11, 12), "Nobody")


def test_an_empty_home_has_nothing_to_put_in_a_calendar(coach_home: Home) -> None:
    with pytest.raises(CoachError) as empty:
        calendar_feed(coach_home, date(2026, 11, 12))
    assert empty.value.message == "Nothing to put in a calendar: no active rep."
    assert not coach_home.root.exists()  # asking wrote nothing


def test_only_archived_reps_is_as_empty(coach_home: Home) -> None:
    add_rep(coach_home, "Old Rep")
    edit_rep(coach_home, "Old Rep", archived=True)
    with pytest.raises(CoachError, match="no active rep"):
        calendar_feed(coach_home, date(2026, 11, 12))


def test_the_file_is_rfc_5545_shaped(team: Home) -> None:
    data = calendar_feed(team, date(2026, 11, 12)).to_ics(WRITTEN)
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)  # folded
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert data.count(b"CLASS:PRIVATE") == data.count(b"BEGIN:VEVENT") == 4
    assert b"DTSTAMP:20261112T093000Z" in data


# Action texts hold whatever a manager types: iCalendar's own characters (, ; \ :), line
# breaks, any script. Surrogates cannot be encoded; other control characters are not text.
_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029")
    | st.sampled_from([",", ";", "\\", ":", "\n", '"', "é", "李", "🙂"]),
    min_size=1,
    max_size=120,
)


@settings(max_examples=150, deadline=None)
@given(summary=_TEXT, description=_TEXT)
@example(summary="0", description="\\N")  # icalendar alone would read it as a line break
@example(summary="C:\\Notes\\new", description="a\\nb \\\\N; c, d")
def test_any_text_comes_back_from_both_parsers(summary: str, description: str) -> None:
    feed = CalendarFeed(
        events=[CalendarEvent("coach-action-x-ab12cd3@0.coachcli", date(2026, 11, 12),
                              summary, description)]
    )  # fmt: skip
    (event,) = parsed(feed.to_ics(WRITTEN))
    assert (event["summary"], event["description"]) == (summary, description)
