"""A realistic review packet made by hand: the browser tests' corpus and the sample in docs/.

Two reps over a quarter (1 Sep to 30 Nov 2026): sessions of several kinds,
commitments kept and missed, two ratings and two metrics with targets, a
balance by month (one month planned minutes only), feedback quotes.
``scripts/report_screenshot.py`` renders :func:`rep_view` into
``docs/report-sample.html``; ``tests/test_report_browser.py`` opens
:func:`team_view` in Chromium. Nothing here is private: the tests check that
text which is not in the view does not appear either.
"""

from __future__ import annotations

from datetime import date

from coachcli.report_view import (
    Commitment,
    MonthBalance,
    Point,
    Quote,
    ReportView,
    RepReport,
    Series,
    SessionEntry,
)

START = date(2026, 9, 1)
END = date(2026, 11, 30)


def _alex() -> RepReport:
    return RepReport(
        rep="Alex Kim",
        role="Account Executive",
        sessions=(
            SessionEntry(
                date(2026, 9, 3),
                "GROW",
                "coaching",
                32,
                "",
                "Wants to open discovery with the customer's goals, not our demo.",
            ),
            SessionEntry(
                date(2026, 9, 24),
                "Pipeline review",
                "performance",
                28,
                "Q4 pipeline",
                "Coverage 2.4×: two deals slipped to January.",
            ),
            SessionEntry(
                date(2026, 10, 15),
                "Call coaching",
                "coaching",
                41,
                "Acme Corp",
                "Listened to the Acme discovery call; three open questions in a row.",
            ),
            SessionEntry(
                date(2026, 11, 5),
                "Deal review",
                "mixed",
                35,
                "Globex renewal",
                "Multi-threading | pricing risk; exec sponsor meeting booked.",
            ),
            SessionEntry(
                date(2026, 11, 26),
                "GROW",
                "coaching",
                30,
                "",
                "Role-played the CFO objection twice.\nNext: price anchoring.",
            ),
        ),
        commitments=(
            Commitment(
                "Send the mutual action plan to Acme", date(2026, 9, 10), date(2026, 9, 3), "kept"
            ),
            Commitment(
                "Book the Globex exec sponsor meeting",
                date(2026, 10, 1),
                date(2026, 9, 24),
                "missed",
                "Sponsor on leave until mid-October",
            ),
            Commitment(
                "Write three discovery questions for Initech",
                date(2026, 10, 22),
                date(2026, 10, 15),
                "kept",
                "Shared in the team channel",
            ),
            Commitment(
                "Update close dates in the CRM",
                date(2026, 11, 12),
                date(2026, 11, 5),
                "dropped",
                "Ops cleaned them up",
            ),
            Commitment(
                "Practise the pricing talk track", date(2026, 12, 3), date(2026, 11, 26), "open"
            ),
        ),
        series=(
            Series(
                "discovery",
                "Discovery questions",
                "rating",
                "",
                (
                    Point(date(2026, 9, 3), 2),
                    Point(date(2026, 10, 15), 3),
                    Point(date(2026, 11, 5), 3),
                    Point(date(2026, 11, 26), 4),
                ),
                target=4,
                low=1,
                high=5,
            ),
            Series(
                "objections",
                "Objection handling",
                "rating",
                "",
                (
                    Point(date(2026, 9, 3), 3),
                    Point(date(2026, 10, 15), 3),
                    Point(date(2026, 11, 26), 4),
                ),
                target=4,
                low=1,
                high=5,
            ),
            Series(
                "coverage",
                "Pipeline coverage",
                "metric",
                "×",
                (Point(date(2026, 9, 24), 2.4), Point(date(2026, 11, 5), 2.9)),
                target=3,
            ),
            Series(
                "meetings",
                "First meetings booked",
                "metric",
                "meetings",
                (
                    Point(date(2026, 9, 3), 9),
                    Point(date(2026, 9, 24), 11),
                    Point(date(2026, 10, 15), 14),
                    Point(date(2026, 11, 5), 12),
                    Point(date(2026, 11, 26), 13),
                ),
                target=12,
            ),
        ),
        months=(
            MonthBalance(
                date(2026, 9, 1),
                coaching=26.0,
                performance=31.5,
                neutral=2.5,
                sessions=2,
                estimated=True,
            ),
            MonthBalance(
                date(2026, 10, 1), coaching=37.5, performance=0.0, neutral=3.5, sessions=1
            ),
            MonthBalance(
                date(2026, 11, 1), coaching=44.0, performance=17.0, neutral=4.0, sessions=2
            ),
        ),
        quotes=(
            Quote(
                date(2026, 10, 15),
                "Reinforce (SBI)",
                "On the Acme call, when you asked "
                "what a slipped quarter would cost them, the CFO opened up about the budget.",
            ),
            Quote(
                date(2026, 11, 26),
                "Redirect (SBI)",
                "In the role play you dropped the "
                "price after the first push-back: hold the anchor and ask what is behind it.",
            ),
        ),
        coaching_target=0.6,
    )


