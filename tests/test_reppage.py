"""The rep's page: its name, its properties and body, its sessions, and renames.

Format-2 notes are written by hand here, as the note format describes them
(``rep: "[[Alex Kim]]"`` in the front matter), so that relinking is tested
on exactly the bytes a person or the writer leaves in a file.
"""

from __future__ import annotations

import stat
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

import coachcli.reppage
from coachcli import reppage
from coachcli.config import set_value
from coachcli.errors import CoachError
from coachcli.fsys import rep_lock
from coachcli.home import Home
from coachcli.index import load_corpus
from coachcli.layout import is_note_name
from coachcli.loader import resolve
from coachcli.reppage import (
    GENERATED,
    is_coach_page,
    link_target,
    list_sessions,
    page_name,
    relink_notes,
    rep_link,
    write_page,
)
from coachcli.reps import add_rep, edit_rep, get_rep, rename_rep, rep_dir

TODAY = date(2026, 11, 27)
HOSTILE = ["../x", "A/B", "李雷", "2026-01-01 Bob", "A#B^C[D]E|F", 'a:b*c?d"e<f>g\\h', "CON"]
TASKS = "```tasks\nnot done\npath includes reps/alex-kim/\nsort by due\n```\n"


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return Home(tmp_path / "home")


def split(text: str) -> tuple[dict[str, Any], str]:
    """A page's properties (parsed as any YAML reader would) and its body."""
    assert text.startswith("---\n")
    front, _, body = text[4:].partition("\n---\n")
    data = yaml.safe_load(front)
    assert isinstance(data, dict)
    return data, body


def format2(rep: str = '"[[Alex Kim]]"', newline: str = "\n", bom: bool = False) -> bytes:
    """A format-2 note as the note format describes it; the body quotes a `rep:` line too."""
    lines = [
        "---",
        "schema: 2",
        "date: 2026-11-27",
        "start: 2026-11-27T10:00",
        f"rep: {rep}",
        "manager: Sam Rivera",
        "framework: grow",
        'framework_version: "1.1"',
        "kind: coaching",
        "minutes: 30",
        "tags:",
        "  - coaching",
        "  - grow",
        "---",
        "",
        "# Alex Kim · GROW coaching conversation · 27 Nov 2026",
        "",
        "## Summary",
        "",
        f"rep: {rep}",
        "",
        "## Action items",
        "",
        "- [ ] Ask the comparison question 📅 2026-12-04 #owner/rep ^ubckxa4",
        "",
    ]
    text = newline.join(lines)
    return (("\ufeff" if bom else "") + text).encode("utf-8")


FORMAT1 = (
    b"---\nschema: 1\nrep: Alex Kim\nrep_slug: alex-kim\nstarted: 2026-10-01T10:00:00+00:00\n"
    b"framework: grow\nkind: coaching\n---\n\n# Alex Kim\n"
)


def relinked(note: bytes, old: str = '"[[Alex Kim]]"', new: str = '"[[Alex Kim-Lee]]"') -> bytes:
    """``note`` with the ``rep:`` line of its front matter (the first one) changed."""
    return note.replace(f"rep: {old}".encode(), f"rep: {new}".encode(), 1)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --------------------------------------------------------------------------- page names and links


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("Alex Kim", "Alex Kim"),
        ("José Núñez", "José Núñez"),
        ("Zoë O'Brien-Smith", "Zoë O'Brien-Smith"),
        ("../x", "-x"),
        ("A/B", "A-B"),
        ("李雷", "李雷"),
        ("2026-01-01 Bob", "Rep 2026-01-01 Bob"),
        ("2026/01/01 Bob", "Rep 2026-01-01 Bob"),
        ("A#B^C[D]E|F", "A-B-C-D-E-F"),
        ('a:b*c?d"e<f>g\\h', "a-b-c-d-e-f-g-h"),
        ("x\x00y\x1bz\x7f", "x-y-z-"),
        (".hidden", "hidden"),
        ("  Alex Jr.  ", "Alex Jr"),
        ("...", "Rep"),
        ("", "Rep"),
        ("CON", "Rep CON"),
        ("nul.txt", "Rep nul.txt"),
    ],
)
def test_page_name(name: str, page: str) -> None:
    assert page_name(name) == page


