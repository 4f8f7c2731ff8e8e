"""The frameworks' facts cached by the files' signatures: a change is seen, a bad cache rebuilt."""

from __future__ import annotations

import os
import sys

import pytest

from coachcli import framework_cache
from coachcli.home import Home, builtin_dir
from coachcli.prep import framework_facts


def _uncached(home: Home) -> object:
    from coachcli.loader import discover

    return framework_facts(home, [s.framework for s in discover(home) if s.framework])


def test_the_cached_facts_are_the_files_facts(coach_home: Home) -> None:
    first = framework_facts(coach_home)  # reads the files, writes the cache
    assert framework_cache.cache_path(coach_home).is_file()
    again = framework_facts(coach_home)  # from the cache
    assert again == first == _uncached(coach_home)


def test_reading_the_cache_validates_no_file(
    coach_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    framework_facts(coach_home)
    import coachcli.loader

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the framework files were read again")

    monkeypatch.setattr(coachcli.loader, "discover", refuse)
    assert framework_facts(coach_home).available["grow"] == "coaching"


def test_a_changed_added_or_removed_file_is_read_again(coach_home: Home) -> None:
    framework_facts(coach_home)
    folder = coach_home.frameworks_dir
    folder.mkdir(parents=True)
    source = (builtin_dir() / "grow.toml").read_text("utf-8")
    mine = folder / "my-grow.toml"
    mine.write_text(source.replace('id = "grow"', 'id = "my-grow"', 1), "utf-8")
    assert framework_facts(coach_home).available["my-grow"] == "coaching"
    # the same size and a time in the same tick: the inode or time still differ
    mine.write_text(source.replace('id = "grow"', 'id = "my-grew"', 1), "utf-8")
    stat = mine.stat()
    os.utime(mine, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    facts = framework_facts(coach_home)
    assert "my-grew" in facts.available and "my-grow" not in facts.available
    mine.unlink()
    assert "my-grew" not in framework_facts(coach_home).available


@pytest.mark.parametrize("content", ["", "{not json", '{"signature": 1, "facts": []}', "[]"])
def test_a_cache_that_cannot_be_read_is_rebuilt(coach_home: Home, content: str) -> None:
    expected = framework_facts(coach_home)
    framework_cache.cache_path(coach_home).write_text(content, "utf-8")
    assert framework_facts(coach_home) == expected
    assert framework_cache.load(coach_home, framework_cache.signature(coach_home)) is not None


def test_a_cache_of_the_right_signature_but_wrong_shape_is_rebuilt(coach_home: Home) -> None:
    import json

    expected = framework_facts(coach_home)
    path = framework_cache.cache_path(coach_home)
    data = json.loads(path.read_text("utf-8"))
    data["facts"] = {"targets": {"x": "not a target"}}
    path.write_text(json.dumps(data), "utf-8")
    assert framework_facts(coach_home) == expected


@pytest.mark.skipif(sys.platform == "win32", reason="permissions")
def test_a_cache_folder_that_cannot_be_written_is_no_error(
    coach_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(framework_cache, "atomic_write", refuse)
    assert framework_facts(coach_home).available["grow"] == "coaching"