def _priya() -> RepReport:
    return RepReport(
        rep="Priya Nair",
        role="Sales Development Rep",
        sessions=(
            SessionEntry(
                date(2026, 9, 10),
                "Weekly 1:1",
                "mixed",
                25,
                "",
                "Sequence reply rate is down; trying shorter first emails.",
            ),
            SessionEntry(
                date(2026, 10, 8),
                "Role play",
                "coaching",
                30,
                "",
                "Cold-call opener: permission-based, under 20 seconds.",
            ),
            SessionEntry(date(2026, 11, 12), "Accountability check-in", "performance", 20, ""),
        ),
        commitments=(
            Commitment(
                "Rewrite the first email of the Q4 sequence",
                date(2026, 9, 17),
                date(2026, 9, 10),
                "kept",
            ),
            Commitment(
                "Make 40 calls with the new opener",
                date(2026, 10, 15),
                date(2026, 10, 8),
                "kept",
                "52 calls",
            ),
            Commitment(
                "Book 6 first meetings",
                date(2026, 11, 19),
                date(2026, 11, 12),
                "missed",
                "Two no-shows",
            ),
        ),
        series=(
            Series(
                "opener",
                "Cold-call opener",
                "rating",
                "",
                (Point(date(2026, 10, 8), 3),),
                target=4,
                low=1,
                high=5,
            ),
            Series(
                "replies",
                "Reply rate",
                "metric",
                "%",
                (
                    Point(date(2026, 9, 10), 6.5),
                    Point(date(2026, 10, 8), 8.0),
                    Point(date(2026, 11, 12), 9.5),
                ),
            ),
        ),
        months=(
            MonthBalance(date(2026, 9, 1), 12.0, 10.0, 3.0, 1),
            MonthBalance(date(2026, 10, 1), 28.0, 0.0, 2.0, 1),
            MonthBalance(date(2026, 11, 1), 0.0, 18.0, 2.0, 1),
        ),
        quotes=(
            Quote(
                date(2026, 10, 8),
                "Reinforce (SBI)",
                "Your opener asked for 20 seconds and kept to it: the prospect stayed on the line.",
            ),
        ),
        coaching_target=0.6,
    )


def rep_view() -> ReportView:
    """Alex Kim's packet for the manager (private parts included: the ratings)."""
    return ReportView(
        title="Alex Kim · review packet",
        manager="Dana Lee",
        start=START,
        end=END,
        include_private=True,
        reps=(_alex(),),
    )


def team_view() -> ReportView:
    """The team's packet: both reps."""
    return ReportView(
        title="Team review packet",
        manager="Dana Lee",
        start=START,
        end=END,
        include_private=False,
        reps=(_alex(), _priya()),
        team=True,
        warnings=("reps/sam-ortiz/2026-10-02-grow.md: line 3: the front matter is not closed",),
    )
