"""`coach brief` and `coach history` as a manager reads them, at 80 columns and at 60.

The rule under test: dates, names and figures are never cut; only free text
(a summary, an action item) is, with "…". Notes are written with the
library's writer, dated relative to the real today (the commands ask the
clock), with the built-in frameworks' ratings and metrics so that their full
names are long, as they are in real use.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachcli.home import Home
from coachcli.reps import Rep
from coachcli.start import StartOptions, start_session

from .dated_notes import iso, rep, sam
from .helpers import FULL, Run, block, first_plan, home, lines_of
from .scripted import ScriptedAsker

__all__ = ["home", "sam"]  # the fixtures, imported for the tests here

TALK = "Rep's share of talk time on discovery calls (%)"
NEXT_STEP = "First meetings ending with a booked next meeting (%)"
CALLS = "Own calls the rep listened back to since the last 1:1 (calls)"


def assert_fits(out: str, width: int) -> None:
    for line in lines_of(out):
        assert len(line) <= width, f"wider than {width}: {line!r}"


# --------------------------------------------------------------------------- brief


def test_brief_at_80_columns(coach: Run, sam: Rep, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = coach("brief", "Sam Ortiz").stdout
    assert_fits(out, 80)
    assert lines_of(out)[:6] == [
        "Brief: Sam Ortiz",
        "5 sessions in all; the last one 10 days ago.",
        "Last coaching: 40 days ago · last performance: 10 days ago",
        "Suggested next: grow — no coaching session in 40 days: time to work on the how",
        '  coach start "Sam Ortiz" -f grow',
        "",
    ]
    assert block(out, "Last sessions") == [
        f"  {iso(10)}  pipeline-review  Pipeline is healthy but two deals slipped.",
        f"  {iso(10)}  deal-review      Globex renewal · Legal review slipped a quarter.",
        f"  {iso(20)}  deal-review      Initech expansion · Champion found; no economic…",
        "Deals and accounts lately: Globex renewal, Initech expansion",
    ]
    assert block(out, "Open commitments (2)") == [
        "  12 days overdue  rep  Role-play the pricing call with a peer before the…",
        "  in 5 days        rep  Send the mutual action plan",
        "Commitments: 1 kept, 1 missed, 1 still open",
    ]
    assert block(out, "Ratings") == [
        "  Discovery (1–5)            ▁█  3  +1",
        "  Securing next steps (1–5)  ▄▄  3  ±0",
    ]
    # the names are too long to leave room for the figures: those go under them
    assert block(out, "Metrics") == [
        f"  {TALK}",
        "    █▃▁  47  -4  target 35–50 ✓  (leading)",
        f"  {NEXT_STEP}",
        "    ▁▅█  55  +7  target 60 ✗     (leading)",
        f"  {CALLS}",
        "    ▁█    2  +1  target 2 ✓      (leading)",
    ]


def test_brief_at_60_columns_cuts_only_free_text(
    coach: Run, sam: Rep, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    out = coach("brief", "Sam Ortiz").stdout
    assert_fits(out, 60)
    assert lines_of(out)[2:7] == [
        "Last coaching: 40 days ago · last performance: 10 days ago",
        "Suggested next: grow — no coaching session in 40 days: time",
        "  to work on the how",
        '  coach start "Sam Ortiz" -f grow',
        "",
    ]
    assert block(out, "Last sessions") == [
        f"  {iso(10)}  pipeline-review  Pipeline is healthy but two…",
        f"  {iso(10)}  deal-review      Globex renewal · Legal…",
        f"  {iso(20)}  deal-review      Initech expansion · Champion…",
        "Deals and accounts lately: Globex renewal, Initech expansion",
    ]
    assert block(out, "Open commitments (2)")[:2] == [
        "  12 days overdue  rep  Role-play the pricing call with a…",
        "  in 5 days        rep  Send the mutual action plan",
    ]
    metrics = block(out, "Metrics")
    # a name longer than the line folds between words, never cut
    assert metrics[4:7] == [
        "  Own calls the rep listened back to since the last 1:1",
        "    (calls)",
        "    ▁█    2  +1  target 2 ✓      (leading)",
    ]
    assert metrics[:2] == [f"  {TALK}", "    █▃▁  47  -4  target 35–50 ✓  (leading)"]


def test_brief_json(coach: Run, sam: Rep) -> None:
    data = json.loads(coach("brief", "Sam Ortiz", "--json").stdout)
    assert set(data) == {
        "schema_version", "rep", "slug", "today", "sessions", "last_sessions", "open_actions",
        "commitments", "ratings", "metrics", "days_since_coaching", "days_since_performance",
        "subjects", "suggestion", "imported",
    }  # fmt: skip
    assert (data["rep"], data["slug"], data["today"]) == ("Sam Ortiz", "sam-ortiz", iso(0))
    assert data["sessions"] == 5
    assert [(s["date"], s["framework"], s["subject"]) for s in data["last_sessions"]] == [
        (iso(10), "pipeline-review", ""),
        (iso(10), "deal-review", "Globex renewal"),
        (iso(20), "deal-review", "Initech expansion"),
    ]
    assert data["last_sessions"][1]["summary"] == "Legal review slipped a quarter."
    assert data["last_sessions"][1]["kind"] == "performance"
    assert [(a["id"], a["due_phrase"], a["overdue"]) for a in data["open_actions"]] == [
        ("a2bbbbb", "12 days overdue", True),
        ("a3ccccc", "in 5 days", False),
    ]
    assert data["commitments"] == {"kept": 1, "missed": 1, "open": 1, "ratio": 0.5}
    talk = next(m for m in data["metrics"] if m["id"] == "talk-time")
    assert talk == {
        "id": "talk-time",
        "name": "Rep's share of talk time on discovery calls",
        "unit": "%",
        "last": 47.0,
        "date": iso(10),
        "change": -4.0,
        "target": None,  # a band: 35–50%, where too little talk is as bad as too much
        "target_low": 35.0,
        "target_high": 50.0,
        "on_target": True,
        "indicator": "leading",
        "values": [62.0, 51.0, 47.0],
    }
    discovery = data["ratings"][0]
    assert (discovery["name"], discovery["unit"], discovery["last"]) == ("Discovery", "1–5", 3.0)
    assert (data["days_since_coaching"], data["days_since_performance"]) == (40, 10)
    assert data["subjects"] == ["Globex renewal", "Initech expansion"]
    assert data["suggestion"] == {
        "framework": "grow",
        "reason": "no coaching session in 40 days: time to work on the how",
        "see": "docs/choosing.md#no-coaching-lately",
    }


def test_brief_of_a_rep_with_no_session(coach: Run, home: Home) -> None:
    rep(home, "Bo Diaz")
    out = coach("brief", "Bo Diaz").stdout
    assert lines_of(out) == [
        "Brief: Bo Diaz",
        "First session with this rep.",
        "Last coaching: never · last performance: never",
    ]
    data = json.loads(coach("brief", "Bo Diaz", "--json").stdout)
    assert (data["sessions"], data["last_sessions"], data["suggestion"]) == (0, [], None)


def test_brief_of_an_unknown_rep_is_a_clear_error(coach: Run, sam: Rep) -> None:
    result = coach("brief", "Sam Ortis", code=1)
    assert "Error: " in result.stderr and "Sam Ortiz" in result.stderr
    assert "Traceback" not in result.stderr


def test_brief_names_a_note_it_cannot_read_and_carries_on(coach: Run, sam: Rep,
                                                          home: Home) -> None:  # fmt: skip
    broken = home.reps_dir / sam.slug / f"{iso(5)}-grow.md"
    broken.write_text("---\nschema: [not closed\n---\n", encoding="utf-8")
    result = coach("brief", "Sam Ortiz")
    assert f"{iso(5)}-grow.md" in result.stderr
    assert "5 sessions in all; the last one 10 days ago." in result.stdout


def _imports(home: Home) -> None:
    """Sam's talk time from two exports (the newer wins; a later-dated one is not shown yet)."""
    from coachcli.imports import MetricValue, keep

    def kept(source: str, *rows: tuple[str, int, float]) -> None:
        values = [MetricValue("sam-ortiz", metric, date.fromisoformat(iso(days_ago)), value,
                              "Sam Ortiz", source) for metric, days_ago, value in rows]  # fmt: skip
        keep(home, source, values, date.today())

    kept("old.csv", ("talk-time", 30, 50))
    # deals-won: no framework defines it, so it is shown by its id
    kept("crm.csv", ("talk-time", 2, 44), ("deals-won", 2, 3))
    kept("future.csv", ("talk-time", -3, 40))