@pytest.mark.parametrize("name", [*HOSTILE, "...", ".", "\u2028", "李" * 100, "x" * 300, "🙂" * 99])
def test_a_page_name_is_safe_everywhere(name: str) -> None:
    page = page_name(name)
    assert page and page == page.strip() and not page.startswith(".")
    assert not set(page) & set('/\\:*?"<>|#^[]')
    assert all(unicodedata.category(c) not in ("Cc", "Cs", "Zl", "Zp") for c in page)
    assert len(page.encode("utf-8")) <= 200
    assert not is_note_name(page + ".md")  # never read as a session note
    assert page_name(page) == page


def test_rep_link_and_link_target() -> None:
    assert rep_link("Alex Kim") == "[[Alex Kim]]"
    assert rep_link("李雷") == "[[李雷]]"
    assert rep_link("A/B") == "[[A-B|A/B]]"
    assert rep_link("2026-01-01 Bob") == "[[Rep 2026-01-01 Bob|2026-01-01 Bob]]"
    assert rep_link("A#B^C[D]E|F") == "[[A-B-C-D-E-F|A#B^C-D-E-F]]"  # [ ] | would break the link
    for name in [*HOSTILE, "Alex Kim"]:
        assert link_target(rep_link(name)) == page_name(name)
        # as the rep property of a note, quoted: any YAML reader reads the link back
        quoted = '"' + rep_link(name).replace("\\", "\\\\").replace('"', '\\"') + '"'
        assert yaml.safe_load(f"rep: {quoted}") == {"rep": rep_link(name)}
    assert link_target(" [[Alex Kim]] ") == "Alex Kim"
    assert link_target("[[Alex Kim#Sessions|Alex]]") == "Alex Kim"
    for not_a_link in ["Alex Kim", "[[]]", "[Alex Kim]", "[[Alex [Kim]]]", "[[Alex Kim]] and more"]:
        assert link_target(not_a_link) is None


# --------------------------------------------------------------------------- the page


def test_the_page_of_a_new_rep(home: Home) -> None:
    add_rep(home, "Alex Kim", role="Account Executive", start_date=date(2026, 1, 5),
            cadence_days=14, today=TODAY)  # fmt: skip
    page = home.reps_dir / "alex-kim" / "Alex Kim.md"
    assert mode(page) == 0o600
    data, body = split(page.read_text(encoding="utf-8"))
    assert data == {
        "type": "rep",
        "role": "Account Executive",
        "cadence_days": 14,
        "start_date": date(2026, 1, 5),
        "archived": False,
        "tags": ["rep"],
    }
    for key, value in data.items():  # flat: what Obsidian's Properties panel shows
        assert isinstance(value, str | int | bool | date) or (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ), key
    assert body.lstrip().startswith(GENERATED)
    assert "edits made here are replaced" in GENERATED
    assert "\n# Alex Kim\n" in body
    assert "- Role: Account Executive\n" in body
    assert "- In the role since 5 Jan 2026\n" in body
    assert "- A 1:1 every 14 days\n" in body
    assert "## Open action items\n\n" + TASKS in body
    assert body.endswith("## Sessions\n\nNo sessions yet.\n")
    assert is_coach_page(page.read_text(encoding="utf-8"))


