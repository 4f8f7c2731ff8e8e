"""Reps: names, slugs, folders and profiles; hostile names never leave the home."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
import tomllib
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachcli import reps
from coachcli.errors import CoachError
from coachcli.home import Home
from coachcli.layout import slugify
from coachcli.names import name_key, validate_name
from coachcli.reppage import page_name
from coachcli.reps import (
    NOT_FOUND_HINT,
    Rep,
    RepProfileError,
    add_rep,
    edit_rep,
    find_rep,
    get_rep,
    list_reps,
    rename_rep,
    rep_dir,
)

TODAY = date(2026, 11, 27)
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
RESERVED = (
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return Home(tmp_path / "home")


def short_hash(name: str) -> str:
    return "rep-" + hashlib.sha256(name.encode()).hexdigest()[:8]


# --------------------------------------------------------------------------- slugify


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Alex Kim", "alex-kim"),
        ("José Núñez", "jose-nunez"),
        ("Zoë O'Brien-Smith", "zoe-o-brien-smith"),
        ("  Mary   Ann  ", "mary-ann"),
        ("ÅSA ÖBERG", "asa-oberg"),
        ("François-Xavier", "francois-xavier"),
        ("ﬁona", "fiona"),  # ligature: NFKD gives "fi"
        ("Ｆｕｌｌ Ｗｉｄｔｈ", "full-width"),
        ("Dr. Jane  Doe, Jr.", "dr-jane-doe-jr"),
        ("R2-D2", "r2-d2"),
        ("../x", "x"),
        ("../../etc/passwd", "etc-passwd"),
        ("/etc/x", "etc-x"),
        ("a/b", "a-b"),
        ("a\\b", "a-b"),
        ("-x", "x"),
        ("x-", "x"),
        ("~/x", "x"),
        ("C:\\Windows", "c-windows"),
        ("\u2025/x", "x"),  # TWO DOT LEADER: NFKD gives ".."
        ("\uff0e\uff0e\uff0fx", "x"),  # full-width "../"
        ("CON", "con-rep"),
        ("con", "con-rep"),
        ("Prn", "prn-rep"),
        ("aux", "aux-rep"),
        ("NUL", "nul-rep"),
        ("com1", "com1-rep"),
        ("COM9", "com9-rep"),
        ("lpt1", "lpt1-rep"),
        ("LPT9", "lpt9-rep"),
        ("com¹", "com1-rep"),  # superscript one: NFKD gives "1"
        ("con.txt", "con-txt"),
        ("console", "console"),
        ("com10", "com10"),
        ("a" * 60, "a" * 48),
        (" ".join(["word"] * 20), "-".join(["word"] * 9)),  # cut at a hyphen
        ("a" * 30 + " " + "b" * 30, "a" * 30),
        ("a" * 10 + " " + "b" * 60, "a" * 10 + "-" + "b" * 37),  # no hyphen late enough
        ("a" * 48 + " tail", "a" * 48),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


@pytest.mark.parametrize("name", ["李雷", ".", "..", "...", "---", "", "🙂", "Ω"])
def test_slugify_falls_back_to_a_hash(name: str) -> None:
    assert slugify(name) == short_hash(name)


def test_slug_fallbacks_differ_per_name() -> None:
    assert slugify("李雷") != slugify("韩梅梅")
    assert slugify(".") != slugify("..")


def test_slugify_hashes_the_composed_form() -> None:
    composed = "김민준"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert slugify(decomposed) == slugify(composed) == short_hash(composed)


@given(st.text())
def test_slugify_is_always_a_safe_folder_name(text: str) -> None:
    slug = slugify(text)
    assert SLUG_RE.fullmatch(slug), slug
    assert len(slug) <= 48
    assert slug not in RESERVED
    assert "--" not in slug
    assert not slug.endswith("-")


@given(st.text())
def test_slugify_is_idempotent(text: str) -> None:
    slug = slugify(text)
    assert slugify(slug) == slug


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("José Núñez", "José Núñez"),
        ("李雷", "李雷"),
        ("Zoë O'Brien-Smith", "Zoë O'Brien-Smith"),
        ("  Alex   Kim \n", "Alex Kim"),
        ("Alex\u00a0Kim", "Alex Kim"),  # no-break space
        ("Jose\u0301", "José"),  # stored composed (NFC)
        ("شیرین\u200cدخت", "شیرین\u200cدخت"),  # ZWNJ in a Persian name
        ("क्\u200dष", "क्\u200dष"),  # ZWJ in Devanagari
        ("../x", "../x"),
        ("/etc/x", "/etc/x"),
        ("a/b", "a/b"),
        ("-x", "-x"),
        ("CON", "CON"),
        ("x" * 100, "x" * 100),
        ("a" + " " * 150 + "b", "a b"),  # length counts after collapsing
    ],
)
def test_valid_names(name: str, stored: str) -> None:
    assert validate_name(name) == stored


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "A rep needs a name."),
        ("   ", "A rep needs a name."),
        ("\n\t", "A rep needs a name."),
        ("Alex\nKim", "A rep's name must fit on one line: it contains a line break."),
        ("Alex\r\nKim", "A rep's name must fit on one line: it contains a line break."),
        ("Alex\u2028Kim", "A rep's name must fit on one line: it contains a line break."),
        ("Alex\x85Kim", "A rep's name must fit on one line: it contains a line break."),
        ("Alex\tKim", "A rep's name can't contain a tab."),
        ("Alex\x00Kim", "A rep's name can't contain the invisible character U+0000 (NUL)."),
        ("\x00", "A rep's name can't contain the invisible character U+0000 (NUL)."),
        ("\x1b[31mred", "A rep's name can't contain the invisible character U+001B (ESC)."),
        ("Alex\x7f", "A rep's name can't contain the invisible character U+007F (DEL)."),
        (
            "Alex\u202eKim",
            "A rep's name can't contain the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE).",
        ),
        (
            "Alex\u200bKim",
            "A rep's name can't contain the invisible character U+200B (ZERO WIDTH SPACE).",
        ),
        (
            "\ufeffAlex",
            "A rep's name can't contain the invisible character"
            " U+FEFF (ZERO WIDTH NO-BREAK SPACE).",
        ),
        ("Alex\ud800", "A rep's name can't contain the invisible character U+D800."),
        ("x" * 101, "A rep's name can be at most 100 characters; this one has 101."),
        ("x" * 500, "A rep's name can be at most 100 characters; this one has 500."),
    ],
)
def test_invalid_names_say_why(name: str, message: str) -> None:
    with pytest.raises(CoachError) as caught:
        validate_name(name)
    assert caught.value.message == message
    assert caught.value.hint


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Alex Kim", "alex kim"),
        ("Alex Kim", "  ALEX   KIM "),
        ("José", unicodedata.normalize("NFD", "JOSÉ")),
        ("Straße", "STRASSE"),  # casefold
    ],
)
def test_name_key_matches_the_same_person(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), [("Alex Kim", "Alex Kin"), ("José", "Jose"), ("李雷", "李")])
def test_name_key_tells_different_people_apart(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


# --------------------------------------------------------------------------- hostile names

HOSTILE = [
    "../x",
    "../../etc/passwd",
    "../" * 40,
    "/etc/x",
    "/",
    "a/b",
    "a/../../b",
    "-x",
    "--help",
    ".",
    "..",
    "...",
    ".hidden",
    "~",
    "~/x",
    "$HOME",
    "C:\\Windows\\System32",
    "\\\\server\\share",
    "..\\..\\x",
    "%2e%2e%2f",
    "\u2025",
    "\uff0e\uff0e\uff0fx",
    "CON",
    "con.txt",
    "NUL",
    "COM1",
    "LPT9",
    "profile.toml",
    "x" * 500,
    "a\x00b",
    "\x00",
    "../\x00",
    "a\nb",
    "\u202e../x",
    "*",
    "?",
    "'; rm -rf /",
]


def _files_under(root: Path) -> set[Path]:
    return set(root.rglob("*"))


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_stay_inside_the_reps_folder(tmp_path: Path, name: str) -> None:
    home = Home(tmp_path / "home")
    before = _files_under(tmp_path)
    try:
        rep = add_rep(home, name, today=TODAY)
    except CoachError as exc:
        assert exc.message  # rejected with a reason (NUL, line break, 500 characters...)
        assert _files_under(tmp_path) == before  # nothing written at all
        return
    folder = rep_dir(home, rep)
    assert folder.parent == home.reps_dir
    assert folder.resolve().is_relative_to(home.reps_dir.resolve())
    assert folder.resolve() != home.reps_dir.resolve()
    assert SLUG_RE.fullmatch(rep.slug)
    assert (folder / "profile.toml").is_file()
    created = _files_under(tmp_path) - before
    assert created
    outside = {p for p in created if not p.resolve().is_relative_to(home.reps_dir.resolve())}
    # the home itself and its lock (held while the rep is added); everything else is under reps/
    assert outside == {home.root, home.root / ".lock"}
    assert get_rep(home, name) == rep


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("x" * 500, "A rep's name can be at most 100 characters; this one has 500."),
        ("a\x00b", "A rep's name can't contain the invisible character U+0000 (NUL)."),
        ("../\x00", "A rep's name can't contain the invisible character U+0000 (NUL)."),
    ],
)
def test_hostile_names_that_are_rejected_write_nothing(home: Home, name: str, message: str) -> None:
    with pytest.raises(CoachError) as caught:
        add_rep(home, name, today=TODAY)
    assert caught.value.message == message
    assert not home.root.exists()


@settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=120))
def test_any_name_is_rejected_or_kept_inside_home(name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Home(Path(tmp) / "home")
        try:
            rep = add_rep(home, name, today=TODAY)
        except CoachError as exc:
            assert exc.message
            assert not home.reps_dir.exists() or not any(home.reps_dir.iterdir())
            return
        folder = rep_dir(home, rep)
        assert folder.resolve().parent == home.reps_dir.resolve()
        files = {p for p in Path(tmp).rglob("*") if p.is_file() and p != home.root / ".lock"}
        assert {p.relative_to(folder) for p in files} == {
            Path("profile.toml"),
            Path(page_name(rep.name) + ".md"),  # and the page; outside reps/, the home's lock
        }
        assert find_rep(home, name) == rep
        assert list_reps(home) == ([rep], [])


# --------------------------------------------------------------------------- adding


def test_add_rep_writes_a_private_profile(home: Home) -> None:
    rep = add_rep(
        home, "José Núñez", role="AE", start_date=date(2026, 1, 5), cadence_days=14, today=TODAY
    )
    assert rep == Rep(
        name="José Núñez",
        slug="jose-nunez",
        role="AE",
        start_date=date(2026, 1, 5),
        cadence_days=14,
        created=TODAY,
    )
    folder = home.reps_dir / "jose-nunez"
    assert rep_dir(home, rep) == folder
    profile = folder / "profile.toml"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(profile.stat().st_mode) == 0o600
    text = profile.read_text(encoding="utf-8")
    assert text.startswith("# ")
    data = tomllib.loads(text)
    assert data == {
        "name": "José Núñez",
        "slug": "jose-nunez",
        "role": "AE",
        "start_date": date(2026, 1, 5),
        "cadence_days": 14,
        "created": TODAY,
        "archived": False,
        "notes": "",
    }


def test_add_rep_leaves_out_unset_values(home: Home) -> None:
    add_rep(home, "Alex Kim", today=TODAY)
    data = tomllib.loads((home.reps_dir / "alex-kim" / "profile.toml").read_text())
    assert "start_date" not in data
    assert "cadence_days" not in data
    assert "former_names" not in data


def test_add_rep_defaults_created_to_today(home: Home) -> None:
    assert add_rep(home, "Alex Kim").created == date.today()


@pytest.mark.parametrize("same", ["Alex Kim", "alex kim", "  ALEX   KIM  ", "Alex\u00a0Kim"])
def test_add_rep_refuses_a_name_that_exists(home: Home, same: str) -> None:
    add_rep(home, "Alex Kim", today=TODAY)
    with pytest.raises(CoachError) as caught:
        add_rep(home, same, today=TODAY)
    assert caught.value.message == "There is already a rep named 'Alex Kim'."
    assert "coach start alex-kim" in (caught.value.hint or "")
    assert [p.name for p in home.reps_dir.iterdir()] == ["alex-kim"]


def test_add_rep_refuses_the_same_name_in_another_normal_form(home: Home) -> None:
    add_rep(home, "José", today=TODAY)
    with pytest.raises(CoachError, match="already a rep named"):
        add_rep(home, unicodedata.normalize("NFD", "José"), today=TODAY)


def test_names_that_slug_alike_get_numbered_folders(home: Home) -> None:
    first = add_rep(home, "José Núñez", today=TODAY)
    second = add_rep(home, "Jose Nunez", today=TODAY)
    third = add_rep(home, "JOSE-NUNEZ", today=TODAY)
    assert (first.slug, second.slug, third.slug) == ("jose-nunez", "jose-nunez-2", "jose-nunez-3")
    assert {p.name for p in home.reps_dir.iterdir()} == {first.slug, second.slug, third.slug}
    assert get_rep(home, "jose nunez") == second


def test_numbered_slugs_stay_within_48_characters(home: Home) -> None:
    long_a = "a" * 48 + " One"
    long_b = "a" * 48 + " Two"
    first = add_rep(home, long_a, today=TODAY)
    second = add_rep(home, long_b, today=TODAY)
    assert first.slug == "a" * 48
    assert second.slug == "a" * 46 + "-2"


def test_a_stray_file_with_the_slug_name_is_not_overwritten(home: Home) -> None:
    home.reps_dir.mkdir(parents=True)
    (home.reps_dir / "alex-kim").write_text("not a folder")
    rep = add_rep(home, "Alex Kim", today=TODAY)
    assert rep.slug == "alex-kim-2"
    assert (home.reps_dir / "alex-kim").read_text() == "not a folder"


def test_reps_whose_names_have_no_latin_letters_get_hashed_slugs(home: Home) -> None:
    li = add_rep(home, "李雷", today=TODAY)
    han = add_rep(home, "韩梅梅", today=TODAY)
    assert li.slug == short_hash("李雷")
    assert han.slug == short_hash("韩梅梅")
    assert get_rep(home, "李雷") == li


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"cadence_days": 0}, "Bad cadence_days '0': expected greater than or equal to 1."),
        ({"cadence_days": 400}, "Bad cadence_days '400': expected less than or equal to 365."),
        ({"role": "AE\nSDR"}, "Bad role 'AE\\nSDR': a role must fit on one line"),
        ({"role": "x" * 101}, "Bad role"),
    ],
)
def test_add_rep_validates_its_values_before_creating_anything(
    home: Home, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(CoachError) as caught:
        add_rep(home, "Alex Kim", today=TODAY, **changes)  # type: ignore[arg-type]
    assert caught.value.message.startswith(message)
    assert not home.reps_dir.exists()


def test_a_failed_profile_write_removes_the_new_folder(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object) -> None:
        raise CoachError("The disk is full.")

    monkeypatch.setattr(reps, "_save", fail)
    with pytest.raises(CoachError, match="disk is full"):
        add_rep(home, "Alex Kim", today=TODAY)
    assert list(home.reps_dir.iterdir()) == []


# --------------------------------------------------------------------------- listing


def _write_profile(home: Home, slug: str, text: str) -> Path:
    folder = home.reps_dir / slug
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "profile.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_list_reps_of_a_new_home_is_empty(home: Home) -> None:
    assert list_reps(home) == ([], [])
    assert not home.root.exists()  # listing writes nothing


def test_list_reps_sorts_by_name_ignoring_case(home: Home) -> None:
    for name in ["zoë", "Bob", "alex", "Émile", "Ana"]:
        add_rep(home, name, today=TODAY)
    listing = list_reps(home)
    assert [r.name for r in listing.reps] == ["alex", "Ana", "Bob", "zoë", "Émile"]
    assert listing.warnings == []


def test_list_reps_includes_archived_reps(home: Home) -> None:
    add_rep(home, "Alex Kim", today=TODAY)
    edit_rep(home, "Alex Kim", archived=True)
    [rep] = list_reps(home).reps
    assert rep.archived is True


def test_a_broken_profile_is_skipped_with_a_warning_naming_the_file(home: Home) -> None:
    add_rep(home, "Alex Kim", today=TODAY)
    broken = _write_profile(
        home, "bo-li", 'name = "Bo Li"\ncreated = 2026-01-01\ncadence_days = "often"\n'
    )
    listing = list_reps(home)
    assert [r.name for r in listing.reps] == ["Alex Kim"]
    [warning] = listing.warnings
    assert warning.startswith(f"{broken}: line 3, cadence_days: ")
    assert warning.endswith("(rep 'bo-li' skipped)")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'name = "Bo"\ncreated = 2026-01-01\ncadense_days = 7\n',
            "line 3, cadense_days: unknown key 'cadense_days'; did you mean 'cadence_days'?",
        ),
        ('name = "Bo"\n', "the key 'created' is required here"),
        ('name = "Bo\ncreated = 2026-01-01\n', "line 1"),
        ('name = ""\ncreated = 2026-01-01\n', "line 1, name: A rep needs a name."),
        ('name = "Bo"\ncreated = 2026-02-30\n', "line 2"),
        ('name = "Bo"\nslug = "../x"\ncreated = 2026-01-01\n', "line 2, slug: "),
        (
            'name = "Bo\\u0000"\ncreated = 2026-01-01\n',
            "name: A rep's name can't contain the invisible character U+0000 (NUL).",
        ),
        (
            'name = "Bo"\ncreated = 2026-01-01\nquota = -5\n',
            "line 3, quota: must be at least 0.0, got -5",
        ),
        (
            'name = "Bo"\ncreated = 2026-01-01\nquota = inf\n',
            "line 3, quota: expected a finite number, got inf",
        ),
        (
            'name = "Bo"\ncreated = 2026-01-01\nquota = nan\n',
            "line 3, quota: expected a finite number, got nan",
        ),
        ('name = "Bo"\nid = "Alex Kim"\ncreated = 2026-01-01\n', "line 2, id: "),
        ('name = "Bo"\nid = 7\ncreated = 2026-01-01\n', "line 2, id: "),
        (
            'name = "Bo"\ncreated = 2026-01-01\nquota = "lots"\n',
            "line 3, quota: expected a number (without quotes)",
        ),
    ],
)
def test_hand_broken_profiles_give_located_errors(home: Home, text: str, expected: str) -> None:
    path = _write_profile(home, "bo", text)
    with pytest.raises(RepProfileError) as caught:
        get_rep(home, "bo")
    assert caught.value.path == path
    assert expected in str(caught.value)
    [warning] = list_reps(home).warnings
    assert warning.startswith(str(path))


def test_a_profile_in_a_renamed_folder_takes_the_folder_name(home: Home) -> None:
    add_rep(home, "Alex Kim", today=TODAY)
    (home.reps_dir / "alex-kim").rename(home.reps_dir / "alex")
    [rep] = list_reps(home).reps
    assert rep.slug == "alex"
    assert rep_dir(home, rep) == home.reps_dir / "alex"
    assert get_rep(home, "alex") == rep


def test_a_folder_without_a_profile_is_a_rep_named_after_it(home: Home) -> None:
    folder = home.reps_dir / "alex-kim"
    folder.mkdir(parents=True)
    (folder / "2026-11-20-grow.md").write_text("---\nrep: Alex Kim\n---\n")
    stamp = date(2026, 3, 4)
    ts = float(__import__("datetime").datetime(stamp.year, stamp.month, stamp.day, 12).timestamp())
    os.utime(folder, (ts, ts))
    listing = list_reps(home)
    assert listing.warnings == []
    [rep] = listing.reps
    assert (rep.name, rep.slug, rep.created) == ("Alex Kim", "alex-kim", stamp)
    assert not (folder / "profile.toml").exists()  # listing writes nothing
    assert get_rep(home, "alex-kim") == rep
    assert get_rep(home, "alex kim") == rep


def test_editing_a_rep_without_a_profile_writes_one(home: Home) -> None:
    (home.reps_dir / "alex-kim").mkdir(parents=True)
    edit_rep(home, "alex-kim", role="AE")
    data = tomllib.loads((home.reps_dir / "alex-kim" / "profile.toml").read_text())
    assert (data["name"], data["role"]) == ("Alex Kim", "AE")


def test_a_folder_whose_name_is_not_a_slug_is_reported(home: Home) -> None:
    add_rep(home, "Bo Li", today=TODAY)
    (home.reps_dir / "Alex Kim").mkdir()
    listing = list_reps(home)
    assert [r.name for r in listing.reps] == ["Bo Li"]
    [warning] = listing.warnings
    assert str(home.reps_dir / "Alex Kim") in warning
    assert "rename the folder to 'alex-kim'" in warning


def test_hidden_entries_and_files_in_the_reps_folder_are_ignored(home: Home) -> None:
    add_rep(home, "Bo Li", today=TODAY)
    (home.reps_dir / ".trash").mkdir()
    (home.reps_dir / ".DS_Store").write_text("")
    (home.reps_dir / "README.md").write_text("my reps")
    assert [r.name for r in list_reps(home).reps] == ["Bo Li"]
    assert list_reps(home).warnings == []


# --------------------------------------------------------------------------- finding


@pytest.mark.parametrize(
    "ref",
    [
        "Zoë O'Brien-Smith",
        "zoë o'brien-smith",
        "ZOË O'BRIEN-SMITH",
        "  Zoë   O'Brien-Smith ",
        unicodedata.normalize("NFD", "Zoë O'Brien-Smith"),
        "zoe-o-brien-smith",
        " zoe-o-brien-smith ",
    ],
)
def test_find_rep_by_name_or_slug(home: Home, ref: str) -> None:
    add_rep(home, "Bo Li", today=TODAY)
    rep = add_rep(home, "Zoë O'Brien-Smith", today=TODAY)
    assert find_rep(home, ref) == rep


@pytest.mark.parametrize(
    "ref", ["Zoe O'Brien-Smith", "ZOE-O-BRIEN-SMITH", "zoe", "", "   ", "../zoe-o-brien-smith"]
)
def test_find_rep_does_not_guess(home: Home, ref: str) -> None:
    add_rep(home, "Zoë O'Brien-Smith", today=TODAY)
    assert find_rep(home, ref) is None


def test_a_display_name_wins_over_another_reps_slug(home: Home) -> None:
    alex = add_rep(home, "Alex Kim", today=TODAY)
    literal = add_rep(home, "alex-kim", today=TODAY)
    assert literal.slug == "alex-kim-2"
    assert find_rep(home, "alex-kim") == literal
    assert find_rep(home, "Alex Kim") == alex
    assert find_rep(home, "alex-kim-2") == literal


def test_two_profiles_with_one_name_are_ambiguous(home: Home) -> None:
    _write_profile(home, "alex", 'name = "Alex Kim"\ncreated = 2026-01-01\n')
    _write_profile(home, "alex-k", 'name = "alex kim"\ncreated = 2026-01-01\n')
    with pytest.raises(CoachError) as caught:
        get_rep(home, "Alex Kim")
    assert caught.value.message == "2 reps are named 'Alex Kim' (folders alex, alex-k)."
    assert "coach start alex" in (caught.value.hint or "")
    assert get_rep(home, "alex-k").slug == "alex-k"


def test_get_rep_suggests_the_closest_name(home: Home) -> None:
    add_rep(home, "Alex Kim", today=TODAY)
    add_rep(home, "Bo Li", today=TODAY)
    with pytest.raises(CoachError) as caught:
        get_rep(home, "Alx Kim")
    assert caught.value.message == "No rep named 'Alx Kim'. Did you mean 'Alex Kim'?"
    assert caught.value.hint == NOT_FOUND_HINT
    assert NOT_FOUND_HINT == "`coach rep list` shows your reps; `coach start NAME` creates one"


def test_get_rep_suggests_the_reps_a_prefix_begins(home: Home) -> None:
    add_rep(home, "Alex Kim", today=TODAY)
    add_rep(home, "Alan Wu", today=TODAY)
    add_rep(home, "Bo Kim-Lee", today=TODAY)
    for typed, said in [
        ("al", "Did you mean 'Alan Wu' or 'Alex Kim'?"),
        ("kim", "Did you mean 'Alex Kim' or 'Bo Kim-Lee'?"),
        ("lee", "Did you mean 'Bo Kim-Lee'?"),
        ("ALEX", "Did you mean 'Alex Kim'?"),
    ]:
        with pytest.raises(CoachError) as caught:
            get_rep(home, typed)
        assert caught.value.message == f"No rep named {typed!r}. {said}"


def test_names_begun_match_the_start_of_a_name_or_of_a_word() -> None:
    from coachcli.names import names_begun

    names = ["Alex Kim-Lee", "Alan Wu", "José Núñez", "Bo Li"]
    assert names_begun("al", names) == ["Alan Wu", "Alex Kim-Lee"]
    assert names_begun("  ALEX  k", names) == ["Alex Kim-Lee"]
    assert names_begun("núñ", names) == ["José Núñez"]
    assert names_begun("li", names) == ["Bo Li"]
    assert names_begun("", names) == names_begun("   ", names) == []
    assert names_begun("zed", names) == []


def test_get_rep_suggests_by_slug_too(home: Home) -> None:
    add_rep(home, "José Núñez", today=TODAY)
    with pytest.raises(CoachError, match=r"Did you mean 'José Núñez'\?"):
        get_rep(home, "jose-nunes")


def test_get_rep_without_a_close_name_says_so(home: Home) -> None:
    add_rep(home, "Alex Kim", today=TODAY)
    with pytest.raises(CoachError) as caught:
        get_rep(home, "Zed")
    assert caught.value.message == "No rep named 'Zed'."


def test_get_rep_in_an_empty_home(home: Home) -> None:
    with pytest.raises(CoachError) as caught:
        get_rep(home, "Alex Kim")
    assert caught.value.message == "No rep named 'Alex Kim'."
    assert caught.value.hint == NOT_FOUND_HINT


def test_get_rep_quotes_odd_references_safely(home: Home) -> None:
    with pytest.raises(CoachError) as caught:
        get_rep(home, "a\x1b[31mb" + "x" * 100)
    assert "\x1b" not in caught.value.message
    assert len(caught.value.message) < 100


# --------------------------------------------------------------------------- editing


def test_edit_rep_changes_and_saves(home: Home) -> None:
    add_rep(home, "Alex Kim", today=TODAY)
    edited = edit_rep(
        home,
        "alex kim",
        role=" Account Executive ",
        start_date="2026-01-05",
        cadence_days=14,
        notes="Prefers mornings.\nWorking on discovery.",
    )
    assert edited.role == "Account Executive"
    assert edited.start_date == date(2026, 1, 5)
    assert edited.cadence_days == 14
    assert get_rep(home, "Alex Kim") == edited  # read back from disk
    edited = edit_rep(home, "alex-kim", cadence_days=None, archived=True)
    assert (edited.cadence_days, edited.archived) == (None, True)
    assert get_rep(home, "alex-kim").cadence_days is None
    assert get_rep(home, "alex-kim").notes == "Prefers mornings.\nWorking on discovery."


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"cadence_days": 0}, "Bad cadence_days '0': expected greater than or equal to 1."),
        ({"cadence_days": "often"}, "Bad cadence_days 'often': expected a valid integer"),
        ({"start_date": "2026-02-30"}, "Bad start_date '2026-02-30': expected a valid date"),
        ({"archived": "maybe"}, "Bad archived 'maybe': expected a valid boolean"),
        ({"cadense_days": 7}, "A rep has no field 'cadense_days'. Did you mean 'cadence_days'?"),
        ({"slug": "x"}, "A rep has no field 'slug'."),
        ({"name": "Bo"}, "A rep's name is changed by renaming"),
    ],
)
def test_edit_rep_rejects_bad_changes(home: Home, changes: dict[str, object], message: str) -> None:
    rep = add_rep(home, "Alex Kim", today=TODAY)
    before = (home.reps_dir / "alex-kim" / "profile.toml").read_bytes()
    with pytest.raises(CoachError) as caught:
        edit_rep(home, "Alex Kim", **changes)
    assert caught.value.message.startswith(message)
    assert (home.reps_dir / "alex-kim" / "profile.toml").read_bytes() == before
    assert get_rep(home, "Alex Kim") == rep


def test_edit_rep_of_an_unknown_rep(home: Home) -> None:
    with pytest.raises(CoachError, match="No rep named 'Nobody'"):
        edit_rep(home, "Nobody", role="AE")


# --------------------------------------------------------------------------- renaming


def test_rename_moves_the_folder_with_its_notes(home: Home) -> None:
    rep = add_rep(home, "Alex Kim", role="AE", today=TODAY)
    note = home.reps_dir / "alex-kim" / "2026-11-20-grow.md"
    note.write_text("---\nrep: Alex Kim\n---\nbody\n")
    renamed = rename_rep(home, "Alex Kim", "Alexandra Kim-Park")
    assert renamed.slug == "alexandra-kim-park"
    assert renamed.name == "Alexandra Kim-Park"
    assert renamed.former_names == ["Alex Kim"]
    assert (renamed.role, renamed.created) == (rep.role, rep.created)
    assert not (home.reps_dir / "alex-kim").exists()
    moved = home.reps_dir / "alexandra-kim-park"
    assert (moved / "2026-11-20-grow.md").read_text() == "---\nrep: Alex Kim\n---\nbody\n"
    data = tomllib.loads((moved / "profile.toml").read_text())
    assert (data["name"], data["slug"], data["former_names"]) == (
        "Alexandra Kim-Park",
        "alexandra-kim-park",
        ["Alex Kim"],
    )
    assert get_rep(home, "Alexandra Kim-Park") == renamed
    assert get_rep(home, "alex kim") == renamed  # the old name still finds them


def test_a_rename_keeps_the_reps_id(home: Home) -> None:
    rep = add_rep(home, "Alex Kim", today=TODAY)
    assert (rep.id, rep.identity) == ("", "alex-kim")
    assert "id" not in tomllib.loads((home.reps_dir / "alex-kim" / "profile.toml").read_text())
    assert rename_rep(home, "Alex Kim", "alex  kim").identity == "alex-kim"  # the same folder
    assert "id" not in tomllib.loads((home.reps_dir / "alex-kim" / "profile.toml").read_text())
    renamed = rename_rep(home, "alex kim", "Alex Kim-Lee")
    assert (renamed.slug, renamed.id, renamed.identity) == ("alex-kim-lee", "alex-kim", "alex-kim")
    text = (home.reps_dir / "alex-kim-lee" / "profile.toml").read_text()
    assert "# `id`, when there is one, names the rep for good" in text
    assert tomllib.loads(text)["id"] == "alex-kim"
    assert get_rep(home, "Alex Kim-Lee") == renamed  # read back (through the checked cache too)
    assert get_rep(home, "Alex Kim-Lee") == renamed
    again = rename_rep(home, "Alex Kim-Lee", "Alexandra Lee")
    assert (again.slug, again.identity) == ("alexandra-lee", "alex-kim")
    edited = edit_rep(home, "Alexandra Lee", role="AE")
    assert edited.identity == "alex-kim"
    back = rename_rep(home, "Alexandra Lee", "Alex Kim")  # into the folder the id names
    assert (back.slug, back.identity) == ("alex-kim", "alex-kim")
    assert "id" not in tomllib.loads((home.reps_dir / "alex-kim" / "profile.toml").read_text())


def test_a_new_rep_never_takes_a_renamed_reps_id(home: Home) -> None:
    add_rep(home, "Alex Kim", today=TODAY)
    rename_rep(home, "Alex Kim", "Alex Kim-Lee")
    add_rep(home, "Alex Kim-2", today=TODAY)  # takes the id alex-kim-2 while it is free
    new = add_rep(home, "Alex Kim", today=TODAY)
    assert (new.slug, new.identity) == ("alex-kim", "alex-kim-3")
    assert tomllib.loads((home.reps_dir / "alex-kim" / "profile.toml").read_text())["id"] == (
        "alex-kim-3"
    )
    ids = [rep.identity for rep in list_reps(home).reps]
    assert sorted(ids) == ["alex-kim", "alex-kim-2", "alex-kim-3"]


def test_rename_to_a_taken_name_is_refused(home: Home) -> None:
    add_rep(home, "Alex Kim", today=TODAY)
    add_rep(home, "Bo Li", today=TODAY)
    with pytest.raises(CoachError) as caught:
        rename_rep(home, "Alex Kim", "bo li")
    assert caught.value.message == "There is already a rep named 'Bo Li'."
    assert {p.name for p in home.reps_dir.iterdir()} == {"alex-kim", "bo-li"}


def test_rename_to_a_name_whose_slug_is_taken_gets_a_number(home: Home) -> None:
    add_rep(home, "Bo Li", today=TODAY)
    add_rep(home, "Alex Kim", today=TODAY)
    renamed = rename_rep(home, "Alex Kim", "Bö Li")
    assert renamed.slug == "bo-li-2"
    assert {p.name for p in home.reps_dir.iterdir()} == {"bo-li", "bo-li-2"}


def test_a_change_of_case_keeps_the_folder(home: Home) -> None:
    add_rep(home, "alex kim", today=TODAY)
    renamed = rename_rep(home, "alex kim", "Alex  Kim")
    assert (renamed.name, renamed.slug, renamed.former_names) == ("Alex Kim", "alex-kim", [])
    assert get_rep(home, "alex-kim").name == "Alex Kim"


def test_a_numbered_rep_keeps_its_folder_when_the_slug_would_not_change(home: Home) -> None:
    add_rep(home, "Jose Nunez", today=TODAY)
    add_rep(home, "José Núñez", today=TODAY)
    renamed = rename_rep(home, "José Núñez", "Jose Núñez")
    assert renamed.slug == "jose-nunez-2"
    assert renamed.former_names == ["José Núñez"]


def test_rename_to_the_same_name_changes_nothing(home: Home) -> None:
    rep = add_rep(home, "Alex Kim", today=TODAY)
    before = (home.reps_dir / "alex-kim" / "profile.toml").stat().st_mtime_ns
    assert rename_rep(home, "alex-kim", " Alex Kim ") == rep
    assert (home.reps_dir / "alex-kim" / "profile.toml").stat().st_mtime_ns == before


def test_renaming_back_keeps_one_former_name(home: Home) -> None:
    add_rep(home, "Alex Kim", today=TODAY)
    rename_rep(home, "Alex Kim", "Alex Park")
    back = rename_rep(home, "Alex Park", "Alex Kim")
    assert (back.slug, back.former_names) == ("alex-kim", ["Alex Park"])


@pytest.mark.parametrize("bad", ["", "a\nb", "x" * 101])
def test_rename_validates_the_new_name(home: Home, bad: str) -> None:
    add_rep(home, "Alex Kim", today=TODAY)
    with pytest.raises(CoachError):
        rename_rep(home, "Alex Kim", bad)
    assert [p.name for p in home.reps_dir.iterdir()] == ["alex-kim"]


def test_rename_to_a_hostile_name_stays_inside(home: Home) -> None:
    add_rep(home, "Alex Kim", today=TODAY)
    renamed = rename_rep(home, "Alex Kim", "../../../etc/passwd")
    assert renamed.slug == "etc-passwd"
    assert rep_dir(home, renamed).resolve().parent == home.reps_dir.resolve()
    assert get_rep(home, "../../../etc/passwd") == renamed


def test_a_failed_rename_moves_the_folder_back(home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    rep = add_rep(home, "Alex Kim", today=TODAY)
    (home.reps_dir / "alex-kim" / "note.md").write_text("keep me")

    def fail(*args: object) -> None:
        raise CoachError("The disk is full.")

    monkeypatch.setattr(reps, "_save", fail)
    with pytest.raises(CoachError, match="disk is full"):
        rename_rep(home, "Alex Kim", "Bo Li")
    monkeypatch.undo()
    assert [p.name for p in home.reps_dir.iterdir()] == ["alex-kim"]
    assert (home.reps_dir / "alex-kim" / "note.md").read_text() == "keep me"
    assert get_rep(home, "Alex Kim") == rep


def test_a_rep_in_a_session_cannot_be_renamed(home: Home) -> None:
    from coachcli.fsys import rep_lock

    add_rep(home, "Alex Kim", today=TODAY)
    with rep_lock(home.reps_dir / "alex-kim", "Alex Kim"), pytest.raises(CoachError) as caught:
        rename_rep(home, "Alex Kim", "Bo Li")
    assert caught.value.message.startswith("Another session with Alex Kim is in progress")
    assert [p.name for p in home.reps_dir.iterdir()] == ["alex-kim"]
    assert rename_rep(home, "Alex Kim", "Bo Li").slug == "bo-li"  # once the session ends


def test_a_rename_interrupted_after_the_move_still_loads(home: Home) -> None:
    """A crash between moving the folder and rewriting the profile loses nothing."""
    add_rep(home, "Alex Kim", today=TODAY)
    (home.reps_dir / "alex-kim").rename(home.reps_dir / "bo-li")
    rep = get_rep(home, "Alex Kim")
    assert rep.slug == "bo-li"
    assert rename_rep(home, "Alex Kim", "Bo Li").slug == "bo-li"


# --------------------------------------------------------------------------- rep_dir


@pytest.mark.parametrize("slug", ["../x", "..", ".", "", "a/b", "-x", "A"])
def test_rep_dir_refuses_an_unsafe_slug(home: Home, slug: str) -> None:
    rep = Rep(name="x", slug=slug, created=TODAY)
    with pytest.raises(CoachError, match="not a valid rep folder name"):
        rep_dir(home, rep)


@pytest.mark.parametrize("slug", ["../x", ".hidden", "A", "a/b", "x" * 101])
def test_the_model_refuses_an_unsafe_slug(slug: str) -> None:
    from coachcli.rep_profiles import RepProfile

    with pytest.raises(ValueError):
        RepProfile(name="x", slug=slug, created=TODAY)


def test_read_commands_take_a_name_begun_when_only_one_rep_has_it(coach_home: Home) -> None:
    from typer.testing import CliRunner

    from coachcli.cli import app

    reps.add_rep(coach_home, "Alex Kim", today=date(2026, 11, 1))
    reps.add_rep(coach_home, "Priya Shah", today=date(2026, 11, 1))
    reps.add_rep(coach_home, "Priyanka Rao", today=date(2026, 11, 1))
    assert reps.get_rep(coach_home, "alex", begun=True).name == "Alex Kim"
    assert reps.get_rep(coach_home, "kim", begun=True).name == "Alex Kim"
    with pytest.raises(CoachError, match="Did you mean 'Priya Shah' or 'Priyanka Rao'"):
        reps.get_rep(coach_home, "pri", begun=True)  # two names begin so: which?
    with pytest.raises(CoachError, match="No rep named 'alex'"):
        reps.get_rep(coach_home, "alex")  # a command that changes a rep wants the name
    result = CliRunner().invoke(app, ["history", "alex"])
    assert result.exit_code == 0 and "Alex Kim" in result.stdout
