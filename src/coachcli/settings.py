"""The settings as read commands use them: a plain record, checked once per change of the file.

``config.toml`` is checked by :class:`coachcli.config.Config` (pydantic),
which holds every setting's rule and default; :func:`load_settings` keeps
what that check gave, and the warnings a file with mistakes gives, beside
the index (:mod:`coachcli.checked_cache`) while the file is the same, so a
read command imports no validation library. Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from coachcli.checked_cache import file_signature, load, store
from coachcli.home import Home

FILE_NAME = "settings.json"
FORMAT = 1


@dataclass(frozen=True)
class Settings:
    """Every setting's value (the names of :class:`coachcli.config.Config`'s fields)."""

    manager_name: str
    default_framework: str
    cadence_days: int
    coaching_target: float
    pager: str
    sync: dict[str, Any]
    """The ``[sync]`` table as plain values: ``auto``, ``name``."""


def load_settings(home: Home, warnings: list[str]) -> Settings:
    """The settings of ``home`` (defaults without a file); a file's mistakes go to ``warnings``
    and those settings take their defaults, as :func:`coachcli.config.load_config` says."""
    from coachcli import __version__

    expected: list[Any] = [FORMAT, __version__, str(home.config_file),
                           file_signature(home.config_file)]  # fmt: skip
    cached = load(home, expected, FILE_NAME)
    if cached is not None:
        try:
            found = Settings(**cached["values"])
            said = [str(w) for w in cached["warnings"]]
        except (KeyError, TypeError):
            pass  # not what this version keeps: check the file again
        else:
            warnings.extend(said)
            return found
    from coachcli.config import load_config

    said = []
    config = load_config(home, said)
    dumped = config.model_dump()  # plain values (a table as a dict), as the cache keeps them
    values = {f.name: dumped[f.name] for f in fields(Settings)}
    store(home, expected, {"values": values, "warnings": said}, FILE_NAME)
    warnings.extend(said)
    return Settings(**values)