def test_the_page_follows_the_profile_and_the_settings(home: Home) -> None:
    add_rep(home, "Alex Kim", today=TODAY)
    page = home.reps_dir / "alex-kim" / "Alex Kim.md"
    data, body = split(page.read_text(encoding="utf-8"))
    assert data == {"type": "rep", "cadence_days": 7, "archived": False, "tags": ["rep"]}
    assert "- A 1:1 every 7 days (your `cadence_days` setting)\n" in body
    assert "Role" not in body and "since" not in body
    set_value(home, "cadence_days", "10")
    edit_rep(home, "Alex Kim", role="SDR #1 *star* [[x]] <b>", archived=True)
    data, body = split(page.read_text(encoding="utf-8"))
    assert (data["role"], data["cadence_days"], data["archived"]) == (
        "SDR #1 *star* [[x]] <b>",
        10,
        True,
    )
    # as typed, not as a tag, emphasis, link or HTML
    assert r"- Role: SDR \#1 \*star\* \[\[x\]\] \<b\>" in body
    assert "- A 1:1 every 10 days (your `cadence_days` setting)\n" in body
    assert "- Archived:" in body
    edit_rep(home, "Alex Kim", cadence_days=1)
    assert "- A 1:1 every day\n" in page.read_text(encoding="utf-8")


def test_sessions_are_linked_newest_first(home: Home) -> None:
    rep = add_rep(home, "Alex Kim", today=TODAY)
    folder = rep_dir(home, rep)
    for name in [
        "2026-11-27-grow.md",
        "2026-11-27-grow-2.md",
        "2026-11-27-grow-10.md",
        "2026-11-27-grow-9.md",
        "2026-03-01-weekly-1on1.md",
        "2025-12-31-no-such-framework.md",
        "ideas.md",  # the manager's own file
        ".2026-12-01-grow.md",  # hidden
        "2026-12-01-grow.md.tmp",
    ]:
        (folder / name).write_text("not read\n")
    (folder / "2026-12-02-grow.md").mkdir()  # a folder, not a note
    write_page(home, rep)
    _, body = split((folder / "Alex Kim.md").read_text(encoding="utf-8"))
    grow, weekly = resolve(home, "grow").name, resolve(home, "weekly-1on1").name
    assert body.split("## Sessions\n\n")[1] == (
        f"- [[2026-11-27-grow-10]] · {grow}\n"
        f"- [[2026-11-27-grow-9]] · {grow}\n"
        f"- [[2026-11-27-grow-2]] · {grow}\n"
        f"- [[2026-11-27-grow]] · {grow}\n"
        f"- [[2026-03-01-weekly-1on1]] · {weekly}\n"
        "- [[2025-12-31-no-such-framework]]\n"
    )
    assert list_sessions(folder)[0] == "2026-11-27-grow-10"
    assert (folder / "ideas.md").read_text() == "not read\n"


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_name_gets_a_page_inside_its_folder(home: Home, name: str) -> None:
    rep = add_rep(home, name, today=TODAY)
    folder = rep_dir(home, rep)
    (page,) = [p for p in folder.iterdir() if p.suffix == ".md"]
    assert page.name == page_name(name) + ".md"
    assert page.parent == folder and folder.parent == home.reps_dir
    data, body = split(page.read_text(encoding="utf-8"))
    assert data["type"] == "rep"
    assert f"path includes reps/{rep.slug}/" in body
    corpus = load_corpus(home)
    assert corpus.notes == [] and corpus.warnings == []  # the page is never read as a note


def test_is_coach_page() -> None:
    page = "---\ntype: rep\ntags: [rep]\n---\n\n" + GENERATED + "\n\n# Alex Kim\n"
    assert is_coach_page(page)
    assert not is_coach_page(page.replace("type: rep", "type: person"))
    assert not is_coach_page(page.replace(GENERATED, "My notes about Alex"))
    assert not is_coach_page(GENERATED + "\n")  # no front matter
    assert not is_coach_page("---\n[broken\n---\n\n" + GENERATED)
    assert not is_coach_page("---\n- type\n---\n\n" + GENERATED)


def test_a_persons_file_is_never_replaced(home: Home) -> None:
    rep = add_rep(home, "Alex Kim", today=TODAY)
    page = rep_dir(home, rep) / "Alex Kim.md"
    mine = b"---\ntype: rep\n---\n\nMy own page about Alex: not coach's.\n"
    page.write_bytes(mine)
    with pytest.raises(CoachError) as caught:
        edit_rep(home, "Alex Kim", role="AE")
    assert caught.value.message.startswith("Alex Kim was updated, but their page was not written: ")
    assert f"{page} was not written by coach" in caught.value.message
    assert "Rename or move that file" in (caught.value.hint or "")
    assert page.read_bytes() == mine
    assert get_rep(home, "Alex Kim").role == "AE"  # the change itself is saved
    page.unlink()
    page.symlink_to(home.root / "elsewhere.md")
    with pytest.raises(CoachError, match="was not written by coach"):
        write_page(home, rep)
    assert page.is_symlink() and not (home.root / "elsewhere.md").exists()