def test_brief_lists_the_imported_values(coach: Run, sam: Rep, home: Home,
                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("COLUMNS", "120")
    _imports(home)
    out = coach("brief", "Sam Ortiz").stdout
    assert block(out, "Imported from the CRM (coach import metrics)") == [
        f"  deals-won{' ' * 34}  3    as of {iso(2)}  crm.csv",
        f"  Rep's share of talk time on discovery calls  44%  as of {iso(2)}  crm.csv",
    ]
    assert "Metrics" in lines_of(out)  # the session values are still there, beside them


def test_brief_json_lists_the_imported_values(coach: Run, sam: Rep, home: Home) -> None:
    _imports(home)
    data = json.loads(coach("brief", "Sam Ortiz", "--json").stdout)
    assert data["imported"] == [
        {"id": "deals-won", "name": "deals-won", "unit": "", "value": 3.0, "as_of": iso(2),
         "source": "crm.csv"},
        {"id": "talk-time", "name": "Rep's share of talk time on discovery calls", "unit": "%",
         "value": 44.0, "as_of": iso(2), "source": "crm.csv"},
    ]  # fmt: skip


def test_brief_without_imports_has_no_imported_block(coach: Run, sam: Rep) -> None:
    assert "Imported from the CRM" not in coach("brief", "Sam Ortiz").stdout
    assert json.loads(coach("brief", "Sam Ortiz", "--json").stdout)["imported"] == []


def test_brief_warns_of_a_kept_row_it_cannot_read(coach: Run, sam: Rep, home: Home) -> None:
    _imports(home)
    from coachcli.imports import metrics_dir

    path = metrics_dir(home) / f"{iso(2)}-crm.csv"
    path.write_text(path.read_text().replace(",44,", ",lots,"), encoding="utf-8")
    result = coach("brief", "Sam Ortiz")
    assert f"{path}, line 3: value 'lots'" in result.stderr.replace("\n", "")
    assert "44%" not in result.stdout and f"as of {iso(30)}" in result.stdout  # the older one


# --------------------------------------------------------------------------- coach start


def test_coach_start_shows_the_same_brief_first(
    coach: Run, sam: Rep, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    start = coach("start", "Sam Ortiz", "--stdin", input="/pause\n", code=None).stdout
    monkeypatch.setenv("COLUMNS", "76")  # inside the panel's frame
    brief = coach("brief", "Sam Ortiz").stdout
    body = [line for line in lines_of(brief)[1:] if line and not line.startswith("  coach start")]
    framed = [line.strip("│ ").rstrip() for line in lines_of(start) if line.startswith("│")]
    assert [line for line in framed if line] == [line.strip() for line in body]
    assert "╭─ Brief: Sam Ortiz" in start
    # first: the brief, then the framework menu with the same suggestion
    assert start.index("Suggested next: grow") < start.index("Which framework?")


def test_the_start_brief_is_the_brief_command_s(home: Home, sam: Rep) -> None:
    reviews = [("review:a2bbbbb", "done"), ("review:a3ccccc", "done")]
    asker = ScriptedAsker([("framework", "weekly-pipeline"), *reviews, *FULL])
    options = StartOptions(rep="Sam Ortiz", plan=first_plan, yes=True)
    start_session(home, options, asker)
    (brief,) = asker.briefs
    assert brief.suggestion is not None and brief.suggestion.framework == "grow"
    assert [t.label for t in brief.metrics][:1] == ["Rep's share of talk time on discovery calls"]
    assert brief.subjects == ["Globex renewal", "Initech expansion"]
    assert [a.id for a in brief.open_actions] == ["a2bbbbb", "a3ccccc"]


# --------------------------------------------------------------------------- history


def test_history_at_80_columns(coach: Run, sam: Rep, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = coach("history", "Sam Ortiz").stdout
    assert_fits(out, 80)
    assert lines_of(out)[:7] == [
        "Sam Ortiz: 5 sessions",
        "date        framework        kind         min  summary",
        f"{iso(10)}  pipeline-review  performance   25  Pipeline is healthy but two…",
        f"{iso(10)}  deal-review      performance   20  Globex renewal · Legal review…",
        f"{iso(20)}  deal-review      performance   20  Initech expansion · Champion…",
        f"{iso(40)}  grow             coaching      30  Goal: every first meeting ends…",
        f"{iso(50)}  call-coaching    coaching      30  Listened to the Globex discovery…",
    ]
    assert block(out, "Ratings") == [
        "  Discovery (1–5)            ▁█  2 → 3  +1",
        "  Securing next steps (1–5)  ▄▄  3 → 3  ±0",
    ]
    assert block(out, "Metrics") == [
        f"  {TALK}",
        "    █▃▁  62 → 47  -15  target 35–50 ✓  (leading)",
        f"  {NEXT_STEP}",
        "    ▁▅█  40 → 55  +15  target 60 ✗     (leading)",
        f"  {CALLS}",
        "    ▁█     1 → 2   +1  target 2 ✓      (leading)",
    ]
    assert "Commitments kept: 50% (1 kept, 1 missed, 1 still open)" in out


def test_history_at_60_columns_puts_summaries_under_their_session(
    coach: Run, sam: Rep, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    out = coach("history", "Sam Ortiz").stdout
    assert_fits(out, 60)
    assert lines_of(out)[1:6] == [
        "date        framework        kind         min  summary",
        f"{iso(10)}  pipeline-review  performance   25",
        "    Pipeline is healthy but two deals slipped.",
        f"{iso(10)}  deal-review      performance   20",
        "    Globex renewal · Legal review slipped a quarter.",
    ]
    assert lines_of(out)[11] == "    Listened to the Globex discovery call together; Alex…"
    assert block(out, "Ratings")[0] == "  Discovery (1–5)            ▁█  2 → 3  +1"
    assert "    (calls)" in block(out, "Metrics")


def test_history_filters_keep_working_with_the_new_layout(coach: Run, sam: Rep) -> None:
    out = coach("history", "Sam Ortiz", "--subject", "globex renewal").stdout
    assert lines_of(out)[:3] == [
        "Sam Ortiz: 1 session",
        "date        framework    kind         min  summary",
        f"{iso(10)}  deal-review  performance   20  "
        "Globex renewal · Legal review slipped a quarter.",
    ]
    out = coach("history", "Sam Ortiz", "--framework", "grow", "--until", "30d").stdout
    assert lines_of(out)[2] == (
        f"{iso(40)}  grow       coaching   30  "
        "Goal: every first meeting ends with a booked second one."
    )
    # one value: no change to show
    assert block(out, "Ratings")[0] == "  Discovery (1–5)            ▄  3"
    out = coach("history", "Sam Ortiz", "--since", "15d").stdout
    assert lines_of(out)[0] == "Sam Ortiz: 2 sessions"


# --------------------------------------------------------------------------- fitting free text


@given(st.text(min_size=0, max_size=80), st.integers(min_value=1, max_value=60))
def test_cut_text_fits_and_keeps_its_start(value: str, width: int) -> None:
    from coachcli.cli.figures import cut, width_of

    shown = cut(value, width)
    flat = " ".join(value.split())
    assert width_of(shown) <= width
    if width_of(flat) <= width:
        assert shown == flat
    else:
        assert shown.endswith("…")
        assert flat.startswith(shown[:-1].rstrip())


def test_rows_never_cut_the_cells() -> None:
    from coachcli.cli.figures import rows

    lines = rows([["2026-11-20", "accountability-check-in"]], ["A long summary " * 5], 40)
    assert [line.plain for line in lines] == [
        "2026-11-20  accountability-check-in\n    A long summary A long summary A…"
    ]
    assert re.fullmatch(r"[^\n]{0,40}\n[^\n]{0,40}", lines[0].plain)
