"""The frameworks' facts cached by the files' signatures: a change is seen, a bad cache rebuilt."""

from __future__ import annotations

import os
import sys
from dataclasses import fields

import pytest

from coachcli import checked_cache
from coachcli.home import Home, builtin_dir
from coachcli.prep import framework_facts


def _uncached(home: Home) -> object:
    from coachcli.loader import discover

    return framework_facts(home, [s.framework for s in discover(home) if s.framework])


def test_the_cached_facts_are_the_files_facts(coach_home: Home) -> None:
    first = framework_facts(coach_home)  # reads the files, writes the cache
    assert checked_cache.cache_path(coach_home).is_file()
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
    checked_cache.cache_path(coach_home).write_text(content, "utf-8")
    assert framework_facts(coach_home) == expected
    assert checked_cache.load(coach_home, checked_cache.signature(coach_home)) is not None


def test_a_cache_of_the_right_signature_but_wrong_shape_is_rebuilt(coach_home: Home) -> None:
    import json

    expected = framework_facts(coach_home)
    path = checked_cache.cache_path(coach_home)
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

    monkeypatch.setattr(checked_cache, "atomic_write", refuse)
    assert framework_facts(coach_home).available["grow"] == "coaching"


# --------------------------------------------------------------------------- profiles, settings


def _settle(path: os.PathLike[str]) -> None:
    """Date a file back a minute: a file changed a moment ago is never trusted by its signature."""
    import time

    old = time.time() - 60
    os.utime(path, (old, old))


def test_a_checked_profile_is_read_from_the_cache_until_the_file_changes(
    coach_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coachcli import rep_profiles, reps

    reps.add_rep(coach_home, "Alex Kim", role="AE")
    profile = coach_home.reps_dir / "alex-kim" / "profile.toml"
    _settle(profile)
    assert reps.get_rep(coach_home, "Alex Kim").role == "AE"  # checked, and kept

    def refuse(path: object) -> None:
        raise AssertionError("the profile was checked again")

    monkeypatch.setattr(rep_profiles, "read_profile", refuse)
    assert reps.get_rep(coach_home, "Alex Kim").role == "AE"
    monkeypatch.undo()

    profile.write_text(profile.read_text("utf-8").replace('role = "AE"', 'role = "SDR"'), "utf-8")
    assert reps.get_rep(coach_home, "Alex Kim").role == "SDR"  # changed: checked again
    profile.write_text(profile.read_text("utf-8").replace('role = "SDR"', "role = 7"), "utf-8")
    _settle(profile)
    listing = reps.list_reps(coach_home)
    assert listing.reps == [] and "role" in listing.warnings[0]  # a broken file is never cached


def test_a_profile_changed_a_moment_ago_is_checked_every_time(coach_home: Home) -> None:
    from coachcli import rep_profiles, reps

    reps.add_rep(coach_home, "Alex Kim", role="AE")  # just written: not kept
    calls: list[object] = []
    original = rep_profiles.read_profile

    def counting(path: object) -> object:
        calls.append(path)
        return original(path)  # type: ignore[arg-type]

    rep_profiles.read_profile = counting  # type: ignore[assignment]
    try:
        reps.list_reps(coach_home)
        reps.list_reps(coach_home)
    finally:
        rep_profiles.read_profile = original
    assert len(calls) == 2


def test_the_settings_are_the_configs_and_their_warnings_come_back(coach_home: Home) -> None:
    from coachcli.config import Config, load_config
    from coachcli.settings import Settings, load_settings

    assert list(Config.model_fields) == [f.name for f in fields(Settings)]
    assert load_settings(coach_home, []) == Settings(**Config().model_dump())
    coach_home.root.mkdir(parents=True, exist_ok=True)
    coach_home.config_file.write_text('manager_name = "Sam"\ncadence_days = 0\n', "utf-8")
    _settle(coach_home.config_file)
    expected: list[str] = []
    config = load_config(coach_home, expected)
    for _ in range(2):  # checked, then from the cache: the same values and the same warning
        said: list[str] = []
        found = load_settings(coach_home, said)
        assert found == Settings(**config.model_dump()) and said == expected
    assert found.manager_name == "Sam" and found.cadence_days == 7 and len(said) == 1