# --------------------------------------------------------------------------- renaming


def test_rename_renames_the_page_and_relinks_format_2_notes(home: Home) -> None:
    rep = add_rep(home, "Alex Kim", role="AE", today=TODAY)
    folder = rep_dir(home, rep)
    files = {
        "2026-11-20-grow.md": format2(),
        "2026-11-27-grow.md": format2(newline="\r\n", bom=True),
        "2026-11-28-grow.md": format2(rep='"[[Alex Kim|Alex]]"'),
        "2026-10-01-grow.md": FORMAT1,  # format 1: rewritten by `coach migrate`, not here
        "2026-11-29-grow.md": format2(rep='"[[Bo Li]]"'),  # links another page: left alone
        "2026-11-30-grow.md": format2(rep="'[[Alex Kim]]' # mine"),
        "ideas.md": b'---\nschema: 2\nrep: "[[Alex Kim]]"\n---\nmy ideas\n',  # not a note
        "Alex's page.md": b"---\ntype: rep\n---\n\nmine\n",  # a person's, despite type: rep
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    renamed = rename_rep(home, "Alex Kim", "Alex Kim-Lee")
    moved = rep_dir(home, renamed)
    assert moved == home.reps_dir / "alex-kim-lee" and not folder.exists()
    changed = {
        "2026-11-20-grow.md": relinked(files["2026-11-20-grow.md"]),
        "2026-11-27-grow.md": relinked(files["2026-11-27-grow.md"]),
        "2026-11-28-grow.md": relinked(files["2026-11-28-grow.md"], '"[[Alex Kim|Alex]]"'),
        "2026-11-30-grow.md": relinked(files["2026-11-30-grow.md"], "'[[Alex Kim]]' # mine"),
    }
    for name, data in files.items():
        expected = changed.get(name, data)
        assert (moved / name).read_bytes() == expected, name
        if name in changed:  # only the front matter's line: the body keeps its own
            assert expected != data and expected.count(b"[[Alex Kim-Lee]]") == 1
            assert mode(moved / name) == 0o600
    assert not (moved / "Alex Kim.md").exists()
    page = moved / "Alex Kim-Lee.md"
    data, body = split(page.read_text(encoding="utf-8"))
    assert data["role"] == "AE" and mode(page) == 0o600
    assert "\n# Alex Kim-Lee\n" in body and "path includes reps/alex-kim-lee/" in body
    assert body.count("- [[2026-") == 6


def test_a_rename_that_keeps_the_folder_renames_the_page_too(home: Home) -> None:
    rep = add_rep(home, "alex kim", today=TODAY)
    folder = rep_dir(home, rep)
    (folder / "2026-11-20-grow.md").write_bytes(format2(rep='"[[alex kim]]"'))
    renamed = rename_rep(home, "alex kim", "Alex  Kim")
    assert renamed.slug == "alex-kim"
    assert (folder / "2026-11-20-grow.md").read_bytes() == relinked(
        format2(rep='"[[alex kim]]"'), '"[[alex kim]]"', '"[[Alex Kim]]"'
    )
    pages = sorted(
        p.name for p in folder.iterdir() if p.suffix == ".md" and not is_note_name(p.name)
    )
    assert pages == ["Alex Kim.md"]


def test_a_rename_to_a_name_that_needs_an_alias(home: Home) -> None:
    rep = add_rep(home, "Alex Kim", today=TODAY)
    (rep_dir(home, rep) / "2026-11-20-grow.md").write_bytes(format2())
    renamed = rename_rep(home, "Alex Kim", 'A/B "Kim"')
    note = rep_dir(home, renamed) / "2026-11-20-grow.md"
    data, _ = split(note.read_text(encoding="utf-8"))
    assert data["rep"] == '[[A-B -Kim-|A/B "Kim"]]'
    assert link_target(data["rep"]) == page_name(renamed.name)
    assert (rep_dir(home, renamed) / "A-B -Kim-.md").exists()
    back = rename_rep(home, renamed.slug, "Alex Kim")
    data, _ = split((rep_dir(home, back) / "2026-11-20-grow.md").read_text(encoding="utf-8"))
    assert data["rep"] == "[[Alex Kim]]"


@pytest.mark.parametrize("new_name", ["Bo Li", "ALEX KIM"])
def test_no_rename_during_a_session(home: Home, new_name: str) -> None:
    rep = add_rep(home, "Alex Kim", today=TODAY)
    folder = rep_dir(home, rep)
    (folder / "2026-11-20-grow.md").write_bytes(format2())
    page = (folder / "Alex Kim.md").read_bytes()
    with rep_lock(folder, rep.name), pytest.raises(CoachError, match="Another session"):
        rename_rep(home, "Alex Kim", new_name)
    assert (folder / "2026-11-20-grow.md").read_bytes() == format2()
    assert (folder / "Alex Kim.md").read_bytes() == page
    assert get_rep(home, "alex-kim") == rep


def test_a_note_that_cannot_be_written_undoes_the_rename(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    rep = add_rep(home, "Alex Kim", today=TODAY)
    (rep_dir(home, rep) / "2026-11-20-grow.md").write_bytes(format2())

    def full(*args: object) -> None:
        raise CoachError("The disk is full.")

    monkeypatch.setattr(reppage, "atomic_write", full)
    with pytest.raises(CoachError, match="The disk is full"):
        rename_rep(home, "Alex Kim", "Bo Li")
    monkeypatch.undo()
    assert get_rep(home, "Alex Kim") == rep
    assert (home.reps_dir / "alex-kim" / "2026-11-20-grow.md").read_bytes() == format2()
    renamed = rename_rep(home, "Alex Kim", "Bo Li")  # run again: done
    note = rep_dir(home, renamed) / "2026-11-20-grow.md"
    assert note.read_bytes() == relinked(format2(), new='"[[Bo Li]]"')


def test_a_page_that_cannot_be_written_says_the_rename_is_done(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_rep(home, "Alex Kim", today=TODAY)

    def full(*args: object) -> None:
        raise CoachError("The disk is full.", hint="Free some space.")

    monkeypatch.setattr(coachcli.reppage, "write_page", full)  # reps imports it when it writes
    with pytest.raises(CoachError) as caught:
        rename_rep(home, "Alex Kim", "Bo Li")
    assert caught.value.message == (
        "Alex Kim was renamed Bo Li, but their page was not written: The disk is full."
    )
    assert get_rep(home, "Bo Li").slug == "bo-li"


def test_relink_leaves_notes_it_is_unsure_of(tmp_path: Path) -> None:
    notes = {
        "2026-01-01-a.md": format2().replace(b"schema: 2\n", b"schema: 2\nrep: x\n"),  # twice
        "2026-01-02-a.md": format2().replace(b'"[[Alex Kim]]"\n', b'"[[Alex\n  Kim]]"\n', 1),
        "2026-01-03-a.md": format2().replace(b"\n---\n\n#", b"\n\n#"),  # never closed
        "2026-01-04-a.md": b"\xff" + format2(),
        "2026-01-05-a.md": format2().replace(b"schema: 2", b"schema: [2"),
        "2026-01-06-a.md": format2().replace(b'rep: "', b'  rep: "', 1),  # not at the top
        "2026-01-07-a.md": format2().replace(b"schema: 2", b'schema: "2"'),
    }
    for name, data in notes.items():
        (tmp_path / name).write_bytes(data)
    assert relink_notes(tmp_path, ["Alex Kim"], "Bo Li") == []
    for name, data in notes.items():
        assert (tmp_path / name).read_bytes() == data, name
